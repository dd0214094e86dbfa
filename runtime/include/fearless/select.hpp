// fearless — select: wait on several channel operations at once and run
// the one that can complete (at random among those ready, so no channel
// starves), in two forms.
//
// For a fixed set of operations, one call with a handler per branch:
//
//   namespace ch = fearless::channel;
//   ch::select(
//       ch::recv(jobs, [&](std::optional<job> j) { if (j) run(*j); }),
//       ch::recv(ticker, [&] { report(); }),
//       ch::send(results, last, [&](ch::send_result<int> r) { ... }),
//       ch::timeout(1s, [&] { give_up(); }));
//
// A recv handler gets std::optional<T> (no value: the channel is
// disconnected); a send handler gets the send_result<T> (failed: every
// receiver is gone, the message is in it). A send branch given a variable
// moves from it only if that branch sends; given a temporary, it owns it. Handlers may also take no
// argument. Besides channel operations, at most one of: timeout(d, f),
// deadline(t, f) (run f if nothing was ready in time), otherwise(f) (run f
// at once if nothing is ready; select never blocks). select returns what the
// chosen handler returns (all handlers return the same type, or void).
//
// For a list known at run time, a selector (see class selector below):
//
//   ch::selector sel;
//   for (auto& rx : inboxes) sel.recv(rx);
//   ch::selected_operation op = sel.select();
//   std::optional<msg> m = op.recv(inboxes[op.index()]);
#ifndef FEARLESS_SELECT_HPP
#define FEARLESS_SELECT_HPP

#include "fearless/channel.hpp"
#include "fearless/typestate.hpp"
#include "fearless/channel/select_core.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace fearless::channel {

// --- the branches of the variadic select -------------------------------

template <typename T, typename F>
struct recv_branch {
  const receiver<T>& rx;
  F handler;
};

/// M is T (the branch owns the message) or T& (the caller's variable,
/// moved from only when this branch sends).
template <typename T, typename M, typename F>
struct send_branch {
  const sender<T>& tx;
  M message;
  F handler;
};

template <typename F>
struct timeout_branch {
  instant deadline;
  F handler;
};

template <typename F>
struct otherwise_branch {
  F handler;
};

/// A receive branch: `handler(std::optional<T>)` or `handler()`.
template <typename T, typename F>
recv_branch<T, std::decay_t<F>> recv(const receiver<T>& rx, F&& handler) {
  return {rx, std::forward<F>(handler)};
}

/// A send branch: sends `message` if chosen, then `handler(send_result<T>)`
/// or `handler()`. Given a (non-const) T variable, the branch refers to it
/// and moves from it only if it sends: when another branch wins, the
/// message is still there. Given anything else, the branch owns a T.
template <typename T, typename U, typename F>
auto send(const sender<T>& tx, U&& message, F&& handler) {
  if constexpr (std::is_same_v<U, T&>)
    return send_branch<T, T&, std::decay_t<F>>{tx, message, std::forward<F>(handler)};
  else
    return send_branch<T, T, std::decay_t<F>>{tx, T(std::forward<U>(message)),
                                             std::forward<F>(handler)};
}

/// The branches of a channel without data (bounded<void>): a receive whose
/// handler gets std::optional<unit> (or nothing), a send of the event.
template <typename F>
auto recv(const receiver<void>& rx, F&& handler) {
  return recv(static_cast<const receiver<unit>&>(rx), std::forward<F>(handler));
}
template <typename F>
auto send(const sender<void>& tx, F&& handler) {
  return send(static_cast<const sender<unit>&>(tx), unit{}, std::forward<F>(handler));
}

/// Runs `handler()` if no operation completes within `timeout`.
template <typename Rep, typename Period, typename F>
timeout_branch<std::decay_t<F>> timeout(std::chrono::duration<Rep, Period> timeout, F&& handler) {
  std::optional<instant> due = detail::deadline_after(timeout);
  return {due ? *due : instant::max(), std::forward<F>(handler)};
}

