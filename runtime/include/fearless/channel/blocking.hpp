// fearless — the blocking loop shared by the lock-free flavors (array,
// list): try to reserve, spinning and yielding briefly; then enlist in the
// waiters, re-check (a message may have arrived between the try and the
// enlist), and park until selected or the deadline.
#ifndef FEARLESS_CHANNEL_BLOCKING_HPP
#define FEARLESS_CHANNEL_BLOCKING_HPP

#include "fearless/channel/context.hpp"
#include "fearless/channel/flavor.hpp"
#include "fearless/channel/waker.hpp"
#include "fearless/detail/backoff.hpp"

#include <optional>

namespace fearless::channel::detail {

/// Reserves an operation with `try_reserve(token&)`, blocking on `waiters`
/// while it cannot; `ready()` tells whether it could succeed now. Returns
/// false if the deadline passed first.
/// The slow path: callers try once inline first, so this stays out of line.
template <typename TryReserve, typename Ready>
[[gnu::noinline]] bool reserve_blocking(sync_waker& waiters, token& t, TryReserve try_reserve, Ready ready,
                      std::optional<instant> deadline) {
  for (;;) {
    fearless::detail::backoff backoff;
    for (;;) {
      if (try_reserve(t))
        return true;
      if (backoff.is_completed())
        break;
      backoff.snooze();
    }
    if (deadline && clock::now() >= *deadline)
      return false;

    std::shared_ptr<context> cx = context::for_this_thread();
    const selection operation = operation_id(&t);
    waiters.enlist(operation, cx);
    if (ready())
      cx->try_select(selected_aborted);
    const selection outcome = cx->wait_until(deadline);
    if (outcome == selected_aborted || outcome == selected_disconnected)
      waiters.delist(operation);
    // Selected for `operation`: the notifier delisted it. Either way, retry.
  }
}

}  // namespace fearless::channel::detail

#endif  // FEARLESS_CHANNEL_BLOCKING_HPP
