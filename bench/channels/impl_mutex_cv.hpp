// The naive baseline: a std::deque guarded by one mutex and two condition
// variables, bounded (capacity >= 1) or unbounded. No rendezvous, no select.
#ifndef FEARLESS_BENCH_CHANNELS_IMPL_MUTEX_CV_HPP
#define FEARLESS_BENCH_CHANNELS_IMPL_MUTEX_CV_HPP

#include "workloads.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace bench {

struct mutex_cv_impl {
  static constexpr const char* name = "cpp-mutex-cv";

  struct queue {
    std::mutex mutex;
    std::condition_variable not_empty;
    std::condition_variable not_full;
    std::deque<std::uint64_t> items;
    std::size_t capacity = 0;  // 0: unbounded
  };

  struct channel {
    std::unique_ptr<queue> q = std::make_unique<queue>();

    void send(std::uint64_t v) {
      std::unique_lock lock(q->mutex);
      q->not_full.wait(lock, [&] { return q->capacity == 0 || q->items.size() < q->capacity; });
      q->items.push_back(v);
      lock.unlock();
      q->not_empty.notify_one();
    }
    std::uint64_t recv() {
      std::unique_lock lock(q->mutex);
      q->not_empty.wait(lock, [&] { return !q->items.empty(); });
      std::uint64_t v = q->items.front();
      q->items.pop_front();
      lock.unlock();
      q->not_full.notify_one();
      return v;
    }
  };

  static bool supports(family f, workload w) {
    return f != family::bounded0 && w != workload::select_rx && w != workload::select_both;
  }

  static channel make(family f, std::uint64_t messages) {
    channel c;
    c.q->capacity = f == family::unbounded ? 0 : f == family::bounded1 ? 1 : messages;
    return c;
  }

  static void select_send(std::vector<channel>&, std::uint64_t) {}
  static std::uint64_t select_recv(std::vector<channel>&) { return 0; }
};

}  // namespace bench

#endif  // FEARLESS_BENCH_CHANNELS_IMPL_MUTEX_CV_HPP
