// fearless — Rayon-style parallel iterators: change a loop over a container
// into a pipeline that spreads over every core of the pool.
//
//   std::uint64_t total = fearless::par_iter(values)
//                             .filter([](std::uint64_t x) { return x % 3 == 0; })
//                             .map([](std::uint64_t x) { return x * x; })
//                             .sum();
//
// Entry points: par_iter (const elements), par_iter_mut (mutable elements,
// each visited by exactly one task), par_range (integers), par_chunks and
// par_chunks_mut (spans). The adaptors and terminals are the members of
// fearless::parallel_iterator (fearless/par/iterator.hpp); see
// docs/runtime/par_iter.md. Work runs on the pool of the calling thread: a
// pool's own thread stays in its pool; any other thread works in the global
// pool itself until the terminal is done (see fearless/thread_pool.hpp).
#ifndef FEARLESS_PAR_ITER_HPP
#define FEARLESS_PAR_ITER_HPP

#include "fearless/join.hpp"
#include "fearless/par/chunks_source.hpp"
#include "fearless/par/iterator.hpp"
#include "fearless/par/owned_items.hpp"
#include "fearless/par/range.hpp"
#include "fearless/par/slice.hpp"
#include "fearless/par/windows_source.hpp"
#include "fearless/thread_pool.hpp"

#include <concepts>
#include <cstddef>
#include <ranges>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace fearless {

/// Iterates a random-access range (a container, array, span, view) in
/// parallel; the items are const references to its elements. A named range
/// must outlive the iterator. A container given as an rvalue
/// (par_iter(std::move(v)), par_iter(make_vector())) is moved into the
/// iterator, which yields rvalue references: map and collect move the
/// elements instead of copying them, and the first terminal consumes the
/// container (a second one throws std::logic_error).
template <typename R>
auto par_iter(R&& range) {
  using bare = std::remove_cvref_t<R>;
  static_assert(std::ranges::random_access_range<const bare> && std::ranges::sized_range<const bare>,
                "fearless::par_iter needs a sized random-access range (vector, array, deque, "
                "span, string, iota view...); copy other ranges into a std::vector first");
  if constexpr (std::is_lvalue_reference_v<R> || std::ranges::borrowed_range<R>) {
    const bare& view = range;
    return parallel_iterator(par::make_slice<true>(view));
  } else {
    return parallel_iterator(par::owning_source<bare>(std::forward<R>(range)));
  }
}

/// Iterates a container in parallel with mutable references to its
/// elements; every element is visited by exactly one task, so writing to the
/// element itself is safe.
template <typename R>
auto par_iter_mut(R&& range) {
  static_assert(std::is_lvalue_reference_v<R> || std::ranges::borrowed_range<R>,
                "fearless::par_iter_mut needs a named container: the changes to a temporary "
                "would be lost when it is destroyed");
  static_assert(std::ranges::random_access_range<std::remove_reference_t<R>> &&
                    std::ranges::sized_range<std::remove_reference_t<R>>,
                "fearless::par_iter_mut needs a sized random-access range");
  static_assert(!std::is_const_v<std::remove_reference_t<
                    std::ranges::range_reference_t<std::remove_reference_t<R>>>>,
                "fearless::par_iter_mut needs mutable elements; use par_iter for a const "
                "container");
  auto& view = range;
  return parallel_iterator(par::make_slice<false>(view));
}

/// The integers begin, begin + 1, ..., end - 1 (none if end <= begin), as
/// std::common_type_t<A, B> (so par_range(0, v.size()) yields size_t). The
/// comparison is mathematical; a non-empty range with an end point the
/// common type cannot hold (a negative begin with an unsigned end) throws
/// std::out_of_range rather than wrapping around.
template <std::integral A, std::integral B>
auto par_range(A begin, B end) {
  using T = std::common_type_t<A, B>;
  if (std::cmp_less_equal(end, begin))
    return parallel_iterator(par::range_producer<T>(T{}, T{}));
  if (!std::in_range<T>(begin) || !std::in_range<T>(end))
    throw std::out_of_range(
        "fearless::par_range: an end point does not fit the range's type (a negative begin "
        "with an unsigned end?); convert both to one signed type");
  return parallel_iterator(par::range_producer<T>(static_cast<T>(begin), static_cast<T>(end)));
}

/// Consecutive std::span<const T>s of `size` elements of a contiguous range
/// (the last may be shorter). size 0 throws std::invalid_argument.
template <typename R>
auto par_chunks(R&& range, std::size_t size) {
  static_assert(std::is_lvalue_reference_v<R> || std::ranges::borrowed_range<R>,
                "fearless::par_chunks needs a named container: the spans would point into a "
                "temporary destroyed at the end of the statement");
  static_assert(std::ranges::contiguous_range<R> && std::ranges::sized_range<R>,
                "fearless::par_chunks needs a sized contiguous range (vector, array, span...)");
  using T = std::ranges::range_value_t<R>;
  if (size == 0)
    throw std::invalid_argument("fearless::par_chunks: size 0 (a chunk holds at least one element)");
  return parallel_iterator(par::span_chunks_producer<const T>(
      std::span<const T>(std::ranges::data(range), std::ranges::size(range)), size));
}

/// Every run of `size` consecutive elements, as overlapping
/// std::span<const T>s (Rayon's par_windows): n - size + 1 of them, none when
/// the range is shorter. size 0 throws std::invalid_argument.
template <typename R>
auto par_windows(R&& range, std::size_t size) {
  static_assert(std::is_lvalue_reference_v<R> || std::ranges::borrowed_range<R>,
                "fearless::par_windows needs a named container: the spans would point into a "
                "temporary destroyed at the end of the statement");
  static_assert(std::ranges::contiguous_range<R> && std::ranges::sized_range<R>,
                "fearless::par_windows needs a sized contiguous range (vector, array, span...)");
  using T = std::ranges::range_value_t<R>;
  if (size == 0)
    throw std::invalid_argument("fearless::par_windows: size 0 (a window holds at least one element)");
  return parallel_iterator(par::span_windows_producer<const T>(
      std::span<const T>(std::ranges::data(range), std::ranges::size(range)), size));
}

/// Consecutive std::span<T>s of `size` elements; each element belongs to
/// exactly one chunk, so a task may write its chunk.
template <std::ranges::contiguous_range R>
  requires std::ranges::sized_range<R>
auto par_chunks_mut(R& range, std::size_t size) {
  using T = std::remove_reference_t<std::ranges::range_reference_t<R>>;
  if (size == 0)
    throw std::invalid_argument(
        "fearless::par_chunks_mut: size 0 (a chunk holds at least one element)");
  return parallel_iterator(par::span_chunks_producer<T>(
      std::span<T>(std::ranges::data(range), std::ranges::size(range)), size));
}

}  // namespace fearless

#endif  // FEARLESS_PAR_ITER_HPP
