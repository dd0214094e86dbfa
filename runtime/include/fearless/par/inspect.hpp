// fearless — inspect(f): calls f on each item (as const) and passes it on
// unchanged; for logging and counting while debugging a pipeline.
#ifndef FEARLESS_PAR_INSPECT_HPP
#define FEARLESS_PAR_INSPECT_HPP

#include "fearless/par/plumbing.hpp"

namespace fearless::par {

template <producer P, typename F>
class inspect_producer {
public:
  using item_type = typename P::item_type;
  static constexpr bool folds_per_piece = par::folds_per_piece<P>();

  inspect_producer(P base, const F* f) : base_(std::move(base)), f_(f) {}
  [[nodiscard]] std::size_t len() const { return base_.len(); }
  [[nodiscard]] std::size_t min_len() const { return min_len_of(base_); }
  [[nodiscard]] std::size_t max_len() const { return max_len_of(base_); }
  std::pair<inspect_producer, inspect_producer> split_at(std::size_t i) const {
    auto [left, right] = base_.split_at(i);
    return {inspect_producer(std::move(left), f_), inspect_producer(std::move(right), f_)};
  }
  item_type get(std::size_t i) const
    requires indexed_producer<P>
  {
    item_type x = base_.get(i);
    call(*f_, std::as_const(x));
    return static_cast<item_type>(x);
  }
  template <typename Folder>
    requires(!indexed_producer<P>)
  void fold_with(Folder& inner) const {
    struct inspecting_folder {
      Folder& inner;
      const F& f;
      void consume(item_type x) {
        call(f, std::as_const(x));
        inner.consume(std::forward<item_type>(x));
      }
      [[nodiscard]] bool full() const { return inner.full(); }
    } folder{inner, *f_};
    feed(base_, folder);
  }

private:
  P base_;
  const F* f_;
};

template <source S, typename F>
struct inspect_source {
  S base;
  F f;
  auto producer() const { return inspect_producer<producer_of<S>, F>(base.producer(), &f); }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_INSPECT_HPP
