// fearless: each workload written the way the docs show it — one parallel
// iterator pipeline, join for the recursion, par_sort_unstable for the sort.
#ifndef FEARLESS_BENCH_PAR_IMPL_FEARLESS_HPP
#define FEARLESS_BENCH_PAR_IMPL_FEARLESS_HPP

#include "workloads.hpp"

#include <fearless/join.hpp>
#include <fearless/par_iter.hpp>
#include <fearless/par_sort.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bench {

struct impl_fearless {
  static constexpr const char* name = "cpp-fearless";

  static std::uint64_t sum_mix(std::uint64_t n) {
    return fearless::par_range(std::uint64_t{0}, n).map([](std::uint64_t i) { return mix(i); }).sum();
  }

  static std::vector<std::uint64_t> map_collect(const std::vector<std::uint64_t>& in) {
    return fearless::par_iter(in).map([](std::uint64_t x) { return square_xor(x); }).collect();
  }

  static std::size_t filter_count(const std::vector<std::uint64_t>& in) {
    return fearless::par_iter(in).filter([](std::uint64_t x) { return mix(x) % 3 == 0; }).count();
  }

  static void sort(std::vector<std::uint64_t>& v) { fearless::par_sort_unstable(v); }

  static std::uint64_t fib(unsigned n) {
    if (n < 2)
      return n;
    auto [a, b] = fearless::join([n] { return fib(n - 1); }, [n] { return fib(n - 2); });
    return a + b;
  }

  static void for_each_tasks(std::vector<std::uint64_t>& v) {
    fearless::par_iter_mut(v).for_each([](std::uint64_t& x) { bump(x); });
  }

  static void for_each_grain1(std::vector<std::uint64_t>& v) {
    fearless::par_iter_mut(v).with_max_len(1).for_each([](std::uint64_t& x) { bump(x); });
  }

  static std::vector<std::uint64_t> flat_map_collect(const std::vector<std::uint64_t>& in) {
    return fearless::par_iter(in)
        .flat_map_iter([](std::uint64_t x) { return std::array<std::uint64_t, 2>{x, x ^ 1}; })
        .collect();
  }

  static two_vectors partition(const std::vector<std::uint64_t>& in) {
    return fearless::par_iter(in).partition([](std::uint64_t x) { return mix(x) % 3 == 0; });
  }
};

}  // namespace bench

#endif  // FEARLESS_BENCH_PAR_IMPL_FEARLESS_HPP
