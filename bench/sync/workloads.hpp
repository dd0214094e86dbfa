// The lock workloads, written once over an adapter so that every
// implementation runs exactly the same code around its lock.
//
// An adapter `Impl` provides:
//   Impl::name      the impl column, e.g. "cpp-fearless"
//   Impl::counter   a `count` behind a mutex: increment() locks, adds 1 and
//                   unlocks; value() reads it under the lock
//   Impl::table     a `slots` array behind a readers-writer lock: sum() adds
//                   the slots up under a shared (read) lock; add(i) adds 1 to
//                   slot i under an exclusive (write) lock
// Both start at zero. The workloads return what the caller checks against
// expected(): the final count (or slot total) and the number of reads that
// saw an impossible value.
#ifndef FEARLESS_BENCH_SYNC_WORKLOADS_HPP
#define FEARLESS_BENCH_SYNC_WORKLOADS_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <latch>
#include <thread>
#include <vector>

namespace bench {

/// What the counter's mutex protects: a counter in a struct.
struct count {
  std::uint64_t value = 0;
};

/// What the table's readers-writer lock protects: a small array that every
/// read sums up whole.
inline constexpr std::size_t slot_count = 16;
using slots = std::array<std::uint64_t, slot_count>;

/// rw_read_mostly: operation i of a thread writes when i % write_every == 0
/// (5% writes), and reads otherwise.
inline constexpr std::uint64_t write_every = 20;

enum class workload { uncontended_lock, contended_lock_2t, contended_lock_4t, rw_read_mostly_4t };
inline constexpr workload all_workloads[] = {workload::uncontended_lock,
                                             workload::contended_lock_2t,
                                             workload::contended_lock_4t,
                                             workload::rw_read_mostly_4t};

inline const char* name_of(workload w) {
  switch (w) {
  case workload::uncontended_lock: return "uncontended_lock";
  case workload::contended_lock_2t: return "contended_lock_2t";
  case workload::contended_lock_4t: return "contended_lock_4t";
  case workload::rw_read_mostly_4t: return "rw_read_mostly_4t";
  }
  return "?";
}

/// How many threads share the lock.
inline int threads_of(workload w) {
  switch (w) {
  case workload::uncontended_lock: return 1;
  case workload::contended_lock_2t: return 2;
  case workload::contended_lock_4t:
  case workload::rw_read_mostly_4t: return 4;
  }
  return 1;
}

/// The most threads any workload uses: --iterations must be at least this.
inline constexpr std::uint64_t max_threads = 4;

struct outcome {
  std::uint64_t total = 0;       // the final count, or the sum of the slots
  std::uint64_t bad_reads = 0;   // rw only: reads below what had to be seen
  bool operator==(const outcome&) const = default;
};

/// Writes of one rw thread doing `ops` operations: i = 0, 20, 40, ...
inline std::uint64_t writes_in(std::uint64_t ops) {
  return (ops + write_every - 1) / write_every;
}

/// What run() must return for `iterations` operations in all.
inline outcome expected(workload w, std::uint64_t iterations) {
  const std::uint64_t t = static_cast<std::uint64_t>(threads_of(w));
  const std::uint64_t per_thread = iterations / t;
  if (w == workload::rw_read_mostly_4t)
    return {t * writes_in(per_thread), 0};
  return {t * per_thread, 0};
}

namespace detail {

/// Starts `n` threads running body(t) once all of them exist (so that they
/// contend from the first operation) and joins them.
template <typename Body>
void on_threads(int n, Body body) {
  std::latch start(n);
  std::vector<std::thread> workers;
  workers.reserve(static_cast<std::size_t>(n));
  for (int t = 0; t < n; ++t)
    workers.emplace_back([&, t] {
      start.arrive_and_wait();
      body(t);
    });
  for (auto& w : workers)
    w.join();
}

}  // namespace detail

/// Runs one workload of `iterations` lock operations in all, split evenly
/// over its threads (the remainder is dropped). Timed as a whole by the
/// caller: thread start and join are included.
template <typename Impl>
outcome run(workload w, std::uint64_t iterations) {
  const int n = threads_of(w);
  const std::uint64_t per_thread = iterations / static_cast<std::uint64_t>(n);
  switch (w) {
  case workload::uncontended_lock: {
    // One thread, the caller's: every lock() finds the lock free.
    alignas(64) typename Impl::counter counter;
    for (std::uint64_t i = 0; i < per_thread; ++i)
      counter.increment();
    return {counter.value(), 0};
  }
  case workload::contended_lock_2t:
  case workload::contended_lock_4t: {
    alignas(64) typename Impl::counter counter;
    detail::on_threads(n, [&](int) {
      for (std::uint64_t i = 0; i < per_thread; ++i)
        counter.increment();
    });
    return {counter.value(), 0};
  }
  case workload::rw_read_mostly_4t: {
    // The slots only grow, so a read must see at least the sum it saw last,
    // plus one for each write of its own thread since: a read below that
    // floor (or above everything ever written) is counted as bad.
    alignas(64) typename Impl::table table;
    const std::uint64_t ceiling = expected(w, iterations).total;
    std::vector<std::uint64_t> bad(static_cast<std::size_t>(n));
    detail::on_threads(n, [&](int t) {
      std::uint64_t floor = 0;
      std::uint64_t writes = 0;
      std::uint64_t wrong = 0;
      for (std::uint64_t i = 0; i < per_thread; ++i) {
        if (i % write_every == 0) {
          table.add((static_cast<std::size_t>(t) + writes) % slot_count);
          ++writes;
          ++floor;
        } else {
          const std::uint64_t seen = table.sum();
          if (seen < floor || seen > ceiling)
            ++wrong;
          floor = seen > floor ? seen : floor;
        }
      }
      bad[static_cast<std::size_t>(t)] = wrong;
    });
    outcome result{table.sum(), 0};
    for (std::uint64_t b : bad)
      result.bad_reads += b;
    return result;
  }
  }
  return {};
}

}  // namespace bench

#endif  // FEARLESS_BENCH_SYNC_WORKLOADS_HPP
