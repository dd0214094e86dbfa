// The C++17 parallel algorithms, std::execution::par, as libstdc++ ships
// them (its PSTL runs on oneTBB when TBB's headers are found). Built only
// with TBB: without it libstdc++ silently runs `par` sequentially. No fib
// and no grain1: the standard has no join and no way to set a grain size.
#ifndef FEARLESS_BENCH_PAR_IMPL_PSTL_HPP
#define FEARLESS_BENCH_PAR_IMPL_PSTL_HPP

#include "workloads.hpp"

#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <execution>
#include <functional>
#include <iterator>
#include <numeric>
#include <vector>

namespace bench {

/// The integers [first, last) as a random-access range without storing
/// them: the standard library has no counting iterator usable with the
/// parallel algorithms (they need a Cpp17 random-access iterator, which
/// std::views::iota's is not). Dereferencing yields the value, not a
/// reference, as in other counting iterators; the algorithms only read it.
class counting_iterator {
public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = std::uint64_t;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = std::uint64_t;

  counting_iterator() = default;
  explicit counting_iterator(std::uint64_t i) : i_(i) {}

  reference operator*() const { return i_; }
  reference operator[](difference_type n) const { return i_ + n; }

  counting_iterator& operator++() { return ++i_, *this; }
  counting_iterator& operator--() { return --i_, *this; }
  counting_iterator operator++(int) { return counting_iterator(i_++); }
  counting_iterator operator--(int) { return counting_iterator(i_--); }
  counting_iterator& operator+=(difference_type n) { return i_ += n, *this; }
  counting_iterator& operator-=(difference_type n) { return i_ -= n, *this; }
  friend counting_iterator operator+(counting_iterator it, difference_type n) { return it += n; }
  friend counting_iterator operator+(difference_type n, counting_iterator it) { return it += n; }
  friend counting_iterator operator-(counting_iterator it, difference_type n) { return it -= n; }
  friend difference_type operator-(counting_iterator a, counting_iterator b) {
    return static_cast<difference_type>(a.i_ - b.i_);
  }
  friend bool operator==(counting_iterator, counting_iterator) = default;
  friend auto operator<=>(counting_iterator, counting_iterator) = default;

private:
  std::uint64_t i_ = 0;
};

struct impl_pstl {
  static constexpr const char* name = "cpp-pstl";

  static std::uint64_t sum_mix(std::uint64_t n) {
    return std::transform_reduce(std::execution::par, counting_iterator(0), counting_iterator(n),
                                 std::uint64_t{0}, std::plus<>{},
                                 [](std::uint64_t i) { return mix(i); });
  }

  // The algorithms write into an existing range: the output is allocated
  // (and zero-filled) before std::transform fills it in parallel.
  static std::vector<std::uint64_t> map_collect(const std::vector<std::uint64_t>& in) {
    std::vector<std::uint64_t> out(in.size());
    std::transform(std::execution::par, in.begin(), in.end(), out.begin(),
                   [](std::uint64_t x) { return square_xor(x); });
    return out;
  }

  static std::size_t filter_count(const std::vector<std::uint64_t>& in) {
    return static_cast<std::size_t>(std::count_if(std::execution::par, in.begin(), in.end(),
                                                  [](std::uint64_t x) { return mix(x) % 3 == 0; }));
  }

  static void sort(std::vector<std::uint64_t>& v) {
    std::sort(std::execution::par, v.begin(), v.end());
  }

  static void for_each_tasks(std::vector<std::uint64_t>& v) {
    std::for_each(std::execution::par, v.begin(), v.end(), [](std::uint64_t& x) { bump(x); });
  }
};

}  // namespace bench

#endif  // FEARLESS_BENCH_PAR_IMPL_PSTL_HPP
