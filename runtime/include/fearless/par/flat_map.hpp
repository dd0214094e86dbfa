// fearless — flat_map(f) and flat_map_iter(f): each item x becomes the items
// of the range f(x), in order. The items of one f(x) are produced in
// sequence by the task that holds x; the parallelism is across the x's.
// flat_map also accepts an f returning a parallel iterator, which is then
// run (in parallel) and its items handed on. The number of items is unknown
// afterwards, so the iterator is no longer indexed.
#ifndef FEARLESS_PAR_FLAT_MAP_HPP
#define FEARLESS_PAR_FLAT_MAP_HPP

#include "fearless/par/plumbing.hpp"

#include <ranges>
#include <type_traits>
#include <utility>

namespace fearless::par {

/// What flat_map iterates for an item: the range f returned (kept by value
/// when f returned a temporary, by reference when it returned a reference),
/// or, for a parallel iterator, the vector it collects into.
template <typename R>
auto inner_range_of() {
  if constexpr (!std::ranges::input_range<std::remove_reference_t<R>>)
    return std::type_identity<decltype(std::declval<R>().collect())>{};
  else if constexpr (std::is_lvalue_reference_v<R>)
    return std::type_identity<R>{};
  else
    return std::type_identity<std::remove_cvref_t<R>>{};
}

template <typename R>
using inner_range_t = typename decltype(inner_range_of<R>())::type;

template <typename R>
inner_range_t<R&&> as_inner_range(R&& r) {
  if constexpr (std::ranges::input_range<std::remove_reference_t<R>>)
    return std::forward<R>(r);
  else
    return std::forward<R>(r).collect();
}

/// Items of a range f(x): moved out of a container f returned by value,
/// copied from one it returned by reference or from a view (whose elements
/// belong to someone else).
template <typename R>
inline constexpr bool owns_its_elements =
    !std::is_reference_v<R> && !std::ranges::view<std::remove_cvref_t<R>>;

template <producer P, typename F>
class flat_map_producer {
  using inner_items = inner_range_t<std::invoke_result_t<const F&, typename P::item_type>>;
  static_assert(!std::is_rvalue_reference_v<std::invoke_result_t<const F&, typename P::item_type>>,
                "fearless: flat_map: f returns an rvalue reference; return the range by value");

public:
  using item_type = std::ranges::range_value_t<std::remove_reference_t<inner_items>>;
  static constexpr bool folds_per_piece = par::folds_per_piece<P>();

  flat_map_producer(P base, const F* f) : base_(std::move(base)), f_(f) {}
  /// The base's length: used only to decide where to split.
  [[nodiscard]] std::size_t len() const { return base_.len(); }
  [[nodiscard]] std::size_t min_len() const { return min_len_of(base_); }
  [[nodiscard]] std::size_t max_len() const { return max_len_of(base_); }
  std::pair<flat_map_producer, flat_map_producer> split_at(std::size_t i) const {
    auto [left, right] = base_.split_at(i);
    return {flat_map_producer(std::move(left), f_), flat_map_producer(std::move(right), f_)};
  }
  template <typename Folder>
  void fold_with(Folder& inner_folder) const {
    struct flattening_folder {
      Folder& inner;
      const F& f;
      void consume(typename P::item_type x) {
        inner_items items =
            as_inner_range(call(f, std::forward<typename P::item_type>(x)));
        for (auto&& y : items) {
          if constexpr (owns_its_elements<inner_items>)
            inner.consume(item_type(std::move(y)));
          else
            inner.consume(item_type(y));
          if (inner.full())
            return;
        }
      }
      [[nodiscard]] bool full() const { return inner.full(); }
    } folder{inner_folder, *f_};
    feed(base_, folder);
  }

private:
  P base_;
  const F* f_;
};

template <source S, typename F>
struct flat_map_source {
  S base;
  F f;
  auto producer() const { return flat_map_producer<producer_of<S>, F>(base.producer(), &f); }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_FLAT_MAP_HPP
