// moodycamel::BlockingConcurrentQueue (Debian's libconcurrentqueue-dev): an
// unbounded MPMC queue with a blocking dequeue. No capacity, no rendezvous,
// no select: the unbounded family's plain workloads only.
#ifndef FEARLESS_BENCH_CHANNELS_IMPL_MOODYCAMEL_HPP
#define FEARLESS_BENCH_CHANNELS_IMPL_MOODYCAMEL_HPP

#include "workloads.hpp"

#include <concurrentqueue/blockingconcurrentqueue.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace bench {

struct moodycamel_impl {
  static constexpr const char* name = "cpp-moodycamel";

  struct channel {
    std::unique_ptr<moodycamel::BlockingConcurrentQueue<std::uint64_t>> q =
        std::make_unique<moodycamel::BlockingConcurrentQueue<std::uint64_t>>();

    void send(std::uint64_t v) { q->enqueue(v); }
    std::uint64_t recv() {
      std::uint64_t v = 0;
      q->wait_dequeue(v);
      return v;
    }
  };

  static bool supports(family f, workload w) {
    return f == family::unbounded && w != workload::select_rx && w != workload::select_both;
  }

  static channel make(family, std::uint64_t) { return {}; }
  static void select_send(std::vector<channel>&, std::uint64_t) {}
  static std::uint64_t select_recv(std::vector<channel>&) { return 0; }
};

}  // namespace bench

#endif  // FEARLESS_BENCH_CHANNELS_IMPL_MOODYCAMEL_HPP