/// Runs `handler()` if no operation completes before `deadline`.
template <typename F>
timeout_branch<std::decay_t<F>> deadline(instant deadline, F&& handler) {
  return {deadline, std::forward<F>(handler)};
}

/// Runs `handler()` at once if no operation can complete now.
template <typename F>
otherwise_branch<std::decay_t<F>> otherwise(F&& handler) {
  return {std::forward<F>(handler)};
}

namespace detail {

template <typename B>
struct branch_traits {
  static constexpr bool is_operation = false;
  static constexpr bool is_timeout = false;
  static constexpr bool is_otherwise = false;
};
template <typename T, typename F>
struct branch_traits<recv_branch<T, F>> {
  static constexpr bool is_operation = true;
  static constexpr bool is_timeout = false;
  static constexpr bool is_otherwise = false;
  using argument = std::optional<T>;
  using handler = F;
};
template <typename T, typename M, typename F>
struct branch_traits<send_branch<T, M, F>> {
  static constexpr bool is_operation = true;
  static constexpr bool is_timeout = false;
  static constexpr bool is_otherwise = false;
  using argument = send_result<T>;
  using handler = F;
};
template <typename F>
struct branch_traits<timeout_branch<F>> {
  static constexpr bool is_operation = false;
  static constexpr bool is_timeout = true;
  static constexpr bool is_otherwise = false;
  using handler = F;
};
template <typename F>
struct branch_traits<otherwise_branch<F>> {
  static constexpr bool is_operation = false;
  static constexpr bool is_timeout = false;
  static constexpr bool is_otherwise = true;
  using handler = F;
};

/// Calls a handler with the branch's outcome, or with nothing if it takes
/// no argument.
template <typename F, typename Arg>
decltype(auto) call_handler(F& handler, Arg&& arg) {
  if constexpr (std::is_invocable_v<F&, Arg&&>)
    return std::invoke(handler, std::forward<Arg>(arg));
  else
    return std::invoke(handler);
}

/// The type a branch's handler returns.
template <typename B>
auto handler_result_of() {
  using traits = branch_traits<B>;
  using F = typename traits::handler;
  if constexpr (traits::is_operation) {
    using Arg = typename traits::argument;
    static_assert(std::is_invocable_v<F&, Arg&&> || std::is_invocable_v<F&>,
                  "fearless::channel::select: a recv handler takes std::optional<T> (or "
                  "nothing), a send handler takes send_result<T> (or nothing)");
    if constexpr (std::is_invocable_v<F&, Arg&&>)
      return std::type_identity<std::invoke_result_t<F&, Arg&&>>{};
    else
      return std::type_identity<std::invoke_result_t<F&>>{};
  } else {
    static_assert(std::is_invocable_v<F&>,
                  "fearless::channel::select: a timeout/deadline/otherwise handler takes "
                  "no argument");
    return std::type_identity<std::invoke_result_t<F&>>{};
  }
}

template <typename B>
using handler_result_t = typename decltype(handler_result_of<B>())::type;

template <typename T, typename F>
select_operation operation_of(const recv_branch<T, F>& b, std::size_t index) {
  return {&handle_access::channel_of(b.rx), side::receiving, index};
}
template <typename T, typename M, typename F>
select_operation operation_of(const send_branch<T, M, F>& b, std::size_t index) {
  return {&handle_access::channel_of(b.tx), side::sending, index};
}

template <typename T, typename F>
decltype(auto) complete(recv_branch<T, F>& b, token& t) {
  return call_handler(b.handler, handle_access::channel_of(b.rx).read(t));
}
template <typename T, typename M, typename F>
decltype(auto) complete(send_branch<T, M, F>& b, token& t) {
  if (handle_access::channel_of(b.tx).write(t, b.message))
    return call_handler(b.handler, send_result<T>::success());
  return call_handler(b.handler,
                      send_result<T>::failure(send_status::disconnected, std::move(b.message)));
}

}  // namespace detail

