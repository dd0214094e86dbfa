// fearless — the select loop shared by fearless::channel::select and
// fearless::channel::selector, built only on the channel_base primitives:
//  1. try every operation in a random order; the first that can complete
//     is reserved (fair: each ready operation is equally likely to win);
//  2. otherwise enlist in every operation's waiters, and park until one of
//     them selects this thread (or a timer or the deadline is due);
//  3. delist everywhere; if selected for an operation, accept it (reserve);
//     else try all again.
#ifndef FEARLESS_CHANNEL_SELECT_CORE_HPP
#define FEARLESS_CHANNEL_SELECT_CORE_HPP

#include "fearless/channel/context.hpp"
#include "fearless/channel/flavor.hpp"
#include "fearless/channel/flavors/timer_common.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>

namespace fearless::channel::detail {

/// One operation of a select: a side of a channel, and its position in the
/// caller's list (kept when the list is shuffled).
struct select_operation {  // trivial: a selector's inline array costs nothing to make
  channel_base* channel;
  side which;
  std::size_t index;
};

/// Per-thread xorshift generator for the random order.
inline std::uint64_t next_random() noexcept {
  thread_local std::uint64_t state =
      0x9e3779b97f4a7c15ull ^ reinterpret_cast<std::uintptr_t>(&state);
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

/// A uniform index below `n`, by multiplying instead of dividing (a 64-bit
/// division costs tens of cycles, several per select).
inline std::size_t random_below(std::size_t n) noexcept {
  return static_cast<std::size_t>((static_cast<unsigned __int128>(next_random()) * n) >> 64);
}

inline void shuffle(std::span<select_operation> ops) noexcept {
  for (std::size_t i = ops.size(); i > 1; --i)
    std::swap(ops[i - 1], ops[random_below(i)]);
}

inline std::optional<instant> earliest(std::optional<instant> a, std::optional<instant> b) {
  if (!a)
    return b;
  if (!b)
    return a;
  return *a < *b ? a : b;
}

/// Reserves one operation of `ops` into `t` and returns its index; none if
/// `try_only` and nothing was ready, or at `deadline`. Fair by default: the
/// operations are shuffled in place, so each ready one is equally likely to
/// win. `biased`: tried in the order given, so when several are ready at
/// once the first listed wins (an operation that becomes ready while this
/// thread sleeps still wins, whatever its place).
/// The order in which operations are tried: random (fair), or the order
/// they were listed in (biased; a selector's list may have been shuffled by
/// an earlier fair select, so it is sorted back).
inline void order_operations(std::span<select_operation> ops, bool biased) noexcept {
  if (!biased)
    shuffle(ops);
  else
    std::sort(ops.begin(), ops.end(),
              [](const select_operation& a, const select_operation& b) { return a.index < b.index; });
}

inline std::optional<std::size_t> run_select(std::span<select_operation> ops, token& t,
                                             bool try_only, std::optional<instant> deadline,
                                             bool biased = false) {
  order_operations(ops, biased);
  for (select_operation& op : ops)
    if (op.channel->try_reserve(op.which, t))
      return op.index;
  if (try_only)
    return std::nullopt;
  if (ops.empty()) {
    sleep_until_or_forever(deadline);
    return std::nullopt;
  }

  for (;;) {
    std::shared_ptr<context> cx = context::for_this_thread();
    std::size_t enlisted = 0;
    for (select_operation& op : ops) {
      ++enlisted;
      if (op.channel->enlist(op.which, operation_id(&op), cx)) {
        cx->try_select(selected_aborted);  // ready already: do not sleep
        break;
      }
    }
    std::optional<instant> wake_at = deadline;
    for (const select_operation& op : ops)
      wake_at = earliest(wake_at, op.channel->next_delivery());

    const selection outcome = cx->wait_until(wake_at);

    for (std::size_t i = 0; i < enlisted; ++i)
      ops[i].channel->delist(ops[i].which, operation_id(&ops[i]));

    if (outcome != selected_aborted && outcome != selected_disconnected) {
      for (select_operation& op : ops)
        if (operation_id(&op) == outcome && op.channel->accept(op.which, t, *cx))
          return op.index;
    }
    for (select_operation& op : ops)
      if (op.channel->try_reserve(op.which, t))
        return op.index;
    if (deadline && clock::now() >= *deadline)
      return std::nullopt;
  }
}

}  // namespace fearless::channel::detail

#endif  // FEARLESS_CHANNEL_SELECT_CORE_HPP
