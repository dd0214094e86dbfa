// fearless — step_by(k): every k-th item, starting with the first. Indexed
// only (the positions must be known).
#ifndef FEARLESS_PAR_STEP_BY_HPP
#define FEARLESS_PAR_STEP_BY_HPP

#include "fearless/par/plumbing.hpp"

#include <algorithm>

namespace fearless::par {

template <indexed_producer P>
class step_by_producer {
public:
  using item_type = typename P::item_type;
  static constexpr bool folds_per_piece = par::folds_per_piece<P>();

  step_by_producer(P base, std::size_t step) : base_(std::move(base)), step_(step) {}
  /// ceil(base.len() / step), without overflow.
  [[nodiscard]] std::size_t len() const {
    const std::size_t n = base_.len();
    return n == 0 ? 0 : (n - 1) / step_ + 1;
  }
  [[nodiscard]] std::size_t min_len() const { return min_len_of(base_); }
  [[nodiscard]] std::size_t max_len() const { return max_len_of(base_); }
  /// The right piece starts at base item i * step, a multiple of step, so
  /// both pieces keep picking the same items.
  std::pair<step_by_producer, step_by_producer> split_at(std::size_t i) const {
    const std::size_t cut = i >= len() ? base_.len() : i * step_;
    auto [left, right] = base_.split_at(cut);
    return {step_by_producer(std::move(left), step_), step_by_producer(std::move(right), step_)};
  }
  item_type get(std::size_t i) const { return base_.get(i * step_); }

private:
  P base_;
  std::size_t step_;
};

template <source S>
struct step_by_source {
  static_assert(indexed_producer<producer_of<S>>,
                "fearless: step_by() needs an indexed iterator (positions are unknown after "
                "filter, filter_map, flat_map or fold; step_by before them)");
  S base;
  std::size_t step;
  auto producer() const { return step_by_producer<producer_of<S>>(base.producer(), step); }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_STEP_BY_HPP
