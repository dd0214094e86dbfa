// fearless — the parallel merge sort behind par_sort (stable): sort both
// halves with join, then merge them into a buffer with a parallel merge
// (split the longer run at its middle, binary-search the split point in the
// other run, merge the two pairs of halves with join), and move back.
//
// The buffer holds moved-from elements from the start rather than raw
// memory, so a comparator that throws leaves every element constructed (in
// some order) and nothing to leak.
#ifndef FEARLESS_PAR_SORT_MERGESORT_HPP
#define FEARLESS_PAR_SORT_MERGESORT_HPP

#include "fearless/join.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <type_traits>
#include <vector>

namespace fearless::par::sorting {

inline constexpr std::ptrdiff_t sequential_merge_below = 8192;
inline constexpr std::ptrdiff_t sequential_stable_sort_below = 4096;

/// Merges [a, a_end) and [b, b_end) into out, stably (equal elements of the
/// first run first).
template <typename It, typename Out, typename Comp>
void parallel_merge(It a, It a_end, It b, It b_end, Out out, const Comp& comp) {
  const auto a_n = a_end - a;
  const auto b_n = b_end - b;
  if (a_n + b_n < sequential_merge_below) {
    std::merge(std::make_move_iterator(a), std::make_move_iterator(a_end),
               std::make_move_iterator(b), std::make_move_iterator(b_end), out, comp);
    return;
  }
  It a_mid, b_mid;
  if (a_n >= b_n) {
    a_mid = a + a_n / 2;
    b_mid = std::lower_bound(b, b_end, *a_mid, comp);  // b's elements < a_mid go first
  } else {
    b_mid = b + b_n / 2;
    a_mid = std::upper_bound(a, a_end, *b_mid, comp);  // a's elements <= b_mid go first
  }
  const Out out_mid = out + (a_mid - a) + (b_mid - b);
  fearless::join([&] { parallel_merge(a, a_mid, b, b_mid, out, comp); },
                 [&] { parallel_merge(a_mid, a_end, b_mid, b_end, out_mid, comp); });
}

/// Moves [first, last) to out in parallel pieces.
template <typename It, typename Out>
void parallel_move(It first, It last, Out out) {
  const auto n = last - first;
  if (n < sequential_merge_below) {
    std::move(first, last, out);
    return;
  }
  const auto half = n / 2;
  fearless::join([&] { parallel_move(first, first + half, out); },
                 [&] { parallel_move(first + half, last, out + half); });
}

/// Stable insertion sort, for the smallest pieces.
template <typename It, typename Comp>
void insertion_sort(It first, It last, const Comp& comp) {
  if (first == last)
    return;
  for (It i = first + 1; i != last; ++i) {
    if (!comp(*i, *(i - 1)))
      continue;
    auto moving = std::move(*i);
    It hole = i;
    do {
      *hole = std::move(*(hole - 1));
      --hole;
    } while (hole != first && comp(moving, *(hole - 1)));
    *hole = std::move(moving);
  }
}

/// A sequential stable merge sort through the same buffer. (Not
/// std::stable_sort: with clang, libstdc++'s stable_sort warns about its own
/// use of the deprecated std::get_temporary_buffer, which would break users'
/// -Werror builds.)
template <typename It, typename BufIt, typename Comp>
void sequential_merge_sort(It first, It last, BufIt buffer, const Comp& comp) {
  const auto n = last - first;
  if (n <= 24) {
    insertion_sort(first, last, comp);
    return;
  }
  const auto half = n / 2;
  const It mid = first + half;
  sequential_merge_sort(first, mid, buffer, comp);
  sequential_merge_sort(mid, last, buffer + half, comp);
  if (!comp(*mid, *(mid - 1)))
    return;
  std::merge(std::make_move_iterator(first), std::make_move_iterator(mid),
             std::make_move_iterator(mid), std::make_move_iterator(last), buffer, comp);
  std::move(buffer, buffer + n, first);
}

template <typename It, typename BufIt, typename Comp>
void parallel_merge_sort(It first, It last, BufIt buffer, const Comp& comp) {
  const auto n = last - first;
  if (n < sequential_stable_sort_below) {
    sequential_merge_sort(first, last, buffer, comp);
    return;
  }
  const auto half = n / 2;
  const It mid = first + half;
  fearless::join([&] { parallel_merge_sort(first, mid, buffer, comp); },
                 [&] { parallel_merge_sort(mid, last, buffer + half, comp); });
  if (!comp(*mid, *(mid - 1)))
    return;  // already in order: the halves meet without overlap
  parallel_merge(first, mid, mid, last, buffer, comp);
  parallel_move(buffer, buffer + n, first);
}

template <std::random_access_iterator It, typename Comp>
void merge_sort(It first, It last, const Comp& comp) {
  using T = std::iter_value_t<It>;
  if (last - first < 2)
    return;
  if constexpr (std::is_default_constructible_v<T>) {
    std::vector<T> buffer(static_cast<std::size_t>(last - first));
    parallel_merge_sort(first, last, buffer.begin(), comp);
  } else {
    // Constructed elements to move-assign into: the input's, moved out and back.
    std::vector<T> buffer(std::make_move_iterator(first), std::make_move_iterator(last));
    parallel_move(buffer.begin(), buffer.end(), first);
    parallel_merge_sort(first, last, buffer.begin(), comp);
  }
}

}  // namespace fearless::par::sorting

#endif  // FEARLESS_PAR_SORT_MERGESORT_HPP
