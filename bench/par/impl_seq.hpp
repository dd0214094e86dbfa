// The sequential baseline: the same workloads as plain loops on one thread,
// so the table shows what each parallel impl gains (or loses) over none.
#ifndef FEARLESS_BENCH_PAR_IMPL_SEQ_HPP
#define FEARLESS_BENCH_PAR_IMPL_SEQ_HPP

#include "workloads.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bench {

struct impl_seq {
  static constexpr const char* name = "cpp-seq";

  static std::uint64_t sum_mix(std::uint64_t n) {
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < n; ++i)
      sum += mix(i);
    return sum;
  }

  // Appending to reserved memory: one thread can write the elements in order,
  // so unlike the parallel impls it need not zero-fill the output first.
  static std::vector<std::uint64_t> map_collect(const std::vector<std::uint64_t>& in) {
    std::vector<std::uint64_t> out;
    out.reserve(in.size());
    for (std::uint64_t x : in)
      out.push_back(square_xor(x));
    return out;
  }

  static std::size_t filter_count(const std::vector<std::uint64_t>& in) {
    return static_cast<std::size_t>(
        std::count_if(in.begin(), in.end(), [](std::uint64_t x) { return mix(x) % 3 == 0; }));
  }

  static void sort(std::vector<std::uint64_t>& v) { std::sort(v.begin(), v.end()); }

  static std::uint64_t fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

  static void for_each_tasks(std::vector<std::uint64_t>& v) {
    for (auto& x : v)
      bump(x);
  }

  // No tasks at all: the baseline against which the parallel impls' cost of
  // one task per element shows.
  static void for_each_grain1(std::vector<std::uint64_t>& v) { for_each_tasks(v); }
};

}  // namespace bench

#endif  // FEARLESS_BENCH_PAR_IMPL_SEQ_HPP