namespace detail {

/// The common type of two handler results, where void joins anything.
template <typename A, typename B>
struct join_results {
  using type = std::common_type_t<A, B>;
};
template <typename B>
struct join_results<void, B> {
  using type = B;
};
template <typename A>
struct join_results<A, void> {
  using type = A;
};
template <>
struct join_results<void, void> {
  using type = void;
};
template <typename... Rs>
struct common_non_void {
  using type = void;
};
template <typename R, typename... Rs>
struct common_non_void<R, Rs...> {
  using type = typename join_results<R, typename common_non_void<Rs...>::type>::type;
};

/// What select returns: void if every handler does; the handlers' common
/// type if none does; std::optional of the others' common type if some do
/// (empty when a void handler ran).
template <typename... Rs>
auto select_result_of() {
  using C = typename common_non_void<Rs...>::type;
  if constexpr ((std::is_void_v<Rs> && ...))
    return std::type_identity<void>{};
  else if constexpr (!(std::is_void_v<Rs> || ...))
    return std::type_identity<C>{};
  else
    return std::type_identity<std::optional<C>>{};
}

template <typename... Branches>
using select_result_t =
    typename decltype(select_result_of<handler_result_t<std::decay_t<Branches>>...>())::type;

/// How many branches of each kind a select has.
template <typename... Branches>
struct branch_counts {
  static constexpr std::size_t operations =
      (std::size_t{0} + ... + (branch_traits<std::decay_t<Branches>>::is_operation ? 1 : 0));
  static constexpr std::size_t fallbacks =
      (std::size_t{0} + ... +
       (branch_traits<std::decay_t<Branches>>::is_timeout ||
                branch_traits<std::decay_t<Branches>>::is_otherwise
            ? 1
            : 0));
};

/// Fills `ops` with the operations of the branches whose position I has
/// enabled(I); returns how many.
template <typename Tuple, std::size_t N, typename Enabled>
std::size_t operations_of(Tuple& all, std::array<select_operation, N>& ops, Enabled enabled) {
  std::size_t next = 0;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          using B = std::decay_t<std::tuple_element_t<I, std::remove_cvref_t<Tuple>>>;
          if constexpr (branch_traits<B>::is_operation)
            if (enabled(I))
              ops[next++] = operation_of(std::get<I>(all), I);
        }(),
        ...);
  }(std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<Tuple>>>{});
  return next;
}

/// What the fallback branch, if any, asks of the wait: the deadline of a
/// timeout or deadline branch, or not to wait at all (otherwise).
struct fallback {
  std::optional<instant> deadline;
  bool try_only = false;
};

template <typename Tuple>
fallback fallback_of(Tuple& all) {
  fallback out;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          using B = std::decay_t<std::tuple_element_t<I, std::remove_cvref_t<Tuple>>>;
          if constexpr (branch_traits<B>::is_timeout)
            out.deadline = std::get<I>(all).deadline;
          else if constexpr (branch_traits<B>::is_otherwise)
            out.try_only = true;
        }(),
        ...);
  }(std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<Tuple>>>{});
  return out;
}

template <bool Biased, typename... Branches>
auto select_impl(Branches&&... branches) -> select_result_t<Branches...> {
  using R = select_result_t<Branches...>;
  constexpr std::size_t count = sizeof...(Branches);
  using counts = branch_counts<Branches...>;
  static_assert(counts::fallbacks <= 1,
                "fearless::channel::select: at most one timeout, deadline or otherwise branch");
  static_assert(counts::operations + counts::fallbacks == count,
                "fearless::channel::select: every argument must be a branch made by recv, "
                "send, timeout, deadline or otherwise");

  auto all = std::forward_as_tuple(branches...);
  std::array<detail::select_operation, counts::operations> ops;
  (void)operations_of(all, ops, [](std::size_t) { return true; });
  const fallback wait = fallback_of(all);

  detail::token t;
  const std::optional<std::size_t> chosen = detail::run_select(
      std::span<detail::select_operation>(ops), t, wait.try_only, wait.deadline, Biased);

  // Run the chosen branch's handler: the operation's, or the fallback's.
  std::optional<std::conditional_t<std::is_void_v<R>, char, R>> result;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          auto& b = std::get<I>(all);
          using B = std::decay_t<decltype(b)>;
          bool mine;
          if constexpr (detail::branch_traits<B>::is_operation)
            mine = chosen && *chosen == I;
          else
            mine = !chosen;
          if (!mine)
            return;
          auto run = [&]() -> decltype(auto) {
            if constexpr (detail::branch_traits<B>::is_operation)
              return detail::complete(b, t);
            else
              return std::invoke(b.handler);
          };
          if constexpr (std::is_void_v<R>) {
            run();
          } else if constexpr (std::is_void_v<decltype(run())>) {
            run();
            result.emplace();  // an empty std::optional: a void handler ran
          } else {
            result.emplace(run());
          }
        }(),
        ...);
  }(std::make_index_sequence<count>{});
  if constexpr (!std::is_void_v<R>)
    return std::move(*result);
}

}  // namespace detail

