// fearless — the radix sort that par_sort and par_sort_unstable use for
// plain integers in contiguous storage compared with <: the same order a
// comparison sort gives, in a few passes over the data instead of log2(n).
//
// The top levels are MSD: histogram the top byte in parallel pieces, scatter
// into a scratch buffer, then sort the 256 buckets in parallel, recursing
// into buckets that are still large. Buckets that fit in cache are finished
// with a sequential LSD pass per remaining byte (all byte histograms counted
// in one read; bytes on which a bucket does not vary are skipped). Every
// scatter is stable, so the sort is stable too.
#ifndef FEARLESS_PAR_SORT_RADIX_HPP
#define FEARLESS_PAR_SORT_RADIX_HPP

#include "fearless/par/for_each_index.hpp"
#include "fearless/par/plumbing.hpp"
#include "fearless/thread_pool.hpp"

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <cstring>
#include <functional>
#include <memory>
#include <type_traits>
#include <vector>

namespace fearless::par::sorting {

/// Integers whose < is the order of their bytes once the sign bit is flipped.
template <typename T>
concept radix_sortable_integer = std::integral<T> && !std::same_as<T, bool> && sizeof(T) <= 8;

/// Comparators that mean "ascending by the built-in <".
template <typename Comp, typename T>
inline constexpr bool is_plain_less = std::is_same_v<Comp, std::ranges::less> ||
                                      std::is_same_v<Comp, std::less<>> ||
                                      std::is_same_v<Comp, std::less<T>>;

/// Below this many elements, radix sorting is not worth its scratch buffer.
inline constexpr std::size_t radix_sort_from = std::size_t{1} << 16;
/// Buckets at most this large are finished sequentially (they fit in cache).
inline constexpr std::size_t radix_leaf_up_to = std::size_t{1} << 16;

template <typename T>
unsigned digit(T value, unsigned byte) noexcept {
  using U = std::make_unsigned_t<T>;
  U key = static_cast<U>(value);
  if constexpr (std::is_signed_v<T>)
    key ^= static_cast<U>(U{1} << (sizeof(T) * 8 - 1));
  return static_cast<unsigned>((key >> (8 * byte)) & 0xffu);
}

/// Sorts data[0, n) by bytes top..0, with scratch[0, n) as the other buffer.
template <typename T>
void lsd_sort(T* data, T* scratch, std::size_t n, unsigned top) {
  if (n <= 256) {
    std::sort(data, data + n);
    return;
  }
  std::array<std::array<std::size_t, 256>, sizeof(T)> counts{};
  for (std::size_t i = 0; i < n; ++i)
    for (unsigned byte = 0; byte <= top; ++byte)
      ++counts[byte][digit(data[i], byte)];
  T* from = data;
  T* to = scratch;
  for (unsigned byte = 0; byte <= top; ++byte) {
    auto& count = counts[byte];
    if (count[digit(from[0], byte)] == n)
      continue;  // every element has the same digit here
    std::array<std::size_t, 256> next;
    std::size_t sum = 0;
    for (unsigned d = 0; d < 256; ++d) {
      next[d] = sum;
      sum += count[d];
    }
    for (std::size_t i = 0; i < n; ++i)
      to[next[digit(from[i], byte)]++] = from[i];
    std::swap(from, to);
  }
  if (from != data)
    std::memcpy(data, from, n * sizeof(T));
}

/// Sorts the elements in `src` by bytes top..0. `home` says which of the two
/// buffers is the caller's: the result must end there.
template <typename T>
void msd_sort(T* src, T* dst, std::size_t n, unsigned top, bool src_is_home) {
  while (true) {
    if (n <= radix_leaf_up_to || top == 0) {
      lsd_sort(src, dst, n, top);
      if (!src_is_home)
        std::memcpy(dst, src, n * sizeof(T));
      return;
    }
    // Histogram of byte `top`, per piece.
    const std::size_t pieces =
        std::min<std::size_t>(64, std::max<std::size_t>(1, n / radix_leaf_up_to));
    const std::size_t per_piece = (n + pieces - 1) / pieces;
    std::vector<std::array<std::size_t, 256>> counts(pieces);
    for_each_index(pieces, 1, 1, [&](std::size_t p) {
      auto& count = counts[p];
      count.fill(0);
      const std::size_t end = std::min(n, (p + 1) * per_piece);
      for (std::size_t i = p * per_piece; i < end; ++i)
        ++count[digit(src[i], top)];
    });
    std::array<std::size_t, 257> bucket_start{};
    for (unsigned d = 0; d < 256; ++d) {
      std::size_t total = 0;
      for (const auto& count : counts)
        total += count[d];
      bucket_start[d + 1] = bucket_start[d] + total;
    }
    if (bucket_start[digit(src[0], top) + 1] - bucket_start[digit(src[0], top)] == n) {
      --top;  // one bucket holds everything: no need to move anything
      continue;
    }
    // Each piece scatters into its own slots of every bucket: stable.
    std::vector<std::array<std::size_t, 256>> next(pieces);
    for (unsigned d = 0; d < 256; ++d) {
      std::size_t at = bucket_start[d];
      for (std::size_t p = 0; p < pieces; ++p) {
        next[p][d] = at;
        at += counts[p][d];
      }
    }
    for_each_index(pieces, 1, 1, [&](std::size_t p) {
      auto& slot = next[p];
      const std::size_t end = std::min(n, (p + 1) * per_piece);
      for (std::size_t i = p * per_piece; i < end; ++i)
        dst[slot[digit(src[i], top)]++] = src[i];
    });
    for_each_index(256, 1, 1, [&](std::size_t d) {
      const std::size_t begin = bucket_start[d];
      const std::size_t size = bucket_start[d + 1] - begin;
      if (size > 0)
        msd_sort(dst + begin, src + begin, size, top - 1, !src_is_home);
    });
    return;
  }
}

template <radix_sortable_integer T>
void radix_sort(T* data, std::size_t n) {
  // new T[n] leaves integers uninitialized: no pass just to zero the buffer.
  std::unique_ptr<T[]> scratch(new T[n]);
  msd_sort(data, scratch.get(), n, sizeof(T) - 1, true);
}

/// True when a call of par_sort(_unstable) on [first, last) with `Comp` can
/// take the radix path.
template <typename It, typename Comp>
constexpr bool radix_applies() {
  using T = std::iter_value_t<It>;
  return std::contiguous_iterator<It> && radix_sortable_integer<T> && is_plain_less<Comp, T>;
}

}  // namespace fearless::par::sorting

#endif  // FEARLESS_PAR_SORT_RADIX_HPP
