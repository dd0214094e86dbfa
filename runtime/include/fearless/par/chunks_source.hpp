// fearless — the producer of par_chunks / par_chunks_mut: consecutive spans
// of `size` elements of a contiguous sequence (the last one may be shorter).
#ifndef FEARLESS_PAR_CHUNKS_SOURCE_HPP
#define FEARLESS_PAR_CHUNKS_SOURCE_HPP

#include "fearless/par/plumbing.hpp"

#include <algorithm>
#include <cstddef>
#include <span>
#include <utility>

namespace fearless::par {

/// ceil(n / size) without overflow, for any size >= 1.
constexpr std::size_t chunk_count(std::size_t n, std::size_t size) noexcept {
  return n == 0 ? 0 : (n - 1) / size + 1;
}

/// How many of n items come before chunk i: min(i * size, n), without overflow.
constexpr std::size_t items_before(std::size_t i, std::size_t size, std::size_t n) noexcept {
  return i >= chunk_count(n, size) ? n : i * size;
}

template <typename T>
class span_chunks_producer {
public:
  using item_type = std::span<T>;

  span_chunks_producer(std::span<T> whole, std::size_t size) noexcept
      : whole_(whole), size_(size) {}
  [[nodiscard]] std::size_t len() const noexcept {
    return chunk_count(whole_.size(), size_);
  }
  std::span<T> get(std::size_t i) const noexcept {
    const std::size_t start = items_before(i, size_, whole_.size());
    return whole_.subspan(start, items_before(i + 1, size_, whole_.size()) - start);
  }
  std::pair<span_chunks_producer, span_chunks_producer> split_at(std::size_t i) const noexcept {
    const std::size_t cut = items_before(i, size_, whole_.size());
    return {span_chunks_producer(whole_.first(cut), size_),
            span_chunks_producer(whole_.subspan(cut), size_)};
  }
  [[nodiscard]] span_chunks_producer producer() const noexcept { return *this; }

private:
  std::span<T> whole_;
  std::size_t size_;
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_CHUNKS_SOURCE_HPP
