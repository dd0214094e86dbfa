// fearless — parallel_iterator: the value par_iter() and friends return, with
// every adaptor and terminal. Adaptors return a new parallel_iterator that
// owns the old one and the callable; nothing runs until a terminal is called.
// Each adaptor and terminal lives in its own file; this class only wires them.
#ifndef FEARLESS_PAR_ITERATOR_HPP
#define FEARLESS_PAR_ITERATOR_HPP

#include "fearless/par/chain.hpp"
#include "fearless/par/chunks.hpp"
#include "fearless/par/collect.hpp"
#include "fearless/par/collect_container.hpp"
#include "fearless/par/enumerate.hpp"
#include "fearless/par/extremum.hpp"
#include "fearless/par/filter.hpp"
#include "fearless/par/filter_map.hpp"
#include "fearless/par/find.hpp"
#include "fearless/par/flat_map.hpp"
#include "fearless/par/fold.hpp"
#include "fearless/par/for_each.hpp"
#include "fearless/par/for_each_init.hpp"
#include "fearless/par/inspect.hpp"
#include "fearless/par/len_bounds.hpp"
#include "fearless/par/map.hpp"
#include "fearless/par/map_init.hpp"
#include "fearless/par/partition.hpp"
#include "fearless/par/plumbing.hpp"
#include "fearless/par/reduce.hpp"
#include "fearless/par/rev.hpp"
#include "fearless/par/step_by.hpp"
#include "fearless/par/take_skip.hpp"
#include "fearless/par/zip.hpp"

#include <atomic>
#include <cstddef>
#include <limits>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace fearless {

template <par::source S>
class parallel_iterator;

namespace par {
template <typename T>
inline constexpr bool is_parallel_iterator_v = false;
template <typename S>
inline constexpr bool is_parallel_iterator_v<parallel_iterator<S>> = true;
}  // namespace par

template <typename R>
auto par_iter(R&& range);

/// A description of parallel work over a sequence of items. Copyable; the
/// callables given to adaptors and terminals are called through const
/// references from many threads at once, so they must be safe to call
/// concurrently (fearless-shared-mutable-capture checks what they capture).
template <par::source S>
class parallel_iterator {
public:
  /// What each item is: a reference into the container for par_iter and
  /// par_iter_mut, a value after map.
  using item_type = par::item_of<S>;
  /// What terminals that hand items back (collect, min, find_...) return.
  using value_type = par::value_of<item_type>;
  /// True while the number and positions of items are known (not after
  /// filter, filter_map or fold); enumerate, zip, chunks, position_any need it.
  static constexpr bool indexed = par::indexed_producer<par::producer_of<S>>;

  explicit parallel_iterator(S source) : source_(std::move(source)) {}

  // --- adaptors --------------------------------------------------------------

  /// Each item x becomes f(x).
  template <typename F>
  auto map(F f) const {
    FEARLESS_PAR_REQUIRE_CALLABLE(F, "fearless: map", item_type);
    return make(par::map_source<S, F>{source_, std::move(f)});
  }

  /// Keeps the items for which pred(x) is true; pred sees x as const.
  template <typename F>
  auto filter(F pred) const {
    FEARLESS_PAR_REQUIRE_CALLABLE(F, "fearless: filter", const std::remove_reference_t<item_type>&);
    return make(par::filter_source<S, F>{source_, std::move(pred)});
  }

  /// Like map, with per-task state: init() makes a state for each
  /// sequential piece of work and f(state, x) maps x with it (f may change
  /// the state). The result is no longer indexed.
  template <typename Init, typename F>
  auto map_init(Init init, F f) const {
    static_assert(std::is_invocable_v<const Init&>,
                  "fearless: map_init: init() takes no argument and returns the state");
    using state = std::invoke_result_t<const Init&>;
    FEARLESS_PAR_REQUIRE_CALLABLE(F, "fearless: map_init", state&, item_type);
    return make(par::map_init_source<S, Init, F>{source_, std::move(init), std::move(f)});
  }

  /// map_init with a copy of `value` as each piece's state.
  template <typename T, typename F>
  auto map_with(T value, F f) const {
    return map_init(par::copy_of<T>{std::move(value)}, std::move(f));
  }

  /// Each item x becomes the items of f(x), a range (or a parallel
  /// iterator, run and collected), in order. Not indexed afterwards.
  template <typename F>
  auto flat_map(F f) const {
    FEARLESS_PAR_REQUIRE_CALLABLE(F, "fearless: flat_map", item_type);
    return make(par::flat_map_source<S, F>{source_, std::move(f)});
  }

