// fearless — a.zip(b): the pairs (a_i, b_i), as many as the shorter of the
// two has. Both must be indexed.
#ifndef FEARLESS_PAR_ZIP_HPP
#define FEARLESS_PAR_ZIP_HPP

#include "fearless/par/plumbing.hpp"

#include <algorithm>

namespace fearless::par {

template <indexed_producer A, indexed_producer B>
class zip_producer {
public:
  using item_type = std::pair<held_t<typename A::item_type>, held_t<typename B::item_type>>;
  static constexpr bool folds_per_piece = par::folds_per_piece<A>() || par::folds_per_piece<B>();

  zip_producer(A a, B b) : a_(std::move(a)), b_(std::move(b)) {}
  [[nodiscard]] std::size_t len() const { return std::min(a_.len(), b_.len()); }
  [[nodiscard]] std::size_t min_len() const { return std::max(min_len_of(a_), min_len_of(b_)); }
  [[nodiscard]] std::size_t max_len() const { return std::min(max_len_of(a_), max_len_of(b_)); }
  std::pair<zip_producer, zip_producer> split_at(std::size_t i) const {
    auto [a_left, a_right] = a_.split_at(i);
    auto [b_left, b_right] = b_.split_at(i);
    return {zip_producer(std::move(a_left), std::move(b_left)),
            zip_producer(std::move(a_right), std::move(b_right))};
  }
  item_type get(std::size_t i) const { return item_type(a_.get(i), b_.get(i)); }

private:
  A a_;
  B b_;
};

template <source SA, source SB>
struct zip_source {
  static_assert(indexed_producer<producer_of<SA>> && indexed_producer<producer_of<SB>>,
                "fearless: zip() needs two indexed iterators (zip before filter, filter_map or "
                "fold)");
  SA a;
  SB b;
  auto producer() const {
    auto pa = a.producer();
    auto pb = b.producer();
    // Cut the longer one, so that split positions mean the same in both.
    const std::size_t n = std::min(pa.len(), pb.len());
    if (pa.len() > n)
      pa = pa.split_at(n).first;
    if (pb.len() > n)
      pb = pb.split_at(n).first;
    return zip_producer<decltype(pa), decltype(pb)>(std::move(pa), std::move(pb));
  }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_ZIP_HPP
