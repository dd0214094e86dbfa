// fearless — select_loop: Go's `for { select { ... } }` as one call.
//
//   namespace ch = fearless::channel;
//   std::optional<int> answer = ch::select_loop(
//       ch::recv(results, [&](std::optional<int> r) -> std::optional<int> {
//         if (r && *r > 40) return *r;     // an engaged optional: stop, return it
//         return std::nullopt;             // go on
//       }),
//       ch::recv(progress, [&](std::optional<std::string> line) { log(line); }),  // void: go on
//       ch::recv(token.done(), [] { return ch::select_control::break_loop; }));
//
// Each round is one select over the branches still enabled. A handler
// returns void or select_control::continue_loop to go on,
// select_control::break_loop to stop, or a std::optional<V>: engaged stops
// the loop and becomes its result. Handlers may mix these kinds; the loop
// returns std::optional<V> if any handler returns an optional (empty when
// the loop ended otherwise), else void.
//
// A branch whose channel disconnects is disabled after its handler has seen
// the disconnection once (Go code sets the channel variable to nil for
// this): a closed channel is never selected again, so it cannot spin the
// loop. The loop ends when every channel branch is disabled. A timeout or
// deadline branch is the whole loop's: when it passes, its handler runs and
// the loop ends. An otherwise branch runs whenever nothing is ready (a
// polling loop: end it with break_loop). A send branch sends the variable
// it was given each round (refill it in the handler); a temporary would be
// moved from after the first round, so it is rejected — except the event of
// a channel without data, sent anew each round.
#ifndef FEARLESS_CHANNEL_SELECT_LOOP_HPP
#define FEARLESS_CHANNEL_SELECT_LOOP_HPP

#ifndef FEARLESS_SELECT_HPP
#error "include fearless/select.hpp, which provides select_loop"
#endif

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

namespace fearless::channel {

/// What a select_loop handler returns to go on or to stop.
enum class select_control { continue_loop, break_loop };

namespace detail {

template <typename R>
struct loop_value {
  using type = void;
};
template <typename X>
struct loop_value<std::optional<X>> {
  using type = X;
};

template <typename R>
inline constexpr bool is_loop_result = std::is_void_v<R> || std::is_same_v<R, select_control> ||
                                       !std::is_void_v<typename loop_value<R>::type>;

template <typename B>
inline constexpr bool sends_a_temporary = false;
template <typename T, typename F>  // an event (a channel without data) is sent anew each round
inline constexpr bool sends_a_temporary<send_branch<T, T, F>> = !std::is_same_v<T, unit>;

template <typename... Branches>
using loop_value_t =
    typename common_non_void<typename loop_value<handler_result_t<std::decay_t<Branches>>>::type...>::type;

template <typename V>
struct loop_state {
  bool stop = false;
  std::optional<V> value;
};
template <>
struct loop_state<void> {
  bool stop = false;
};

/// Runs a handler (through `run`) and records what it asks for.
template <typename V, typename Run>
void take_verdict(loop_state<V>& state, Run&& run) {
  using R = decltype(run());
  if constexpr (std::is_void_v<R>) {
    run();
  } else if constexpr (std::is_same_v<R, select_control>) {
    if (run() == select_control::break_loop)
      state.stop = true;
  } else {
    if (auto result = run()) {
      state.value.emplace(std::move(*result));
      state.stop = true;
    }
  }
}

template <bool Biased, typename... Branches>
auto select_loop_impl(Branches&&... branches) {
  using V = loop_value_t<Branches...>;
  constexpr std::size_t count = sizeof...(Branches);
  using counts = branch_counts<Branches...>;
  constexpr std::size_t operations = counts::operations;
  static_assert(counts::fallbacks <= 1,
                "fearless::channel::select_loop: at most one timeout, deadline or otherwise branch");
  static_assert(operations + counts::fallbacks == count,
                "fearless::channel::select_loop: every argument must be a branch made by recv, "
                "send, timeout, deadline or otherwise");
  static_assert((is_loop_result<handler_result_t<std::decay_t<Branches>>> && ...),
                "fearless::channel::select_loop: a handler returns void, select_control or a "
                "std::optional (engaged: the loop's result)");
  static_assert(!(sends_a_temporary<std::decay_t<Branches>> || ...),
                "fearless::channel::select_loop: a send branch sends the same message each "
                "round; give it a variable (and refill it in the handler), not a temporary");

  auto all = std::forward_as_tuple(branches...);
  std::array<bool, count> disabled{};
  const fallback wait = fallback_of(all);

  loop_state<V> state;
  while (!state.stop) {
    std::array<select_operation, operations> ops;
    const std::size_t enabled =
        operations_of(all, ops, [&disabled](std::size_t i) { return !disabled[i]; });
    if (operations > 0 && enabled == 0)
      break;  // every channel is closed

    token t;
    const std::optional<std::size_t> chosen =
        run_select(std::span<select_operation>(ops.data(), enabled), t, wait.try_only,
                   wait.deadline, Biased);

    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            auto& b = std::get<I>(all);
            using B = std::decay_t<decltype(b)>;
            if constexpr (branch_traits<B>::is_operation) {
              if (!chosen || *chosen != I)
                return;
              take_verdict(state, [&]() -> decltype(auto) {
                if constexpr (requires { b.rx; }) {
                  auto message = handle_access::channel_of(b.rx).read(t);
                  disabled[I] = !message.has_value();
                  return call_handler(b.handler, std::move(message));
                } else {
                  using T = typename std::decay_t<decltype(b.tx)>::value_type;
                  if (handle_access::channel_of(b.tx).write(t, b.message))
                    return call_handler(b.handler, send_result<T>::success());
                  disabled[I] = true;
                  return call_handler(b.handler, send_result<T>::failure(
                                                     send_status::disconnected, std::move(b.message)));
                }
              });
            } else {
              if (chosen)
                return;
              take_verdict(state, [&]() -> decltype(auto) { return std::invoke(b.handler); });
              if constexpr (branch_traits<B>::is_timeout)
                state.stop = true;  // the loop's deadline has passed
            }
          }(),
          ...);
    }(std::make_index_sequence<count>{});
  }
  if constexpr (!std::is_void_v<V>)
    return std::move(state.value);
}

}  // namespace detail

/// Selects over the branches until a handler stops the loop, every channel
/// branch is closed, or the timeout passes (see the top of this file).
template <typename... Branches>
auto select_loop(Branches&&... branches) {
  return detail::select_loop_impl<false>(std::forward<Branches>(branches)...);
}

/// select_loop whose rounds prefer the earlier branches (see select_biased).
template <typename... Branches>
auto select_loop_biased(Branches&&... branches) {
  return detail::select_loop_impl<true>(std::forward<Branches>(branches)...);
}

}  // namespace fearless::channel

#endif  // FEARLESS_CHANNEL_SELECT_LOOP_HPP
