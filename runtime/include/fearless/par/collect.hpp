// fearless — collect(): the items into a std::vector, in the original order.
//
// When the iterator is indexed (its length is known) and the value type can
// be default-constructed and assigned, the vector is sized once and every
// piece writes its own slice of it. Otherwise (after a filter, say) each
// piece collects into a vector of its own and the pieces are joined in order
// at the end: one extra move per item.
#ifndef FEARLESS_PAR_COLLECT_HPP
#define FEARLESS_PAR_COLLECT_HPP

#include "fearless/detail/platform.hpp"
#include "fearless/par/for_each_index.hpp"
#include "fearless/par/plumbing.hpp"

#include <cstdint>
#include <iterator>
#include <limits>
#include <type_traits>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace fearless::par {

/// Writes the pieces in place into out[0, n).
template <typename T>
class collect_in_place_consumer {
public:
  using result_type = std::size_t;  // how many items were written

  collect_in_place_consumer(T* out, std::size_t n) : out_(out), n_(n) {}
  struct folder {
    T* next;
    T* end;
    std::size_t written = 0;
    template <typename X>
    void consume(X&& x) {
      if (next != end) {  // more items than announced would be a producer bug
        *next++ = std::forward<X>(x);
        ++written;
      }
    }
    [[nodiscard]] static constexpr bool full() noexcept { return false; }
    std::size_t complete() && noexcept { return written; }
  };
  [[nodiscard]] folder make_folder() const noexcept { return folder{out_, out_ + n_}; }
  std::pair<collect_in_place_consumer, collect_in_place_consumer> split_at(std::size_t i) const {
    return {collect_in_place_consumer(out_, i), collect_in_place_consumer(out_ + i, n_ - i)};
  }
  std::size_t reduce(std::size_t left, std::size_t right) const noexcept { return left + right; }
  [[nodiscard]] static constexpr bool full() noexcept { return false; }

private:
  T* out_;
  std::size_t n_;
};

/// Each piece into its own vector; the result is the pieces, in order.
template <typename T>
class collect_pieces_consumer {
public:
  using result_type = std::vector<std::vector<T>>;

  struct folder {
    std::vector<T> piece;
    template <typename X>
    void consume(X&& x) {
      piece.emplace_back(std::forward<X>(x));
    }
    [[nodiscard]] static constexpr bool full() noexcept { return false; }
    result_type complete() && {
      result_type pieces;
      if (!piece.empty())
        pieces.push_back(std::move(piece));
      return pieces;
    }
  };
  [[nodiscard]] folder make_folder() const { return {}; }
  std::pair<collect_pieces_consumer, collect_pieces_consumer> split_at(std::size_t) const {
    return {};
  }
  result_type reduce(result_type left, result_type right) const {
    left.reserve(left.size() + right.size());
    for (auto& piece : right)
      left.push_back(std::move(piece));
    return left;
  }
  [[nodiscard]] static constexpr bool full() noexcept { return false; }
};

/// AddressSanitizer may check that a vector's spare capacity is not written
/// (libc++ always, libstdc++ with _GLIBCXX_SANITIZE_VECTOR): no pre-faulting.
#if defined(FEARLESS_ASAN)
inline constexpr bool prefault_is_checked = true;
#else
inline constexpr bool prefault_is_checked = false;
#endif

/// Asks Linux to back [data, data + bytes) with 2 MB pages where it can
/// (transparent huge pages in "madvise" mode, Debian's default): a page
/// fault then maps 2 MB instead of 4 KB, 512 times fewer faults for a large
/// result. Only the whole 2 MB pages inside the range are advised; the
/// allocation is ours until the vector frees it.
inline void advise_huge_pages([[maybe_unused]] void* data, [[maybe_unused]] std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + huge - 1) & ~(huge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(huge - 1);
  if (end > begin)
    (void)::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#endif
}

/// A vector of n value-initialized elements whose memory was first touched by
/// every thread of the pool rather than by the caller alone. The first write
/// to each fresh page of a large allocation is a page fault, and faulting
/// 80 MB on one thread costs more than computing the items does. The bytes
/// written here are overwritten by the value-initialization (the storage is
/// ours: reserve() allocated it).
template <typename T>
std::vector<T> presized_vector(std::size_t n) {
  std::vector<T> out;
  constexpr std::size_t page = 4096;
  constexpr std::size_t worth_it = 64 * page;
  if constexpr (std::is_trivially_default_constructible_v<T> && !prefault_is_checked) {
    if (n * sizeof(T) >= worth_it) {
      out.reserve(n);
      advise_huge_pages(out.data(), n * sizeof(T));
      auto* bytes = reinterpret_cast<unsigned char*>(out.data());
      // One byte per page, at least 16 pages per task.
      for_each_index(n * sizeof(T) / page, 16, std::numeric_limits<std::size_t>::max(),
                     [bytes](std::size_t i) {
                       reinterpret_cast<volatile unsigned char*>(bytes)[i * page] = 0;
                     });
    }
  }
  out.resize(n);
  return out;
}

template <typename T>
std::vector<T> join_pieces(std::vector<std::vector<T>> pieces) {
  if (pieces.size() == 1)
    return std::move(pieces.front());
  std::size_t total = 0;
  for (const auto& piece : pieces)
    total += piece.size();
  std::vector<T> out;
  out.reserve(total);
  if constexpr (!std::is_same_v<T, bool>)  // a vector<bool> has no data()
    if (total * sizeof(T) >= 4 * (std::size_t{1} << 20))
      advise_huge_pages(out.data(), total * sizeof(T));
  for (auto& piece : pieces) {
    if constexpr (std::is_trivially_copyable_v<T> && std::is_move_assignable_v<T>) {
      // One memmove per piece rather than a push_back per item (range
      // insert also needs assignment, which a push_back does not).
      out.insert(out.end(), std::make_move_iterator(piece.begin()),
                 std::make_move_iterator(piece.end()));
    } else {
      for (auto&& x : piece)  // auto&&: a vector<bool> hands out proxies
        out.push_back(std::move(x));
    }
  }
  return out;
}

}  // namespace fearless::par

#endif  // FEARLESS_PAR_COLLECT_HPP