  /// Each item x becomes the items of the range f(x), iterated in sequence
  /// (Rayon's name for a flat_map whose inner items are not parallel).
  template <typename F>
  auto flat_map_iter(F f) const {
    FEARLESS_PAR_REQUIRE_CALLABLE(F, "fearless: flat_map_iter", item_type);
    static_assert(std::ranges::input_range<std::remove_reference_t<std::invoke_result_t<const F&, item_type>>>,
                  "fearless: flat_map_iter: f(x) must return a range; use flat_map for a "
                  "parallel iterator");
    return make(par::flat_map_source<S, F>{source_, std::move(f)});
  }

  /// The items of this iterator, then those of `other` (a parallel iterator,
  /// or a range taken as par_iter(range)). Indexed if both are.
  template <typename Other>
  auto chain(Other&& other) const {
    if constexpr (par::is_parallel_iterator_v<std::remove_cvref_t<Other>>) {
      return make(par::chain_source<S, typename std::remove_cvref_t<Other>::source_type>{
          source_, other.source_});
    } else {
      return chain(fearless::par_iter(std::forward<Other>(other)));
    }
  }

  /// The first n items. Indexed iterators compute nothing else; after
  /// filter, flat_map and the like every item is computed and collected
  /// first, because which one is the n-th is unknown until then.
  auto take(std::size_t n) const { return make(par::take_skip_source<S>{source_, 0, n}); }

  /// All items but the first n (same cost rule as take).
  auto skip(std::size_t n) const {
    return make(par::take_skip_source<S>{source_, n, std::numeric_limits<std::size_t>::max()});
  }

  /// Every k-th item, starting with the first. Indexed only; k == 0 throws
  /// std::invalid_argument.
  auto step_by(std::size_t k) const {
    if (k == 0)
      throw std::invalid_argument("fearless: step_by(0): the step must be at least 1");
    return make(par::step_by_source<S>{source_, k});
  }

  /// The items in reverse order. Indexed only.
  auto rev() const { return make(par::rev_source<S>{source_}); }

  /// f(x) returns a std::optional; keeps the engaged values.
  template <typename F>
  auto filter_map(F f) const {
    FEARLESS_PAR_REQUIRE_CALLABLE(F, "fearless: filter_map", item_type);
    return make(par::filter_map_source<S, F>{source_, std::move(f)});
  }

  /// Each item x at position i becomes std::pair(i, x). Indexed only.
  auto enumerate() const { return make(par::enumerate_source<S>{source_}); }

  /// Pairs (x_i, y_i) of this and `other` (a parallel iterator or a range,
  /// taken as par_iter(range)), as many as the shorter has. Indexed only.
  template <typename Other>
  auto zip(Other&& other) const {
    if constexpr (par::is_parallel_iterator_v<std::remove_cvref_t<Other>>) {
      return make(par::zip_source<S, typename std::remove_cvref_t<Other>::source_type>{
          source_, other.source_});
    } else {
      return zip(fearless::par_iter(std::forward<Other>(other)));
    }
  }

  /// Consecutive items grouped into std::vectors of `size` values (the last
  /// may be shorter). Indexed only; size 0 throws std::invalid_argument.
  auto chunks(std::size_t size) const {
    if (size == 0)
      throw std::invalid_argument("fearless: chunks(0): a chunk holds at least one item");
    return make(par::chunks_source<S>{source_, size});
  }

  /// Never splits a piece below `n` items: for items so cheap that a task
  /// costs more than a few of them.
  auto with_min_len(std::size_t n) const {
    return make(par::len_bounds_source<S>{source_, n, std::numeric_limits<std::size_t>::max()});
  }

  /// Splits until pieces hold at most `n` items: for expensive or uneven
  /// items (with_max_len(1): one task per item).
  auto with_max_len(std::size_t n) const {
    return make(par::len_bounds_source<S>{source_, 1, n == 0 ? 1 : n});
  }

  /// Calls f(x) (x as const) on each item as it passes.
  template <typename F>
  auto inspect(F f) const {
    FEARLESS_PAR_REQUIRE_CALLABLE(F, "fearless: inspect", const std::remove_reference_t<item_type>&);
    return make(par::inspect_source<S, F>{source_, std::move(f)});
  }

  /// Folds each sequential piece: acc = identity (a value, or a callable
  /// returning it), then acc = op(acc, x) per item. Yields the per-piece
  /// accumulators; follow it with reduce, sum or collect.
  template <typename Identity, typename Op>
  auto fold(Identity identity, Op op) const {
    using acc = decltype(par::make_identity(identity));
    FEARLESS_PAR_REQUIRE_CALLABLE(Op, "fearless: fold", acc, item_type);
    return make(par::fold_source<S, Identity, Op>{source_, std::move(identity), std::move(op)});
  }

  // --- terminals -------------------------------------------------------------

  /// Calls f(x) on every item.
  template <typename F>
  void for_each(const F& f) const {
    FEARLESS_PAR_REQUIRE_CALLABLE(F, "fearless: for_each", item_type);
    run(par::for_each_consumer<F>(&f));
  }

