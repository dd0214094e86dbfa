// fearless — rev(): the items in reverse order. Indexed only.
#ifndef FEARLESS_PAR_REV_HPP
#define FEARLESS_PAR_REV_HPP

#include "fearless/par/plumbing.hpp"

namespace fearless::par {

template <indexed_producer P>
class rev_producer {
public:
  using item_type = typename P::item_type;
  static constexpr bool folds_per_piece = par::folds_per_piece<P>();

  explicit rev_producer(P base) : base_(std::move(base)) {}
  [[nodiscard]] std::size_t len() const { return base_.len(); }
  [[nodiscard]] std::size_t min_len() const { return min_len_of(base_); }
  [[nodiscard]] std::size_t max_len() const { return max_len_of(base_); }
  /// The first i reversed items are the last i of the base.
  std::pair<rev_producer, rev_producer> split_at(std::size_t i) const {
    auto [left, right] = base_.split_at(base_.len() - i);
    return {rev_producer(std::move(right)), rev_producer(std::move(left))};
  }
  item_type get(std::size_t i) const { return base_.get(base_.len() - 1 - i); }

private:
  P base_;
};

template <source S>
struct rev_source {
  static_assert(indexed_producer<producer_of<S>>,
                "fearless: rev() needs an indexed iterator (positions are unknown after "
                "filter, filter_map, flat_map or fold; rev before them)");
  S base;
  auto producer() const { return rev_producer<producer_of<S>>(base.producer()); }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_REV_HPP
