// fearless — chain(other): the items of this iterator, then those of other.
// Indexed when both are. The item type is the common reference of the two
// (a const int& chained with an int&& yields const int&).
#ifndef FEARLESS_PAR_CHAIN_HPP
#define FEARLESS_PAR_CHAIN_HPP

#include "fearless/par/plumbing.hpp"

#include <type_traits>

namespace fearless::par {

/// Hands each item on as Item, the common reference of both sides.
template <typename Folder, typename Item>
struct converting_folder {
  Folder& inner;
  template <typename X>
  void consume(X&& x) {
    inner.consume(static_cast<Item>(std::forward<X>(x)));
  }
  [[nodiscard]] bool full() const { return inner.full(); }
};

template <producer A, producer B>
class chain_producer {
public:
  using item_type = std::common_reference_t<typename A::item_type, typename B::item_type>;
  static constexpr bool folds_per_piece = par::folds_per_piece<A>() || par::folds_per_piece<B>();

  chain_producer(A first, B second) : first_(std::move(first)), second_(std::move(second)) {}
  [[nodiscard]] std::size_t len() const { return first_.len() + second_.len(); }
  [[nodiscard]] std::size_t min_len() const { return std::max(min_len_of(first_), min_len_of(second_)); }
  [[nodiscard]] std::size_t max_len() const { return std::min(max_len_of(first_), max_len_of(second_)); }
  /// Cuts inside whichever part holds position i; the other side of the cut
  /// gets an empty piece of the part it does not reach.
  std::pair<chain_producer, chain_producer> split_at(std::size_t i) const {
    const std::size_t n = first_.len();
    if (i <= n) {
      auto [left, right] = first_.split_at(i);
      auto [none, all] = second_.split_at(0);
      return {chain_producer(std::move(left), std::move(none)),
              chain_producer(std::move(right), std::move(all))};
    }
    auto [left, right] = second_.split_at(i - n);
    auto [all, none] = first_.split_at(n);
    return {chain_producer(std::move(all), std::move(left)),
            chain_producer(std::move(none), std::move(right))};
  }
  item_type get(std::size_t i) const
    requires indexed_producer<A> && indexed_producer<B>
  {
    const std::size_t n = first_.len();
    return i < n ? static_cast<item_type>(first_.get(i)) : static_cast<item_type>(second_.get(i - n));
  }
  template <typename Folder>
    requires(!(indexed_producer<A> && indexed_producer<B>))
  void fold_with(Folder& inner) const {
    converting_folder<Folder, item_type> folder{inner};
    feed(first_, folder);
    if (!inner.full())
      feed(second_, folder);
  }

private:
  A first_;
  B second_;
};

template <source S1, source S2>
struct chain_source {
  static_assert(requires { typename std::common_reference_t<item_of<S1>, item_of<S2>>; },
                "fearless: chain() needs items of compatible types on both sides");
  S1 first;
  S2 second;
  auto producer() const {
    return chain_producer<producer_of<S1>, producer_of<S2>>(first.producer(), second.producer());
  }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_CHAIN_HPP
