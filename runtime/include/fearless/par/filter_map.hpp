// fearless — filter_map(f): f returns a std::optional; the engaged values go
// on, the empty ones are dropped (a filter and a map in one pass).
#ifndef FEARLESS_PAR_FILTER_MAP_HPP
#define FEARLESS_PAR_FILTER_MAP_HPP

#include "fearless/par/plumbing.hpp"

#include <optional>

namespace fearless::par {

template <typename T>
inline constexpr bool is_optional_v = false;
template <typename T>
inline constexpr bool is_optional_v<std::optional<T>> = true;

template <producer P, typename F>
class filter_map_producer {
  using result = std::remove_cvref_t<std::invoke_result_t<const F&, typename P::item_type>>;
  static_assert(is_optional_v<result>,
                "fearless: filter_map's callable must return a std::optional (empty to drop "
                "the item)");

public:
  using item_type = typename result::value_type;
  static constexpr bool folds_per_piece = par::folds_per_piece<P>();

  filter_map_producer(P base, const F* f) : base_(std::move(base)), f_(f) {}
  [[nodiscard]] std::size_t len() const { return base_.len(); }
  [[nodiscard]] std::size_t min_len() const { return min_len_of(base_); }
  [[nodiscard]] std::size_t max_len() const { return max_len_of(base_); }
  std::pair<filter_map_producer, filter_map_producer> split_at(std::size_t i) const {
    auto [left, right] = base_.split_at(i);
    return {filter_map_producer(std::move(left), f_), filter_map_producer(std::move(right), f_)};
  }
  template <typename Folder>
  void fold_with(Folder& inner) const {
    struct filter_mapping_folder {
      Folder& inner;
      const F& f;
      void consume(typename P::item_type x) {
        if (auto kept = call(f, std::forward<typename P::item_type>(x)))
          inner.consume(std::move(*kept));
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
struct filter_map_source {
  S base;
  F f;
  auto producer() const { return filter_map_producer<producer_of<S>, F>(base.producer(), &f); }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_FILTER_MAP_HPP
