// fearless — the per-thread context of a blocked channel operation or
// select. Another thread completes the wait by *selecting* the context: it
// stores which operation won (or "aborted"/"disconnected") with one CAS, so
// exactly one party decides, then unparks the waiting thread.
#ifndef FEARLESS_CHANNEL_CONTEXT_HPP
#define FEARLESS_CHANNEL_CONTEXT_HPP

#include "fearless/detail/backoff.hpp"
#include "fearless/detail/parker.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <thread>

namespace fearless::channel::detail {

using clock = std::chrono::steady_clock;
using instant = clock::time_point;

/// What a context was selected for: one of the three constants below, or the
/// id of the operation that completed (the address of something the waiting
/// thread owns for the duration of the wait, always > 2).
using selection = std::uintptr_t;
inline constexpr selection selected_waiting = 0;
inline constexpr selection selected_aborted = 1;
inline constexpr selection selected_disconnected = 2;

/// The id of an operation owned by the waiting thread at `address`.
inline selection operation_id(const void* address) noexcept {
  return reinterpret_cast<selection>(address);
}

class context {
public:
  context() : thread_id_(std::this_thread::get_id()) {}
  context(const context&) = delete;
  context& operator=(const context&) = delete;

  /// The calling thread's context, reset for a new wait. Shared: a waker
  /// that selected it may still unpark it after the wait has returned.
  static std::shared_ptr<context> for_this_thread() {
    thread_local std::shared_ptr<context> mine = std::make_shared<context>();
    mine->select_.store(selected_waiting, std::memory_order_relaxed);
    mine->packet_.store(nullptr, std::memory_order_relaxed);
    return mine;
  }

  /// Selects `how` if nothing was selected yet. Returns selected_waiting on
  /// success, else what was selected before.
  selection try_select(selection how) noexcept {
    selection expected = selected_waiting;
    if (select_.compare_exchange_strong(expected, how, std::memory_order_acq_rel,
                                        std::memory_order_acquire))
      return selected_waiting;
    return expected;
  }

  [[nodiscard]] selection selected() const noexcept {
    return select_.load(std::memory_order_acquire);
  }

  /// The rendezvous packet, stored by the thread that selected this context.
  void store_packet(void* packet) noexcept {
    packet_.store(packet, std::memory_order_release);
  }
  void* wait_packet() const noexcept {
    fearless::detail::backoff backoff;
    for (;;) {
      if (void* packet = packet_.load(std::memory_order_acquire))
        return packet;
      backoff.snooze();
    }
  }

  /// Waits until another thread selects this context, or the deadline
  /// passes (then selects "aborted" itself, unless someone won the race).
  ///
  /// First it spins: a hand-off between running threads takes well under a
  /// microsecond, while parking and waking costs microseconds and two
  /// context switches. But a spinning thread holds a core its peer may
  /// need, so (1) at most one thread fewer than there are cores spins at a
  /// time, and (2) a thread whose spin did not pay off skips spinning for
  /// its next 1, 2, 4 ... 64 waits (reset by a spin that pays off): threads
  /// that outnumber the cores soon stop spinning, a ping-pong between two
  /// running threads keeps spinning. Then it yields a few times, and parks.
  selection wait_until(std::optional<instant> deadline) noexcept {
    if (waits_to_skip_spin_ > 0) {
      --waits_to_skip_spin_;
    } else if (spin_slots().fetch_sub(1, std::memory_order_relaxed) > 0) {
      selection sel = selected_waiting;
      for (int i = 0; i < spin_pauses && (sel = selected()) == selected_waiting; ++i)
        fearless::detail::cpu_relax();
      spin_slots().fetch_add(1, std::memory_order_relaxed);
      if (sel != selected_waiting) {
        spin_penalty_ = 0;
        return sel;
      }
      spin_penalty_ = spin_penalty_ == 0 ? 1 : std::min(spin_penalty_ * 2, max_spin_penalty);
      waits_to_skip_spin_ = spin_penalty_;
    } else {
      spin_slots().fetch_add(1, std::memory_order_relaxed);
    }

    fearless::detail::backoff backoff;
    for (;;) {
      if (selection sel = selected(); sel != selected_waiting)
        return sel;
      if (backoff.is_completed())
        break;
      backoff.snooze();
    }
    for (;;) {
      if (selection sel = selected(); sel != selected_waiting)
        return sel;
      if (deadline && clock::now() >= *deadline) {
        selection previous = try_select(selected_aborted);
        return previous == selected_waiting ? selected_aborted : previous;
      }
      parker_.park(deadline);
    }
  }

  void unpark() noexcept { parker_.unpark(); }
  [[nodiscard]] std::thread::id thread_id() const noexcept { return thread_id_; }

private:
  std::atomic<selection> select_{selected_waiting};
  std::atomic<void*> packet_{nullptr};
  fearless::detail::parker parker_;
  std::thread::id thread_id_;

  static constexpr int spin_pauses = 1000;
  static constexpr int max_spin_penalty = 64;
  // Only this context's thread touches these.
  int spin_penalty_ = 0;
  int waits_to_skip_spin_ = 0;

  /// How many more threads may spin now: cores - 1, at least 1.
  static std::atomic<int>& spin_slots() noexcept {
    static std::atomic<int> slots{
        std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1)};
    return slots;
  }
};

}  // namespace fearless::channel::detail

#endif  // FEARLESS_CHANNEL_CONTEXT_HPP
