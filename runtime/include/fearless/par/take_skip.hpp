// fearless — take(n) and skip(n): the first n items, or all but the first n.
//
// An indexed iterator is narrowed with split_at: nothing is computed for the
// items left out. A non-indexed one (after filter, flat_map...) cannot know
// where its n-th item is until every earlier item is known, so its items are
// collected first (in parallel) and the narrowed part is handed on to be
// moved from.
#ifndef FEARLESS_PAR_TAKE_SKIP_HPP
#define FEARLESS_PAR_TAKE_SKIP_HPP

#include "fearless/par/collect.hpp"
#include "fearless/par/owned_items.hpp"
#include "fearless/par/plumbing.hpp"

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

namespace fearless::par {

/// The part [first, first + count) of an indexed producer, clamped to it.
template <indexed_producer P>
P narrow(const P& p, std::size_t first, std::size_t count) {
  const std::size_t n = p.len();
  const std::size_t begin = std::min(first, n);
  const std::size_t size = std::min(count, n - begin);
  return p.split_at(begin).second.split_at(size).first;
}

/// Items [first, first + count) of the base, in order.
template <source S>
struct take_skip_source {
  S base;
  std::size_t first;
  std::size_t count;

  auto producer() const {
    using P = producer_of<S>;
    if constexpr (indexed_producer<P>) {
      return narrow(base.producer(), first, count);
    } else {
      using T = value_of<item_of<S>>;
      auto items = std::make_shared<std::vector<T>>(join_pieces(
          bridge(base.producer(), collect_pieces_consumer<T>{})));
      using It = typename std::vector<T>::iterator;
      owned_items_producer<It> all(items, items->begin(), items->size());
      return narrow(all, first, count);
    }
  }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_TAKE_SKIP_HPP
