// fearless — enumerate(): each item x at position i becomes the pair (i, x).
// Positions are those of the sequence, so enumerate needs an indexed
// iterator (put it before any filter).
#ifndef FEARLESS_PAR_ENUMERATE_HPP
#define FEARLESS_PAR_ENUMERATE_HPP

#include "fearless/par/plumbing.hpp"

namespace fearless::par {

template <indexed_producer P>
class enumerate_producer {
public:
  using item_type = std::pair<std::size_t, held_t<typename P::item_type>>;
  static constexpr bool folds_per_piece = par::folds_per_piece<P>();

  enumerate_producer(P base, std::size_t offset) : base_(std::move(base)), offset_(offset) {}
  [[nodiscard]] std::size_t len() const { return base_.len(); }
  [[nodiscard]] std::size_t min_len() const { return min_len_of(base_); }
  [[nodiscard]] std::size_t max_len() const { return max_len_of(base_); }
  std::pair<enumerate_producer, enumerate_producer> split_at(std::size_t i) const {
    auto [left, right] = base_.split_at(i);
    return {enumerate_producer(std::move(left), offset_),
            enumerate_producer(std::move(right), offset_ + i)};
  }
  item_type get(std::size_t i) const { return item_type(offset_ + i, base_.get(i)); }

private:
  P base_;
  std::size_t offset_;
};

template <source S>
struct enumerate_source {
  static_assert(indexed_producer<producer_of<S>>,
                "fearless: enumerate() needs an indexed iterator (positions are unknown after "
                "filter, filter_map or fold; enumerate before them)");
  S base;
  auto producer() const { return enumerate_producer<producer_of<S>>(base.producer(), 0); }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_ENUMERATE_HPP
