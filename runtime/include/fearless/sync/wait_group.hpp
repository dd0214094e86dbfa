// fearless — Go's sync.WaitGroup, for code being migrated from Go: add(n)
// before starting work, done() when a piece ends, wait() until every piece
// ended.
//
//   fearless::wait_group wg;
//   for (auto& job : jobs) {
//     wg.add(1);
//     pool.spawn([&wg, &job] { run(job); wg.done(); });
//   }
//   wg.wait();
//
// Prefer fearless::scope for threads: it joins every thread it started by
// construction, rethrows their exceptions, and lets the checker prove that
// what they borrow outlives them. A wait group proves none of that: a
// forgotten done() hangs wait(), a done() too many is a bug that Go makes a
// panic and this makes a std::logic_error, and nothing ties the counter to
// the work. Use it where the work is not a thread you start (callbacks of
// a library, tasks on someone else's executor).
#ifndef FEARLESS_SYNC_WAIT_GROUP_HPP
#define FEARLESS_SYNC_WAIT_GROUP_HPP

#include "fearless/annotations.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <stdexcept>

namespace fearless {

class FEARLESS_SYNC wait_group {
public:
  wait_group() = default;
  wait_group(const wait_group&) = delete;
  wait_group& operator=(const wait_group&) = delete;

  /// Adds `n` pieces of work to wait for.
  void add(std::size_t n = 1) {
    std::lock_guard lock(mutex_);
    pending_ += n;
  }

  /// One piece ended. Throws std::logic_error when none is pending (Go:
  /// "sync: negative WaitGroup counter").
  void done() {
    std::lock_guard lock(mutex_);
    if (pending_ == 0)
      throw std::logic_error("fearless::wait_group::done: no work is pending "
                             "(more done() than add())");
    // Notified under the lock: a waiter that sees zero may destroy the group
    // at once, and must not do so while this call still touches it.
    if (--pending_ == 0)
      finished_.notify_all();
  }

  /// Waits until no work is pending.
  void wait() const {
    std::unique_lock lock(mutex_);
    finished_.wait(lock, [&] { return pending_ == 0; });
  }

  /// Like wait(), giving up after `timeout`; true when no work is pending.
  template <typename Rep, typename Period>
  bool wait_for(std::chrono::duration<Rep, Period> timeout) const {
    std::unique_lock lock(mutex_);
    return finished_.wait_for(lock, timeout, [&] { return pending_ == 0; });
  }

  /// Pieces of work pending now (a snapshot).
  [[nodiscard]] std::size_t pending() const {
    std::lock_guard lock(mutex_);
    return pending_;
  }

private:
  mutable std::mutex mutex_;
  mutable std::condition_variable finished_;
  std::size_t pending_ = 0;  // guarded by mutex_
};

}  // namespace fearless

#endif  // FEARLESS_SYNC_WAIT_GROUP_HPP
