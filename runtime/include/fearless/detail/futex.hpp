// fearless — the two futex calls the parker and the short lock sleep on
// (Linux). Elsewhere, FEARLESS_HAVE_FUTEX is 0 and callers fall back to the
// standard library.
#ifndef FEARLESS_DETAIL_FUTEX_HPP
#define FEARLESS_DETAIL_FUTEX_HPP

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

#if defined(__linux__)
#define FEARLESS_HAVE_FUTEX 1
#include <ctime>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#else
#define FEARLESS_HAVE_FUTEX 0
#endif

namespace fearless::detail {

#if FEARLESS_HAVE_FUTEX
static_assert(sizeof(std::atomic<std::int32_t>) == sizeof(std::int32_t));

/// Sleeps while `*word == expected`, until woken, the deadline (on the
/// steady clock, which is CLOCK_MONOTONIC) or a spurious wake-up.
inline void futex_wait(std::atomic<std::int32_t>& word, std::int32_t expected,
                       std::optional<std::chrono::steady_clock::time_point> deadline) noexcept {
  timespec abs{};
  timespec* abs_ptr = nullptr;
  if (deadline) {
    auto since_epoch = deadline->time_since_epoch();
    if (since_epoch.count() < 0)
      return;
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    abs.tv_sec = static_cast<time_t>(secs.count());
    abs.tv_nsec = static_cast<long>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch - secs).count());
    abs_ptr = &abs;
  }
  // FUTEX_WAIT_BITSET takes an absolute time on CLOCK_MONOTONIC.
  syscall(SYS_futex, reinterpret_cast<std::int32_t*>(&word), FUTEX_WAIT_BITSET_PRIVATE,
          expected, abs_ptr, nullptr, FUTEX_BITSET_MATCH_ANY);
}

/// Wakes one thread sleeping in futex_wait on `word`.
inline void futex_wake_one(std::atomic<std::int32_t>& word) noexcept {
  syscall(SYS_futex, reinterpret_cast<std::int32_t*>(&word), FUTEX_WAKE_PRIVATE, 1, nullptr,
          nullptr, 0);
}
#endif

}  // namespace fearless::detail

#endif  // FEARLESS_DETAIL_FUTEX_HPP