/// Waits for one of the branches' operations and runs its handler (see the
/// top of this file). Blocks until an operation can complete, unless a
/// timeout/deadline/otherwise branch says otherwise. When several are ready,
/// one is chosen at random, so no channel starves.
template <typename... Branches>
auto select(Branches&&... branches) -> detail::select_result_t<Branches...> {
  return detail::select_impl<false>(std::forward<Branches>(branches)...);
}

/// select that prefers the earlier branches: when several operations are
/// ready at once, the first listed wins (tokio's `biased;`). For priorities —
/// a shutdown channel before work — at the price of fairness: a busy first
/// channel starves the others.
template <typename... Branches>
auto select_biased(Branches&&... branches) -> detail::select_result_t<Branches...> {
  return detail::select_impl<true>(std::forward<Branches>(branches)...);
}

// --- the dynamic selector ----------------------------------------------

class selector;

/// The operation a selector chose, reserved but not yet done: complete it
/// exactly once with recv() or send() on the same receiver/sender, at once
/// (other threads may wait for the reserved slot). Destroying it without
/// completing it is a bug that would stall the channel: the program is
/// terminated with a message, like Rust's crossbeam panics.
class [[nodiscard]] FEARLESS_STATES("pending,completed") FEARLESS_MOVED_FROM("completed")
    selected_operation {
public:
  selected_operation(selected_operation&& other) noexcept
      : op_(other.op_), token_(other.token_), pending_(std::exchange(other.pending_, false)) {}
  /// Takes over `other`'s operation. Overwriting an operation still to be
  /// completed is the same bug as destroying it (see the destructor).
  selected_operation& operator=(selected_operation&& other) noexcept {
    if (this != &other) {
      if (pending_)
        abandoned();
      op_ = other.op_;
      token_ = other.token_;
      pending_ = std::exchange(other.pending_, false);
    }
    return *this;
  }
  selected_operation(const selected_operation&) = delete;
  selected_operation& operator=(const selected_operation&) = delete;

  /// fearless-typestate reports a selected operation that may be destroyed
  /// before it was completed.
  FEARLESS_REQUIRES("completed") ~selected_operation() {
    if (pending_)
      abandoned();
  }

  /// The index that selector::recv/send returned for the chosen operation.
  [[nodiscard]] std::size_t index() const noexcept { return op_.index; }

  /// Completes a chosen receive: the message, or none if disconnected.
  /// Throws std::logic_error if `rx` is not the chosen operation's receiver.
  template <typename T>
  FEARLESS_REQUIRES("pending") FEARLESS_TRANSITION("completed")
  std::optional<T> recv(const receiver<T>& rx) {
    check(&detail::handle_access::channel_of(rx), detail::side::receiving);
    pending_ = false;
    return detail::handle_access::channel_of(rx).read(token_);
  }

  /// Completes a chosen send. Throws std::logic_error if `tx` is not the
  /// chosen operation's sender.
  template <typename T>
  FEARLESS_REQUIRES("pending") FEARLESS_TRANSITION("completed")
  send_result<T> send(const sender<T>& tx, T message) {
    check(&detail::handle_access::channel_of(tx), detail::side::sending);
    pending_ = false;
    if (detail::handle_access::channel_of(tx).write(token_, message))
      return send_result<T>::success();
    return send_result<T>::failure(send_status::disconnected, std::move(message));
  }

  /// Completes a chosen receive on a channel without data: false if it is
  /// disconnected.
  FEARLESS_REQUIRES("pending") FEARLESS_TRANSITION("completed")
  bool recv(const receiver<void>& rx) {
    return recv(static_cast<const receiver<unit>&>(rx)).has_value();
  }
  /// Completes a chosen send on a channel without data.
  FEARLESS_REQUIRES("pending") FEARLESS_TRANSITION("completed")
  send_result<unit> send(const sender<void>& tx) {
    return send(static_cast<const sender<unit>&>(tx), unit{});
  }

private:
  friend class selector;
  selected_operation(detail::select_operation op, const detail::token& t)
      : op_(op), token_(t), pending_(true) {}

  [[noreturn]] static void abandoned() noexcept {
    std::fputs(
        "fearless::channel::selected_operation destroyed without completing "
        "the selected operation, or overwritten before that (call recv() or send() on it)\n",
        stderr);
    std::abort();
  }

  void check(const detail::channel_base* channel, detail::side which) const {
    if (!pending_)
      throw std::logic_error("fearless::channel::selected_operation: already completed");
    if (channel != op_.channel || which != op_.which)
      throw std::logic_error(
          "fearless::channel::selected_operation: not the selected operation's channel "
          "(or a send completed as a receive, or the reverse)");
  }

  detail::select_operation op_;
  detail::token token_;
  bool pending_;
};

