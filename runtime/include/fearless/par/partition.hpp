// fearless — partition(pred) and unzip(): one pass that fills two vectors,
// in the original order. partition puts the items for which pred holds in
// the first and the others in the second; unzip splits pair items into their
// firsts and seconds. Each piece fills vectors of its own; the pieces are
// joined in order at the end.
#ifndef FEARLESS_PAR_PARTITION_HPP
#define FEARLESS_PAR_PARTITION_HPP

#include "fearless/par/collect.hpp"
#include "fearless/par/plumbing.hpp"

#include <tuple>
#include <utility>
#include <vector>

namespace fearless::par {

/// Route(item, first, second) appends the item, or its parts, to one or both
/// of two vectors.
template <typename A, typename B, typename Route>
class two_vectors_consumer {
public:
  using result_type = std::pair<std::vector<std::vector<A>>, std::vector<std::vector<B>>>;

  explicit two_vectors_consumer(const Route* route) : route_(route) {}
  struct folder {
    const Route* route;
    std::vector<A> first;
    std::vector<B> second;
    template <typename X>
    void consume(X&& x) {
      (*route)(std::forward<X>(x), first, second);
    }
    [[nodiscard]] static constexpr bool full() noexcept { return false; }
    result_type complete() && {
      result_type pieces;
      if (!first.empty())
        pieces.first.push_back(std::move(first));
      if (!second.empty())
        pieces.second.push_back(std::move(second));
      return pieces;
    }
  };
  [[nodiscard]] folder make_folder() const { return folder{route_, {}, {}}; }
  std::pair<two_vectors_consumer, two_vectors_consumer> split_at(std::size_t) const {
    return {*this, *this};
  }
  result_type reduce(result_type left, result_type right) const {
    for (auto& piece : right.first)
      left.first.push_back(std::move(piece));
    for (auto& piece : right.second)
      left.second.push_back(std::move(piece));
    return left;
  }
  [[nodiscard]] static constexpr bool full() noexcept { return false; }

private:
  const Route* route_;
};

template <typename Pred>
struct partition_route {
  const Pred* pred;
  template <typename X, typename V>
  void operator()(X&& x, std::vector<V>& yes, std::vector<V>& no) const {
    if (call(*pred, std::as_const(x)))
      yes.emplace_back(std::forward<X>(x));
    else
      no.emplace_back(std::forward<X>(x));
  }
};

struct unzip_route {
  template <typename X, typename A, typename B>
  void operator()(X&& x, std::vector<A>& firsts, std::vector<B>& seconds) const {
    firsts.emplace_back(std::get<0>(std::forward<X>(x)));
    seconds.emplace_back(std::get<1>(std::forward<X>(x)));
  }
};

template <typename A, typename B>
std::pair<std::vector<A>, std::vector<B>> join_both(
    std::pair<std::vector<std::vector<A>>, std::vector<std::vector<B>>> pieces) {
  return {join_pieces(std::move(pieces.first)), join_pieces(std::move(pieces.second))};
}

}  // namespace fearless::par

#endif  // FEARLESS_PAR_PARTITION_HPP
