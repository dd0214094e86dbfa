// fearless — map_init(init, f): like map, with per-task state. init() makes
// a state for each sequential piece of work (a few per thread, more where
// work is stolen; one per item only under with_max_len(1)) and f(state, x)
// maps each item with it: a scratch buffer, a random engine, a connection. map_with(value, f) is
// map_init([value] { return value; }, f). The state is the piece's own, so f
// may mutate it; the iterator is no longer indexed.
#ifndef FEARLESS_PAR_MAP_INIT_HPP
#define FEARLESS_PAR_MAP_INIT_HPP

#include "fearless/par/plumbing.hpp"

#include <functional>
#include <type_traits>

namespace fearless::par {

template <producer P, typename Init, typename F>
class map_init_producer {
  using state_type = std::invoke_result_t<const Init&>;

public:
  using item_type = std::invoke_result_t<const F&, state_type&, typename P::item_type>;
  /// Fed whole, one state per piece: fed in growing steps, each step would
  /// make a state of its own.
  static constexpr bool folds_per_piece = true;

  map_init_producer(P base, const Init* init, const F* f)
      : base_(std::move(base)), init_(init), f_(f) {}
  [[nodiscard]] std::size_t len() const { return base_.len(); }
  [[nodiscard]] std::size_t min_len() const { return min_len_of(base_); }
  [[nodiscard]] std::size_t max_len() const { return max_len_of(base_); }
  std::pair<map_init_producer, map_init_producer> split_at(std::size_t i) const {
    auto [left, right] = base_.split_at(i);
    return {map_init_producer(std::move(left), init_, f_),
            map_init_producer(std::move(right), init_, f_)};
  }
  template <typename Folder>
  void fold_with(Folder& inner) const {
    struct mapping_folder {
      Folder& inner;
      const F& f;
      state_type state;
      void consume(typename P::item_type x) {
        inner.consume(std::invoke(f, state, std::forward<typename P::item_type>(x)));
      }
      [[nodiscard]] bool full() const { return inner.full(); }
    } folder{inner, *f_, std::invoke(*init_)};
    feed(base_, folder);
  }

private:
  P base_;
  const Init* init_;
  const F* f_;
};

template <source S, typename Init, typename F>
struct map_init_source {
  S base;
  Init init;
  F f;
  auto producer() const {
    return map_init_producer<producer_of<S>, Init, F>(base.producer(), &init, &f);
  }
};

/// init for map_with and for_each_with: a copy of the value per piece.
template <typename T>
struct copy_of {
  T value;
  T operator()() const { return value; }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_MAP_INIT_HPP
