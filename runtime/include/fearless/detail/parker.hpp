// fearless — a parker: lets one thread sleep until another wakes it, or a
// deadline passes. One token: an unpark before the park makes the park
// return at once. On Linux a futex word; elsewhere a mutex and condition
// variable. The happens-before edge is carried by the atomic state (release
// in unpark, acquire in park), so ThreadSanitizer sees it either way.
#ifndef FEARLESS_DETAIL_PARKER_HPP
#define FEARLESS_DETAIL_PARKER_HPP

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

#include "fearless/detail/futex.hpp"

#if !FEARLESS_HAVE_FUTEX
#include <condition_variable>
#include <mutex>
#endif

namespace fearless::detail {

class parker {
public:
  using clock = std::chrono::steady_clock;

  /// Blocks until unpark() is called (possibly before this call) or the
  /// deadline passes. May return spuriously: callers re-check their condition.
  void park(std::optional<clock::time_point> deadline = std::nullopt) noexcept {
    // notified -> empty: consume the token and return at once.
    if (state_.fetch_sub(1, std::memory_order_acquire) == notified)
      return;
    // Now parked.
    wait_while_parked(deadline);
    // Take a token that arrived while we were leaving (or none).
    state_.exchange(empty, std::memory_order_acquire);
  }

  /// Wakes the parked thread, or makes its next park() return at once.
  void unpark() noexcept {
    if (state_.exchange(notified, std::memory_order_release) == parked)
      wake();
  }

private:
  static constexpr std::int32_t parked = -1;
  static constexpr std::int32_t empty = 0;
  static constexpr std::int32_t notified = 1;

#if FEARLESS_HAVE_FUTEX
  void wait_while_parked(std::optional<clock::time_point> deadline) noexcept {
    // One futex wait: the caller's loop handles spurious wake-ups.
    futex_wait(state_, parked, deadline);
  }

  void wake() noexcept { futex_wake_one(state_); }
#else
  void wait_while_parked(std::optional<clock::time_point> deadline) noexcept {
    std::unique_lock lock(mutex_);
    auto still_parked = [&] { return state_.load(std::memory_order_acquire) == parked; };
    if (deadline)
      cv_.wait_until(lock, *deadline, still_parked);
    else
      cv_.wait(lock, still_parked);
  }

  void wake() noexcept {
    { std::lock_guard lock(mutex_); }
    cv_.notify_one();
  }

  std::mutex mutex_;
  std::condition_variable cv_;
#endif

  std::atomic<std::int32_t> state_{empty};
};

}  // namespace fearless::detail

#endif  // FEARLESS_DETAIL_PARKER_HPP
