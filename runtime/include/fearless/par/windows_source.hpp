// fearless — the producer of par_windows: every run of `size` consecutive
// elements of a contiguous sequence, as overlapping spans (n - size + 1 of
// them; none when the sequence is shorter than size).
#ifndef FEARLESS_PAR_WINDOWS_SOURCE_HPP
#define FEARLESS_PAR_WINDOWS_SOURCE_HPP

#include "fearless/par/plumbing.hpp"

#include <cstddef>
#include <span>
#include <utility>

namespace fearless::par {

template <typename T>
class span_windows_producer {
public:
  using item_type = std::span<T>;

  span_windows_producer(std::span<T> whole, std::size_t size) noexcept
      : whole_(whole), size_(size) {}
  [[nodiscard]] std::size_t len() const noexcept {
    return whole_.size() < size_ ? 0 : whole_.size() - size_ + 1;
  }
  std::span<T> get(std::size_t i) const noexcept { return whole_.subspan(i, size_); }
  /// The first i windows need elements [0, i + size - 1); the rest start at
  /// element i. The two pieces overlap, as their windows do.
  std::pair<span_windows_producer, span_windows_producer> split_at(std::size_t i) const noexcept {
    const std::size_t left_end = i == 0 ? 0 : i + size_ - 1;
    return {span_windows_producer(whole_.first(left_end), size_),
            span_windows_producer(whole_.subspan(i), size_)};
  }
  [[nodiscard]] span_windows_producer producer() const noexcept { return *this; }

private:
  std::span<T> whole_;
  std::size_t size_;
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_WINDOWS_SOURCE_HPP
