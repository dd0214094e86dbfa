// fearless — the splitting protocol under every parallel iterator, written
// once so that each adaptor and terminal stays small (Rayon's plumbing, in
// C++ terms).
//
// A *producer* is a cheap, copyable view of the items still to produce:
//   item_type                     what it yields (often a reference)
//   std::size_t len() const       how many items (an upper bound after filter)
//   std::pair<P, P> split_at(i)   the first i items and the rest
//   item_type get(i) const        the i-th item — *indexed* producers only
//   void fold_with(Folder&) const feeds every item in order — the others
//   min_len() / max_len()         optional bounds on a piece's length
//
// A *consumer* turns items into a result:
//   result_type
//   folder make_folder() const    a sequential accumulator for one piece:
//                                 consume(item), full(), complete() &&
//   std::pair<C, C> split_at(i)   consumers for the first i items and the rest
//   result_type reduce(left, right) const   combines two pieces in order
//   bool full() const             true once the answer is known (find, any)
//
// bridge() cuts the producer in halves with fearless::join_context while the
// splitter says so, and folds each piece sequentially. The splitter is
// adaptive like Rayon's: it starts with a few pieces per thread and splits
// again only where pieces are being stolen, so cheap items are not drowned in
// task overhead and expensive ones still spread over every thread. A piece
// too small to split runs on the thread that holds it — for a call from
// outside the pool with a tiny input, the calling thread itself.
#ifndef FEARLESS_PAR_PLUMBING_HPP
#define FEARLESS_PAR_PLUMBING_HPP

#include "fearless/annotations.hpp"
#include "fearless/join.hpp"
#include "fearless/thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <concepts>
#include <cstddef>
#include <functional>
#include <limits>
#include <type_traits>
#include <utility>

namespace fearless::par {

template <typename P>
concept producer = std::copy_constructible<P> && requires(const P& p, std::size_t i) {
  typename P::item_type;
  { p.len() } -> std::convertible_to<std::size_t>;
  { p.split_at(i) } -> std::same_as<std::pair<P, P>>;
};

/// Producers that can hand out their i-th item directly; enumerate, zip,
/// chunks, position_any and in-place collect need them.
template <typename P>
concept indexed_producer = producer<P> && requires(const P& p, std::size_t i) {
  { p.get(i) } -> std::same_as<typename P::item_type>;
};

/// What a parallel iterator keeps (its source and closures); producer() makes
/// the cheap producer that points into it while a terminal runs.
template <typename S>
concept source = std::copy_constructible<S> && requires(const S& s) {
  { s.producer() } -> producer;
};

template <source S>
using producer_of = decltype(std::declval<const S&>().producer());

template <source S>
using item_of = typename producer_of<S>::item_type;

/// The value type of an item: what collect, min and find hand back.
template <typename Item>
using value_of = std::remove_cvref_t<Item>;

/// How an item is kept inside a pair (enumerate, zip): an rvalue reference
/// — an element moved out of a container the iterator owns — becomes the
/// value, or a collected pair would refer into a container that dies with
/// the iterator.
template <typename Item>
using held_t =
    std::conditional_t<std::is_rvalue_reference_v<Item>, std::remove_cvref_t<Item>, Item>;

template <typename P>
std::size_t min_len_of(const P& p) {
  if constexpr (requires { p.min_len(); })
    return std::max<std::size_t>(p.min_len(), 1);
  else
    return 1;
}

template <typename P>
std::size_t max_len_of(const P& p) {
  if constexpr (requires { p.max_len(); })
    return std::max<std::size_t>(p.max_len(), 1);
  else
    return std::numeric_limits<std::size_t>::max();
}

/// True for producers whose pieces carry state of their own (fold starts an
/// accumulator per piece): such pieces are fed whole, never in steps, or each
/// step would start a new accumulator. Adaptors pass their base's value on.
template <typename P>
constexpr bool folds_per_piece() {
  if constexpr (requires { P::folds_per_piece; })
    return P::folds_per_piece;
  else
    return false;
}

/// Feeds the producer's items to the folder in order, stopping once the
/// folder is full.
template <typename P, typename Folder>
void feed(const P& p, Folder& folder) {
  if constexpr (requires { p.fold_with(folder); }) {
    p.fold_with(folder);
  } else {
    static_assert(indexed_producer<P>, "a producer either folds or is indexed");
    const std::size_t n = p.len();
    for (std::size_t i = 0; i < n; ++i) {
      folder.consume(p.get(i));
      if (folder.full())
        return;
    }
  }
}

/// Calls a user's callable the way every adaptor does: through a const
/// reference, because many threads call the same object at once.
template <typename F, typename... Args>
decltype(auto) call(const F& f, Args&&... args) {
  return std::invoke(f, std::forward<Args>(args)...);
}

/// Rejects callables that cannot be called as const — a `mutable` lambda run
/// on many threads at once would race on its own captures.
template <typename F, typename... Args>
inline constexpr bool callable_as_const = std::is_invocable_v<const F&, Args...>;

#define FEARLESS_PAR_REQUIRE_CALLABLE(F, what, ...)                                           \
  static_assert(::fearless::par::callable_as_const<F, __VA_ARGS__>,                           \
                what ": the callable must accept the item and be callable as const (it runs " \
                    "on many threads at once, so a `mutable` lambda would race on its own "   \
                    "captures)")

/// An identity given as a value is copied; given as a callable, it is called
/// (fold and reduce accept both, like Rayon's identity closures).
template <typename Identity>
auto make_identity(const Identity& identity) {
  if constexpr (std::is_invocable_v<const Identity&>)
    return std::invoke(identity);
  else
    return identity;
}

/// The result type of terminals that return nothing.
struct unit {};

/// Decides where to cut. Copied into both halves at each split.
class splitter {
public:
  splitter(std::size_t threads, std::size_t len, std::size_t min_len, std::size_t max_len)
      : threads_(threads), splits_(std::max(threads, len / max_len)), min_len_(min_len) {}

