// fearless — map(f): each item x becomes f(x).
#ifndef FEARLESS_PAR_MAP_HPP
#define FEARLESS_PAR_MAP_HPP

#include "fearless/par/plumbing.hpp"

namespace fearless::par {

template <producer P, typename F>
class map_producer {
public:
  using item_type = std::invoke_result_t<const F&, typename P::item_type>;
  static constexpr bool folds_per_piece = par::folds_per_piece<P>();

  map_producer(P base, const F* f) : base_(std::move(base)), f_(f) {}
  [[nodiscard]] std::size_t len() const { return base_.len(); }
  [[nodiscard]] std::size_t min_len() const { return min_len_of(base_); }
  [[nodiscard]] std::size_t max_len() const { return max_len_of(base_); }
  std::pair<map_producer, map_producer> split_at(std::size_t i) const {
    auto [left, right] = base_.split_at(i);
    return {map_producer(std::move(left), f_), map_producer(std::move(right), f_)};
  }
  item_type get(std::size_t i) const
    requires indexed_producer<P>
  {
    return call(*f_, base_.get(i));
  }
  template <typename Folder>
    requires(!indexed_producer<P>)
  void fold_with(Folder& inner) const {
    struct mapping_folder {
      Folder& inner;
      const F& f;
      void consume(typename P::item_type x) { inner.consume(call(f, std::forward<typename P::item_type>(x))); }
      [[nodiscard]] bool full() const { return inner.full(); }
    } folder{inner, *f_};
    feed(base_, folder);
  }

private:
  P base_;
  const F* f_;
};

template <source S, typename F>
struct map_source {
  S base;
  F f;
  auto producer() const { return map_producer<producer_of<S>, F>(base.producer(), &f); }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_MAP_HPP
