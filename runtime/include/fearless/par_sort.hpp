// fearless — parallel sorting of random-access ranges on the pool:
//
//   fearless::par_sort(records, by_date);            // stable, merge sort
//   fearless::par_sort_unstable(values);             // quicksort, in place
//   fearless::par_sort_by_key(people, &person::age); // stable, by a key
//
// Integers in contiguous storage sorted with the default < are radix sorted
// (a scratch buffer as large as the range; same result). The comparator (or
// key function) is called from many threads at once, so
// it must be safe to call concurrently; it must be a strict weak ordering.
// If it throws, the exception is rethrown here once every task has stopped;
// as after std::sort, the elements are then valid but in an unspecified
// state: those being moved at that moment may be left moved-from (for
// par_sort, whose merges move through a buffer, up to a merge's worth).
#ifndef FEARLESS_PAR_SORT_HPP
#define FEARLESS_PAR_SORT_HPP

#include "fearless/par_iter.hpp"
#include "fearless/par/sort/mergesort.hpp"
#include "fearless/par/sort/quicksort.hpp"
#include "fearless/par/sort/radix.hpp"
#include "fearless/thread_pool.hpp"

#include <functional>
#include <iterator>
#include <ranges>
#include <type_traits>
#include <utility>
#include <vector>

namespace fearless {

namespace par::sorting {
/// Plain integers sorted with < take the radix path (the same result, stable
/// either way); everything else the comparison sorts.
template <typename It, typename Comp>
bool sorted_by_radix(It first, It last) {
  if constexpr (radix_applies<It, Comp>()) {
    const auto n = static_cast<std::size_t>(last - first);
    if (n >= radix_sort_from) {
      radix_sort(std::to_address(first), n);
      return true;
    }
  }
  return false;
}

template <typename Key>
struct compare_keys {
  const Key& key;
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    return std::invoke(key, a) < std::invoke(key, b);
  }
};
}  // namespace par::sorting

/// Sorts `range` with `comp` (default: <), keeping equal elements in their
/// original order. Uses a buffer as large as the range.
template <std::ranges::random_access_range R, typename Comp = std::ranges::less>
  requires std::sortable<std::ranges::iterator_t<R>, Comp>
void par_sort(R&& range, Comp comp = {}) {
  if (par::sorting::sorted_by_radix<std::ranges::iterator_t<R>, Comp>(std::ranges::begin(range),
                                                                       std::ranges::end(range)))
    return;
  par::sorting::merge_sort(std::ranges::begin(range), std::ranges::end(range), comp);
}

/// Sorts `range` with `comp` (default: <) in place; equal elements may be
/// reordered. Usually faster than par_sort and needs no buffer.
template <std::ranges::random_access_range R, typename Comp = std::ranges::less>
  requires std::sortable<std::ranges::iterator_t<R>, Comp>
void par_sort_unstable(R&& range, Comp comp = {}) {
  if (par::sorting::sorted_by_radix<std::ranges::iterator_t<R>, Comp>(std::ranges::begin(range),
                                                                       std::ranges::end(range)))
    return;
  par::sorting::quicksort(std::ranges::begin(range), std::ranges::end(range), comp);
}

/// Sorts `range` by key(element) with <, stably. `key` may be any callable,
/// including a pointer to member.
template <std::ranges::random_access_range R, typename Key>
void par_sort_by_key(R&& range, Key key) {
  par_sort(std::forward<R>(range), par::sorting::compare_keys<Key>{key});
}

/// Sorts `range` by key(element) with <; equal keys may be reordered.
template <std::ranges::random_access_range R, typename Key>
void par_sort_unstable_by_key(R&& range, Key key) {
  par_sort_unstable(std::forward<R>(range), par::sorting::compare_keys<Key>{key});
}

/// Sorts `range` by key(element) with <, stably, computing each key once
/// (in parallel) instead of at every comparison: for keys that are
/// expensive to compute (a string built from the element, a hash, a
/// parse). Uses a buffer of (key, position) pairs and one of the elements.
template <std::ranges::random_access_range R, typename Key>
void par_sort_by_cached_key(R&& range, Key key) {
  using element = std::ranges::range_value_t<R>;
  static_assert(std::is_invocable_v<const Key&, const element&>,
                "fearless::par_sort_by_cached_key: the key function takes a const element and "
                "must be callable as const (it runs on many threads at once, so a `mutable` "
                "lambda would race on its own captures)");
  using key_type = std::remove_cvref_t<std::invoke_result_t<const Key&, const element&>>;
  auto first = std::ranges::begin(range);
  const auto n = static_cast<std::size_t>(std::ranges::distance(range));
  if (n < 2)
    return;
  // Position breaks ties, so the unstable sort of pairs is a stable sort of
  // the elements.
  std::vector<std::pair<key_type, std::size_t>> keyed =
      par_range(std::size_t{0}, n)
          .map([&](std::size_t i) {
            return std::pair<key_type, std::size_t>(
                std::invoke(std::as_const(key), std::as_const(first[static_cast<std::ptrdiff_t>(i)])),
                i);
          })
          .collect();
  par_sort_unstable(keyed);
  std::vector<element> sorted =
      par_iter(keyed)
          .map([&](const std::pair<key_type, std::size_t>& k) {
            return element(std::move(first[static_cast<std::ptrdiff_t>(k.second)]));
          })
          .collect();
  par_range(std::size_t{0}, n).for_each([&](std::size_t i) {
    first[static_cast<std::ptrdiff_t>(i)] = std::move(sorted[i]);
  });
}

}  // namespace fearless

#endif  // FEARLESS_PAR_SORT_HPP
