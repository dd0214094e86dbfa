// The baseline: std::mutex and std::shared_mutex next to the data they guard,
// the data reachable without them (nothing but discipline ties them).
#ifndef FEARLESS_BENCH_SYNC_IMPL_STD_HPP
#define FEARLESS_BENCH_SYNC_IMPL_STD_HPP

#include "workloads.hpp"

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <shared_mutex>

namespace bench {

struct std_impl {
  static constexpr const char* name = "cpp-std";

  class counter {
  public:
    void increment() {
      std::lock_guard lock(mutex_);
      ++count_.value;
    }
    std::uint64_t value() {
      std::lock_guard lock(mutex_);
      return count_.value;
    }

  private:
    std::mutex mutex_;
    count count_;  // guarded by mutex_
  };

  class table {
  public:
    std::uint64_t sum() const {
      std::shared_lock lock(mutex_);
      std::uint64_t total = 0;
      for (std::uint64_t v : slots_)
        total += v;
      return total;
    }
    void add(std::size_t slot) {
      std::lock_guard lock(mutex_);
      ++slots_[slot];
    }

  private:
    mutable std::shared_mutex mutex_;
    slots slots_{};  // guarded by mutex_
  };
};

}  // namespace bench

#endif  // FEARLESS_BENCH_SYNC_IMPL_STD_HPP
