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

#if defined(__linux__)
#include <cerrno>
#include <ctime>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#else
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

#if defined(__linux__)
  void wait_while_parked(std::optional<clock::time_point> deadline) noexcept {
    // One futex wait: the caller's loop handles spurious wake-ups.
    if (state_.load(std::memory_order_acquire) != parked)
      return;
    timespec abs{};
    timespec* abs_ptr = nullptr;
    if (deadline) {
      // steady_clock is CLOCK_MONOTONIC, FUTEX_WAIT_BITSET's default clock.
      auto since_epoch = deadline->time_since_epoch();
      if (since_epoch.count() < 0)
        return;
      auto secs = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
      abs.tv_sec = static_cast<time_t>(secs.count());
      abs.tv_nsec = static_cast<long>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch - secs).count());
      abs_ptr = &abs;
    }
    syscall(SYS_futex, reinterpret_cast<std::int32_t*>(&state_), FUTEX_WAIT_BITSET_PRIVATE,
            parked, abs_ptr, nullptr, FUTEX_BITSET_MATCH_ANY);
  }

  void wake() noexcept {
    syscall(SYS_futex, reinterpret_cast<std::int32_t*>(&state_), FUTEX_WAKE_PRIVATE, 1,
            nullptr, nullptr, 0);
  }
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
  static_assert(sizeof(std::atomic<std::int32_t>) == sizeof(std::int32_t));
};

}  // namespace fearless::detail

#endif  // FEARLESS_DETAIL_PARKER_HPP
