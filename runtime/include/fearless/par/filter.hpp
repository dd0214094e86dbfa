// fearless — filter(p): keeps the items x for which p(x) is true (p sees x as
// const). After a filter the number of items is unknown, so the iterator is
// no longer indexed: enumerate, zip and chunks must come before it.
#ifndef FEARLESS_PAR_FILTER_HPP
#define FEARLESS_PAR_FILTER_HPP

#include "fearless/par/plumbing.hpp"

namespace fearless::par {

template <producer P, typename F>
class filter_producer {
public:
  using item_type = typename P::item_type;
  static constexpr bool folds_per_piece = par::folds_per_piece<P>();

  filter_producer(P base, const F* pred) : base_(std::move(base)), pred_(pred) {}
  /// An upper bound: used only to decide where to split.
  [[nodiscard]] std::size_t len() const { return base_.len(); }
  [[nodiscard]] std::size_t min_len() const { return min_len_of(base_); }
  [[nodiscard]] std::size_t max_len() const { return max_len_of(base_); }
  std::pair<filter_producer, filter_producer> split_at(std::size_t i) const {
    auto [left, right] = base_.split_at(i);
    return {filter_producer(std::move(left), pred_), filter_producer(std::move(right), pred_)};
  }
  template <typename Folder>
  void fold_with(Folder& inner) const {
    struct filtering_folder {
      Folder& inner;
      const F& pred;
      void consume(item_type x) {
        if (call(pred, std::as_const(x)))
          inner.consume(std::forward<item_type>(x));
      }
      [[nodiscard]] bool full() const { return inner.full(); }
    } folder{inner, *pred_};
    feed(base_, folder);
  }

private:
  P base_;
  const F* pred_;
};

template <source S, typename F>
struct filter_source {
  S base;
  F pred;
  auto producer() const { return filter_producer<producer_of<S>, F>(base.producer(), &pred); }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_FILTER_HPP
