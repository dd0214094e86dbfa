// fearless — the producer of par_range(a, b): the integers a, a+1, ..., b-1.
#ifndef FEARLESS_PAR_RANGE_HPP
#define FEARLESS_PAR_RANGE_HPP

#include "fearless/par/plumbing.hpp"

#include <concepts>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace fearless::par {

template <std::integral T>
class range_producer {
public:
  using item_type = T;

  /// Empty when end <= begin.
  range_producer(T begin, T end) noexcept
      : begin_(begin), n_(end > begin ? distance(begin, end) : 0) {}
  [[nodiscard]] std::size_t len() const noexcept { return n_; }
  T get(std::size_t i) const noexcept {
    // Computed in the unsigned type so that ranges spanning zero or the whole
    // type do not overflow.
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(begin_) + static_cast<U>(i));
  }
  std::pair<range_producer, range_producer> split_at(std::size_t i) const noexcept {
    return {range_producer(begin_, i, 0), range_producer(get(i), n_ - i, 0)};
  }
  [[nodiscard]] range_producer producer() const noexcept { return *this; }

private:
  range_producer(T begin, std::size_t n, int) noexcept : begin_(begin), n_(n) {}
  static std::size_t distance(T begin, T end) noexcept {
    using U = std::make_unsigned_t<T>;
    return static_cast<std::size_t>(static_cast<U>(static_cast<U>(end) - static_cast<U>(begin)));
  }
  T begin_;
  std::size_t n_;
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_RANGE_HPP