  /// Calls f(state, x) on every item, where each sequential piece of work
  /// has its own state made by init() — f may change it without racing.
  template <typename Init, typename F>
  void for_each_init(const Init& init, const F& f) const {
    static_assert(std::is_invocable_v<const Init&>,
                  "fearless: for_each_init: init() takes no argument and returns the state");
    FEARLESS_PAR_REQUIRE_CALLABLE(F, "fearless: for_each_init",
                                  std::invoke_result_t<const Init&>&, item_type);
    run(par::for_each_init_consumer<Init, F>(&init, &f));
  }

  /// for_each_init with a copy of `value` as each piece's state (Rayon's
  /// for_each_with: a sender per task, say).
  template <typename T, typename F>
  void for_each_with(const T& value, const F& f) const {
    const par::copy_of<T> init{value};
    for_each_init(init, f);
  }

  /// Combines all items with op, starting each piece from identity (a value,
  /// or a callable returning it). op must be associative, identity neutral.
  template <typename Identity, typename Op>
  auto reduce(const Identity& identity, const Op& op) const {
    using T = decltype(par::make_identity(identity));
    FEARLESS_PAR_REQUIRE_CALLABLE(Op, "fearless: reduce", T, item_type);
    static_assert(std::is_invocable_r_v<T, const Op&, T, T>,
                  "fearless: reduce's op also combines two partial results: op(T, T) -> T");
    return run(par::reduce_consumer<T, Identity, Op>(&identity, &op));
  }

  /// The sum of the items, accumulated in Sum (default: the item's type),
  /// starting from Sum{}.
  template <typename Sum = value_type>
  Sum sum() const {
    const Sum zero{};
    const par::add_to add;
    return run(par::reduce_consumer<Sum, Sum, par::add_to>(&zero, &add));
  }

  /// The product of the items, accumulated in Product, starting from 1.
  template <typename Product = value_type>
  Product product() const {
    const Product one = static_cast<Product>(1);
    const par::multiply_into multiply;
    return run(par::reduce_consumer<Product, Product, par::multiply_into>(&one, &multiply));
  }

  /// How many items there are.
  [[nodiscard]] std::size_t count() const { return run(par::count_consumer{}); }

  /// The smallest item (the first of equals), or nullopt if there are none.
  std::optional<value_type> min() const { return extremum<par::extreme::min>(par::self_key{}); }
  /// The largest item (the last of equals), or nullopt if there are none.
  std::optional<value_type> max() const { return extremum<par::extreme::max>(par::self_key{}); }
  /// The item with the smallest key(x) (the first of equals).
  template <typename Key>
  std::optional<value_type> min_by_key(const Key& key) const {
    FEARLESS_PAR_REQUIRE_CALLABLE(Key, "fearless: min_by_key", const value_type&);
    return extremum<par::extreme::min>(key);
  }
  /// The item with the largest key(x) (the last of equals).
  template <typename Key>
  std::optional<value_type> max_by_key(const Key& key) const {
    FEARLESS_PAR_REQUIRE_CALLABLE(Key, "fearless: max_by_key", const value_type&);
    return extremum<par::extreme::max>(key);
  }

  /// True if pred(x) holds for some item; stops at the first match found.
  template <typename Pred>
  bool any(const Pred& pred) const {
    FEARLESS_PAR_REQUIRE_CALLABLE(Pred, "fearless: any", const std::remove_reference_t<item_type>&);
    std::atomic<bool> found{false};
    return run(par::any_consumer<Pred>(&pred, &found));
  }

  /// True if pred(x) holds for every item; stops at the first counterexample.
  template <typename Pred>
  bool all(const Pred& pred) const {
    FEARLESS_PAR_REQUIRE_CALLABLE(Pred, "fearless: all", const std::remove_reference_t<item_type>&);
    auto fails = [&pred](const auto& x) { return !static_cast<bool>(par::call(pred, x)); };
    return !any(fails);
  }

  /// Some item matching pred, not necessarily the first; stops early.
  template <typename Pred>
  std::optional<value_type> find_any(const Pred& pred) const {
    FEARLESS_PAR_REQUIRE_CALLABLE(Pred, "fearless: find_any", const std::remove_reference_t<item_type>&);
    std::atomic<bool> found{false};
    return run(par::find_any_consumer<value_type, Pred>(&pred, &found));
  }

  /// The first item in sequence order matching pred; pieces after a match
  /// stop early.
  template <typename Pred>
  std::optional<value_type> find_first(const Pred& pred) const {
    FEARLESS_PAR_REQUIRE_CALLABLE(Pred, "fearless: find_first", const std::remove_reference_t<item_type>&);
    std::atomic<std::size_t> best{std::numeric_limits<std::size_t>::max()};
    return run(par::find_first_consumer<value_type, Pred>(&pred, &best));
  }

