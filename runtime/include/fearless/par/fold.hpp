// fearless — fold(identity, op): folds each sequential piece into one
// accumulator, starting from identity and calling acc = op(acc, x) for its
// items; yields one accumulator per piece, to be combined by a reduce (or
// sum, or collect). How many pieces there are depends on how the work was
// split, so the result of fold(...).reduce(...) must not depend on it.
#ifndef FEARLESS_PAR_FOLD_HPP
#define FEARLESS_PAR_FOLD_HPP

#include "fearless/par/plumbing.hpp"

namespace fearless::par {

template <producer P, typename Identity, typename Op>
class fold_producer {
public:
  using item_type = decltype(make_identity(std::declval<const Identity&>()));
  static constexpr bool folds_per_piece = true;

  fold_producer(P base, const Identity* identity, const Op* op)
      : base_(std::move(base)), identity_(identity), op_(op) {}
  [[nodiscard]] std::size_t len() const { return base_.len(); }
  [[nodiscard]] std::size_t min_len() const { return min_len_of(base_); }
  [[nodiscard]] std::size_t max_len() const { return max_len_of(base_); }
  std::pair<fold_producer, fold_producer> split_at(std::size_t i) const {
    auto [left, right] = base_.split_at(i);
    return {fold_producer(std::move(left), identity_, op_),
            fold_producer(std::move(right), identity_, op_)};
  }
  template <typename Folder>
  void fold_with(Folder& inner) const {
    struct accumulating_folder {
      item_type acc;
      const Op& op;
      const Folder& inner;
      void consume(typename P::item_type x) {
        acc = call(op, std::move(acc), std::forward<typename P::item_type>(x));
      }
      [[nodiscard]] bool full() const { return inner.full(); }
    } folder{make_identity(*identity_), *op_, inner};
    feed(base_, folder);
    inner.consume(std::move(folder.acc));
  }

private:
  P base_;
  const Identity* identity_;
  const Op* op_;
};

template <source S, typename Identity, typename Op>
struct fold_source {
  S base;
  Identity identity;
  Op op;
  auto producer() const {
    return fold_producer<producer_of<S>, Identity, Op>(base.producer(), &identity, &op);
  }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_FOLD_HPP
