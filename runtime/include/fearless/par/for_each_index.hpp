// fearless — for_each_index(n, min_len, max_len, body): body(i) for every i
// in [0, n) on the pool, in pieces of min_len to max_len indices. The
// runtime's own parallel loops (radix sort passes, collect's page faulting)
// use it instead of building a range iterator each.
#ifndef FEARLESS_PAR_FOR_EACH_INDEX_HPP
#define FEARLESS_PAR_FOR_EACH_INDEX_HPP

#include "fearless/par/for_each.hpp"
#include "fearless/par/len_bounds.hpp"
#include "fearless/par/plumbing.hpp"
#include "fearless/par/range.hpp"

#include <cstddef>

namespace fearless::par {

template <typename Body>
void for_each_index(std::size_t n, std::size_t min_len, std::size_t max_len, const Body& body) {
  const len_bounds_producer<range_producer<std::size_t>> indices(
      range_producer<std::size_t>(0, n), min_len, max_len);
  bridge(indices, for_each_consumer<Body>(&body));
}

}  // namespace fearless::par

#endif  // FEARLESS_PAR_FOR_EACH_INDEX_HPP