  /// The position of some item matching pred. Indexed only.
  template <typename Pred>
  std::optional<std::size_t> position_any(const Pred& pred) const {
    static_assert(indexed, "fearless: position_any needs an indexed iterator (positions are "
                           "unknown after filter, filter_map or fold)");
    FEARLESS_PAR_REQUIRE_CALLABLE(Pred, "fearless: position_any", const std::remove_reference_t<item_type>&);
    auto matches = [&pred](const auto& numbered) {
      return static_cast<bool>(par::call(pred, numbered.second));
    };
    auto found = enumerate().find_any(matches);
    if (!found)
      return std::nullopt;
    return found->first;
  }

  /// The position of the first item matching pred. Indexed only.
  template <typename Pred>
  std::optional<std::size_t> position_first(const Pred& pred) const {
    static_assert(indexed, "fearless: position_first needs an indexed iterator (positions are "
                           "unknown after filter, filter_map or fold)");
    FEARLESS_PAR_REQUIRE_CALLABLE(Pred, "fearless: position_first", const std::remove_reference_t<item_type>&);
    auto matches = [&pred](const auto& numbered) {
      return static_cast<bool>(par::call(pred, numbered.second));
    };
    auto found = enumerate().find_first(matches);
    if (!found)
      return std::nullopt;
    return found->first;
  }

  /// Two vectors in one pass, in the original order: the items for which
  /// pred holds, and the others.
  template <typename Pred>
  std::pair<std::vector<value_type>, std::vector<value_type>> partition(const Pred& pred) const {
    FEARLESS_PAR_REQUIRE_CALLABLE(Pred, "fearless: partition", const std::remove_reference_t<item_type>&);
    const par::partition_route<Pred> route{&pred};
    return par::join_both(
        run(par::two_vectors_consumer<value_type, value_type, par::partition_route<Pred>>(&route)));
  }

  /// Pair items split into a vector of their firsts and one of their
  /// seconds, in order.
  auto unzip() const {
    using first_type = std::remove_cvref_t<std::tuple_element_t<0, value_type>>;
    using second_type = std::remove_cvref_t<std::tuple_element_t<1, value_type>>;
    const par::unzip_route route;
    return par::join_both(
        run(par::two_vectors_consumer<first_type, second_type, par::unzip_route>(&route)));
  }

  /// The items in a std::vector, in their original order.
  std::vector<value_type> collect() const {
    std::vector<value_type> out;
    collect_into(out);
    return out;
  }

  /// The items in a Container: std::vector<value_type> as collect(); a map
  /// (from pair items; a later equal key wins), set, list, deque or string
  /// is built from the collected vector (see par/collect_container.hpp).
  template <typename Container>
  Container collect() const {
    if constexpr (std::is_same_v<Container, std::vector<value_type>>) {
      return collect();
    } else {
      static_assert(par::collectable_into<Container, value_type>,
                    "fearless: collect<Container>: the container needs insert(end, item), "
                    "insert_or_assign(key, value) for pair items, or is a string of "
                    "characters or strings");
      return par::into_container<Container>(collect());
    }
  }

  /// Like collect, into `out` (its old elements are replaced), reusing its
  /// storage: collecting the same number of items again allocates nothing
  /// and touches no fresh memory (Rayon's collect_into_vec).
  void collect_into(std::vector<value_type>& out) const {
    auto producer = source_.producer();
    if constexpr (indexed && std::is_default_constructible_v<value_type> &&
                  std::is_assignable_v<value_type&, item_type>) {
      const std::size_t n = producer.len();
      if (out.capacity() < n)
        out = par::presized_vector<value_type>(n);
      else
        out.resize(n);
      const std::size_t written =
          par::bridge(producer, par::collect_in_place_consumer<value_type>(out.data(), n));
      out.resize(written);  // the same size, unless a producer miscounted
    } else {
      out = par::join_pieces(par::bridge(producer, par::collect_pieces_consumer<value_type>{}));
    }
  }

  using source_type = S;

private:
  template <par::source>
  friend class parallel_iterator;

  template <typename S2>
  static parallel_iterator<S2> make(S2 source) {
    return parallel_iterator<S2>(std::move(source));
  }

  template <typename Consumer>
  typename Consumer::result_type run(const Consumer& consumer) const {
    return par::bridge(source_.producer(), consumer);
  }

  template <par::extreme Which, typename Key>
  std::optional<value_type> extremum(const Key& key) const {
    auto best = run(par::extremum_consumer<value_type, Key, Which>(&key));
    if (!best)
      return std::nullopt;
    return std::optional<value_type>(std::move(best->value));
  }

  S source_;
};

}  // namespace fearless

#endif  // FEARLESS_PAR_ITERATOR_HPP