  bool should_split(std::size_t len, bool migrated) noexcept {
    if (len / 2 < min_len_)
      return false;
    if (migrated) {
      // Stolen: the thief's core was idle, so there is demand for more pieces.
      splits_ = std::max(threads_, splits_ / 2);
      return true;
    }
    if (splits_ > 0) {
      splits_ /= 2;
      return true;
    }
    return false;
  }

private:
  std::size_t threads_;
  std::size_t splits_;
  std::size_t min_len_;
};

/// Shared by every piece of one terminal call: once a callable has thrown,
/// pieces not yet started are skipped. Only an atomic inside: FEARLESS_SYNC.
struct FEARLESS_SYNC bridge_state {
  std::atomic<bool> failed{false};
};

template <typename P, typename C>
typename C::result_type bridge_piece(std::size_t len, bool migrated, splitter split,
                                     const P& p, const C& c, bridge_state& state);

/// True when the calling worker's own deque is empty: everything it offered
/// has been taken by other threads, which are therefore short of work.
inline bool own_deque_is_empty() noexcept {
  pool_detail::worker* self = pool_detail::current_worker;
  return self != nullptr && self->deque().looks_empty();
}

/// Folds one piece sequentially, a growing step at a time. Between steps, if
/// this worker's deque has run dry (its other work was stolen, so some thread
/// is hungry), the rest of the piece is cut in two and offered with join
/// (lazy binary splitting). That keeps the end of a computation balanced —
/// a piece already running can still be shared — at the cost of one look at
/// the deque per step.
template <typename P, typename C>
typename C::result_type fold_piece(std::size_t len, splitter split, const P& p, const C& c,
                                   bridge_state& state) {
  constexpr std::size_t largest_step = 1024;
  auto folder = c.make_folder();
  if constexpr (folds_per_piece<P>()) {
    try {
      feed(p, folder);
    } catch (...) {
      state.failed.store(true, std::memory_order_relaxed);
      throw;
    }
    return std::move(folder).complete();
  }
  std::size_t done = 0;
  std::size_t step = 1;
  P rest = p;
  try {
    while (done < len) {
      const std::size_t take = std::min(step, len - done);
      if (take == len - done) {
        feed(rest, folder);
        break;
      }
      auto [now, later] = rest.split_at(take);
      feed(now, folder);
      done += take;
      rest = std::move(later);
      if (folder.full())
        break;
      step = std::min(step * 2, largest_step);
      const std::size_t remaining = len - done;
      if (remaining / 2 >= min_len_of(p) && remaining > step && own_deque_is_empty()) {
        const std::size_t mid = remaining / 2;
        auto [left_p, right_p] = rest.split_at(mid);
        auto [left_c, right_c] = c.split_at(done).second.split_at(mid);
        auto [left, right] = fearless::join_context(
            [&](bool) { return fold_piece(mid, split, left_p, left_c, state); },
            [&](bool) { return fold_piece(remaining - mid, split, right_p, right_c, state); });
        return c.reduce(std::move(folder).complete(), c.reduce(std::move(left), std::move(right)));
      }
    }
  } catch (...) {
    state.failed.store(true, std::memory_order_relaxed);
    throw;
  }
  return std::move(folder).complete();
}

template <typename P, typename C>
typename C::result_type bridge_piece(std::size_t len, bool migrated, splitter split,
                                     const P& p, const C& c, bridge_state& state) {
  if (c.full() || state.failed.load(std::memory_order_relaxed)) {
    auto folder = c.make_folder();
    return std::move(folder).complete();
  }
  if (split.should_split(len, migrated)) {
    const std::size_t mid = len / 2;
    auto [left_p, right_p] = p.split_at(mid);
    auto [left_c, right_c] = c.split_at(mid);
    auto [left, right] = fearless::join_context(
        [&](bool m) { return bridge_piece(mid, m, split, left_p, left_c, state); },
        [&](bool m) { return bridge_piece(len - mid, m, split, right_p, right_c, state); });
    return c.reduce(std::move(left), std::move(right));
  }
  return fold_piece(len, split, p, c, state);
}

/// Runs consumer `c` over producer `p` on the current pool.
template <typename P, typename C>
typename C::result_type bridge(const P& p, const C& c) {
  const std::size_t len = p.len();
  splitter split(fearless::current_num_threads(), len, min_len_of(p), max_len_of(p));
  bridge_state state;
  return bridge_piece(len, false, split, p, c, state);
}

}  // namespace fearless::par

#endif  // FEARLESS_PAR_PLUMBING_HPP
