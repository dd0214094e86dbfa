// fearless — the parallel quicksort behind par_sort_unstable: partition
// around a median-of-three (ninther on large ranges), sort the two sides with
// join, and hand ranges below a cut-off to std::sort. After too many
// unbalanced partitions (an adversarial input) it falls back to std::sort for
// that range, which keeps the worst case O(n log n).
#ifndef FEARLESS_PAR_SORT_QUICKSORT_HPP
#define FEARLESS_PAR_SORT_QUICKSORT_HPP

#include "fearless/join.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <iterator>

namespace fearless::par::sorting {

/// Below this many elements a range is sorted sequentially: large enough
/// that the task costs nothing next to the sort, small enough to spread
/// uneven partitions over the threads.
inline constexpr std::ptrdiff_t sequential_sort_below = 4096;

template <typename It, typename Comp>
It median_of_three(It a, It b, It c, const Comp& comp) {
  if (comp(*b, *a))
    std::swap(a, b);
  if (comp(*c, *b)) {
    b = comp(*c, *a) ? a : c;
  }
  return b;
}

template <typename It, typename Comp>
It choose_pivot(It first, It last, const Comp& comp) {
  const auto n = last - first;
  const It mid = first + n / 2;
  if (n < 1024)
    return median_of_three(first, mid, last - 1, comp);
  const auto step = n / 8;
  return median_of_three(median_of_three(first, first + step, first + 2 * step, comp),
                         median_of_three(mid - step, mid, mid + step, comp),
                         median_of_three(last - 1 - 2 * step, last - 1 - step, last - 1, comp),
                         comp);
}

template <typename It, typename Comp>
void parallel_quicksort(It first, It last, const Comp& comp, int bad_partitions_left) {
  while (true) {
    const auto n = last - first;
    if (n < sequential_sort_below || bad_partitions_left <= 0) {
      std::sort(first, last, comp);
      return;
    }
    // Park the pivot at `first`, partition the rest, then put it between.
    std::iter_swap(first, choose_pivot(first, last, comp));
    const It split = std::partition(first + 1, last, [&](const auto& x) { return comp(x, *first); });
    const It pivot = split - 1;
    std::iter_swap(first, pivot);

    It right_first = split;
    if (pivot == first) {
      // Nothing was smaller than the pivot: group the elements equal to it
      // right after it, so that many duplicates cannot make every partition
      // one-sided.
      right_first = std::partition(split, last, [&](const auto& x) { return !comp(*pivot, x); });
    }
    const auto left_n = pivot - first;
    const auto right_n = last - right_first;
    if (std::min(left_n, right_n) < n / 16)
      --bad_partitions_left;
    if (left_n == 0) {  // only the right side is left: no task needed
      first = right_first;
      continue;
    }
    fearless::join([&] { parallel_quicksort(first, pivot, comp, bad_partitions_left); },
                   [&] { parallel_quicksort(right_first, last, comp, bad_partitions_left); });
    return;
  }
}

template <std::random_access_iterator It, typename Comp>
void quicksort(It first, It last, const Comp& comp) {
  const auto n = static_cast<std::size_t>(last - first);
  const int allowed_bad = n < 2 ? 0 : static_cast<int>(std::bit_width(n));
  parallel_quicksort(first, last, comp, allowed_bad);
}

}  // namespace fearless::par::sorting

#endif  // FEARLESS_PAR_SORT_QUICKSORT_HPP
