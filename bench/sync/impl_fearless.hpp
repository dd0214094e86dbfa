// The benchmark adapter for fearless's data-owning locks: fearless::mutex<T>
// and fearless::rw_lock<T>, reached only through their guards.
#ifndef FEARLESS_BENCH_SYNC_IMPL_FEARLESS_HPP
#define FEARLESS_BENCH_SYNC_IMPL_FEARLESS_HPP

#include "workloads.hpp"

#include <fearless/sync/mutex.hpp>
#include <fearless/sync/rw_lock.hpp>

#include <cstddef>
#include <cstdint>

namespace bench {

struct fearless_impl {
  static constexpr const char* name = "cpp-fearless";

  class counter {
  public:
    // The guard is a temporary: locked for this statement only.
    void increment() { ++count_.lock()->value; }
    std::uint64_t value() { return count_.lock()->value; }

  private:
    fearless::mutex<count> count_;
  };

  class table {
  public:
    std::uint64_t sum() const {
      const auto guard = slots_.read();
      std::uint64_t total = 0;
      for (std::uint64_t v : *guard)
        total += v;
      return total;
    }
    void add(std::size_t slot) { ++(*slots_.write())[slot]; }

  private:
    fearless::rw_lock<slots> slots_;
  };
};

}  // namespace bench

#endif  // FEARLESS_BENCH_SYNC_IMPL_FEARLESS_HPP
