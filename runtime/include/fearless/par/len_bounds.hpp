// fearless — with_min_len(n) / with_max_len(n): bounds on how many items one
// sequential piece holds. min_len stops splitting below n items (less task
// overhead for cheap items); max_len keeps splitting down to n items (more
// pieces for expensive, uneven items; with_max_len(1) makes every item its
// own task).
#ifndef FEARLESS_PAR_LEN_BOUNDS_HPP
#define FEARLESS_PAR_LEN_BOUNDS_HPP

#include "fearless/par/plumbing.hpp"

#include <algorithm>

namespace fearless::par {

template <producer P>
class len_bounds_producer {
public:
  using item_type = typename P::item_type;
  static constexpr bool folds_per_piece = par::folds_per_piece<P>();

  len_bounds_producer(P base, std::size_t min, std::size_t max)
      : base_(std::move(base)), min_(min), max_(max) {}
  [[nodiscard]] std::size_t len() const { return base_.len(); }
  [[nodiscard]] std::size_t min_len() const { return std::max(min_, min_len_of(base_)); }
  [[nodiscard]] std::size_t max_len() const { return std::min(max_, max_len_of(base_)); }
  std::pair<len_bounds_producer, len_bounds_producer> split_at(std::size_t i) const {
    auto [left, right] = base_.split_at(i);
    return {len_bounds_producer(std::move(left), min_, max_),
            len_bounds_producer(std::move(right), min_, max_)};
  }
  item_type get(std::size_t i) const
    requires indexed_producer<P>
  {
    return base_.get(i);
  }
  template <typename Folder>
    requires(!indexed_producer<P>)
  void fold_with(Folder& folder) const {
    feed(base_, folder);
  }

private:
  P base_;
  std::size_t min_;
  std::size_t max_;
};

template <source S>
struct len_bounds_source {
  S base;
  std::size_t min;
  std::size_t max;
  auto producer() const { return len_bounds_producer<producer_of<S>>(base.producer(), min, max); }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_LEN_BOUNDS_HPP