/// A select over operations added at run time. Add receive and send
/// operations (each gets the next index, from 0), then select as often as
/// needed; each select returns the reserved operation to complete. The
/// handles added must outlive the selector. Not thread-safe: one thread uses
/// a selector at a time.
class selector {
public:
  /// Adds a receive operation; returns its index.
  template <typename T>
  std::size_t recv(const receiver<T>& rx) {
    return add(&detail::handle_access::channel_of(rx), detail::side::receiving);
  }

  /// Adds a send operation; returns its index. The message is given when the
  /// operation is completed (selected_operation::send).
  template <typename T>
  std::size_t send(const sender<T>& tx) {
    return add(&detail::handle_access::channel_of(tx), detail::side::sending);
  }

  std::size_t recv(const receiver<void>& rx) {
    return recv(static_cast<const receiver<unit>&>(rx));
  }
  std::size_t send(const sender<void>& tx) {
    return send(static_cast<const sender<unit>&>(tx));
  }

  /// Removes the operation with this index (the others keep theirs, and
  /// their order).
  void remove(std::size_t index) {
    detail::select_operation* ops = data();
    for (std::size_t i = 0; i < size_; ++i) {
      if (ops[i].index == index) {
        std::move(ops + i + 1, ops + size_, ops + i);
        --size_;
        if (!spilled_.empty())
          spilled_.pop_back();
        return;
      }
    }
    throw std::out_of_range("fearless::channel::selector::remove: no operation with that index");
  }

  /// Blocks until an operation can complete and returns it. With no
  /// operation at all, blocks forever.
  FEARLESS_RETURNS_IN("pending") selected_operation select() {
    std::span<detail::select_operation> ops(data(), size_);
    detail::token t;
    const std::size_t chosen = *detail::run_select(ops, t, false, std::nullopt, biased_);
    return selected_operation(find(chosen), t);
  }

  /// Returns an operation that can complete now, if any.
  std::optional<selected_operation> try_select() { return run(true, std::nullopt); }

  template <typename Rep, typename Period>
  std::optional<selected_operation> select_timeout(std::chrono::duration<Rep, Period> timeout) {
    return run(false, detail::deadline_after(timeout));
  }

  std::optional<selected_operation> select_deadline(instant deadline) {
    return run(false, deadline);
  }

  /// The index of an operation that is ready now — it could complete, or
  /// fail at once on a disconnected channel — without reserving it: the
  /// caller then does it itself (try_recv, try_send), and may find that
  /// another thread was quicker. None if nothing is ready. crossbeam's
  /// Select::try_ready.
  std::optional<std::size_t> try_ready() { return ready_index(); }

