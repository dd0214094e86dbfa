// fearless — the producer over a random-access sequence: par_iter and
// par_iter_mut of a container, array, span or view.
#ifndef FEARLESS_PAR_SLICE_HPP
#define FEARLESS_PAR_SLICE_HPP

#include "fearless/par/plumbing.hpp"

#include <cstddef>
#include <iterator>
#include <ranges>
#include <type_traits>
#include <utility>

namespace fearless::par {

/// The reference a slice yields: made const for par_iter (C++20's iterators
/// of a const span still give mutable references, so const-ness is added
/// here rather than asked of the range).
template <typename Reference, bool AsConst>
using slice_item_t =
    std::conditional_t<AsConst && std::is_lvalue_reference_v<Reference>,
                       const std::remove_reference_t<Reference>&, Reference>;

/// Items [first, first + n) of a random-access sequence; yields references.
template <std::random_access_iterator It, bool AsConst>
class slice_producer {
public:
  using item_type = slice_item_t<std::iter_reference_t<It>, AsConst>;

  slice_producer(It first, std::size_t n) : first_(first), n_(n) {}
  [[nodiscard]] std::size_t len() const noexcept { return n_; }
  item_type get(std::size_t i) const { return first_[static_cast<std::iter_difference_t<It>>(i)]; }
  std::pair<slice_producer, slice_producer> split_at(std::size_t i) const {
    return {slice_producer(first_, i),
            slice_producer(first_ + static_cast<std::iter_difference_t<It>>(i), n_ - i)};
  }
  /// The source of a parallel iterator is its own producer.
  [[nodiscard]] slice_producer producer() const { return *this; }

private:
  It first_;
  std::size_t n_;
};

template <bool AsConst, std::ranges::random_access_range R>
auto make_slice(R& range) {
  return slice_producer<std::ranges::iterator_t<R>, AsConst>(
      std::ranges::begin(range), static_cast<std::size_t>(std::ranges::distance(range)));
}

}  // namespace fearless::par

#endif  // FEARLESS_PAR_SLICE_HPP
