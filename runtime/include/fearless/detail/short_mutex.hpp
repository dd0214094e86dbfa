// fearless — a mutex for critical sections of a few instructions (the
// channels' wait lists): under contention it spins briefly first, because
// the holder is about to release it, and only then sleeps on a futex. A
// plain std::mutex sleeps at once, which costs two context switches per
// contended message when many threads share few cores. Meets Lockable, so
// std::lock_guard and std::unique_lock work.
#ifndef FEARLESS_DETAIL_SHORT_MUTEX_HPP
#define FEARLESS_DETAIL_SHORT_MUTEX_HPP

#include "fearless/detail/futex.hpp"
#include "fearless/detail/platform.hpp"

#include <atomic>
#include <cstdint>

#if !FEARLESS_HAVE_FUTEX
#include <mutex>
#endif

namespace fearless::detail {

#if FEARLESS_HAVE_FUTEX
class short_mutex {
public:
  short_mutex() = default;
  short_mutex(const short_mutex&) = delete;
  short_mutex& operator=(const short_mutex&) = delete;

  void lock() noexcept {
    std::int32_t expected = unlocked;
    if (!state_.compare_exchange_strong(expected, locked, std::memory_order_acquire,
                                        std::memory_order_relaxed))
      lock_contended();
  }

  bool try_lock() noexcept {
    std::int32_t expected = unlocked;
    return state_.compare_exchange_strong(expected, locked, std::memory_order_acquire,
                                          std::memory_order_relaxed);
  }

  void unlock() noexcept {
    if (state_.exchange(unlocked, std::memory_order_release) == contended)
      futex_wake_one(state_);
  }

private:
  static constexpr std::int32_t unlocked = 0;
  static constexpr std::int32_t locked = 1;     // held, nobody sleeps on it
  static constexpr std::int32_t contended = 2;  // held, someone may sleep on it

  void lock_contended() noexcept {
    // Spin while it is held by a running thread (no sleeper yet).
    for (int i = 0; i < 100 && state_.load(std::memory_order_relaxed) == locked; ++i)
      cpu_relax();
    std::int32_t expected = unlocked;
    if (state_.compare_exchange_strong(expected, locked, std::memory_order_acquire,
                                       std::memory_order_relaxed))
      return;
    // Sleep; whoever takes it after a sleep marks it contended, so that the
    // unlock wakes the next sleeper.
    while (state_.exchange(contended, std::memory_order_acquire) != unlocked)
      futex_wait(state_, contended, std::nullopt);
  }

  std::atomic<std::int32_t> state_{unlocked};
};
#else
using short_mutex = std::mutex;
#endif

}  // namespace fearless::detail

#endif  // FEARLESS_DETAIL_SHORT_MUTEX_HPP