  /// Blocks until some operation is ready and returns its index (see
  /// try_ready). With no operation at all, blocks forever.
  std::size_t ready() { return *wait_ready(std::nullopt); }

  template <typename Rep, typename Period>
  std::optional<std::size_t> ready_timeout(std::chrono::duration<Rep, Period> timeout) {
    return wait_ready(detail::deadline_after(timeout));
  }

  std::optional<std::size_t> ready_deadline(instant deadline) { return wait_ready(deadline); }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  /// Biased: when several operations are ready at once, the one added first
  /// wins (see select_biased); by default each ready one is equally likely.
  void set_biased(bool biased) noexcept { biased_ = biased; }
  [[nodiscard]] bool biased() const noexcept { return biased_; }

private:
  static constexpr std::size_t inline_capacity = 8;

  detail::select_operation* data() noexcept {
    return spilled_.empty() ? inline_.data() : spilled_.data();
  }

  std::size_t add(detail::channel_base* channel, detail::side which) {
    const detail::select_operation op{channel, which, next_index_++};
    if (size_ < inline_capacity && spilled_.empty()) {
      inline_[size_++] = op;
    } else {
      if (spilled_.empty())
        spilled_.assign(inline_.begin(), inline_.begin() + size_);
      spilled_.push_back(op);
      ++size_;
    }
    return op.index;
  }

  std::optional<selected_operation> run(bool try_only, std::optional<instant> deadline) {
    std::span<detail::select_operation> ops(data(), size_);
    detail::token t;
    std::optional<std::size_t> chosen = detail::run_select(ops, t, try_only, deadline, biased_);
    if (!chosen)
      return std::nullopt;
    return selected_operation(find(*chosen), t);
  }

  /// The first ready operation, in random order (in order when biased).
  std::optional<std::size_t> ready_index() {
    std::span<detail::select_operation> ops(data(), size_);
    detail::order_operations(ops, biased_);
    for (detail::select_operation& op : ops)
      if (op.channel->is_ready(op.which))
        return op.index;
    return std::nullopt;
  }

  /// Watches every operation until one is ready or the deadline passes. The
  /// watchers only wake this thread: nothing is reserved, no message moves.
  std::optional<std::size_t> wait_ready(std::optional<instant> deadline) {
    for (;;) {
      if (std::optional<std::size_t> found = ready_index())
        return found;
      if (size_ == 0) {
        detail::sleep_until_or_forever(deadline);
        return std::nullopt;
      }
      if (deadline && detail::clock::now() >= *deadline)
        return std::nullopt;
      std::shared_ptr<detail::context> cx = detail::context::for_this_thread();
      std::span<detail::select_operation> ops(data(), size_);
      for (detail::select_operation& op : ops)
        op.channel->watch(op.which, detail::operation_id(&op), cx);
      // Ready between the look above and the watch: do not sleep.
      std::optional<std::size_t> found = ready_index();
      std::optional<instant> wake_at = deadline;
      for (const detail::select_operation& op : ops)
        wake_at = detail::earliest(wake_at, op.channel->next_delivery());
      if (!found)
        (void)cx->wait_until(wake_at);
      for (detail::select_operation& op : ops)
        op.channel->unwatch(op.which, detail::operation_id(&op));
      if (found)
        return found;
    }
  }

  const detail::select_operation& find(std::size_t index) {
    detail::select_operation* ops = data();
    std::size_t i = 0;
    while (ops[i].index != index)  // run_select returned the index of one of them
      ++i;
    return ops[i];
  }

  std::array<detail::select_operation, inline_capacity> inline_;  // the first size_ are set
  std::vector<detail::select_operation> spilled_;
  std::size_t size_ = 0;
  std::size_t next_index_ = 0;
  bool biased_ = false;
};

}  // namespace fearless::channel

#include "fearless/channel/select_loop.hpp"  // needs the declarations above

#endif  // FEARLESS_SELECT_HPP
