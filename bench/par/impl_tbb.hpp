// oneTBB: parallel_reduce, parallel_for, parallel_sort and task_group, each
// used the way TBB's documentation shows (default auto_partitioner, default
// grain size), except where the workload forces the splitting (grain1).
#ifndef FEARLESS_BENCH_PAR_IMPL_TBB_HPP
#define FEARLESS_BENCH_PAR_IMPL_TBB_HPP

#include "workloads.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_reduce.h>
#include <oneapi/tbb/parallel_sort.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_group.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace bench {

struct impl_tbb {
  static constexpr const char* name = "cpp-tbb";

  using range = tbb::blocked_range<std::size_t>;

  static std::uint64_t sum_mix(std::uint64_t n) {
    return tbb::parallel_reduce(
        tbb::blocked_range<std::uint64_t>(0, n), std::uint64_t{0},
        [](const tbb::blocked_range<std::uint64_t>& r, std::uint64_t sum) {
          for (std::uint64_t i = r.begin(); i != r.end(); ++i)
            sum += mix(i);
          return sum;
        },
        std::plus<>{});
  }

  // TBB has no collect: the output must exist before the tasks write their
  // disjoint slices of it, so it is allocated (and zero-filled) first.
  static std::vector<std::uint64_t> map_collect(const std::vector<std::uint64_t>& in) {
    std::vector<std::uint64_t> out(in.size());
    tbb::parallel_for(range(0, in.size()), [&](const range& r) {
      for (std::size_t i = r.begin(); i != r.end(); ++i)
        out[i] = square_xor(in[i]);
    });
    return out;
  }

  static std::size_t filter_count(const std::vector<std::uint64_t>& in) {
    return tbb::parallel_reduce(
        range(0, in.size()), std::size_t{0},
        [&](const range& r, std::size_t count) {
          for (std::size_t i = r.begin(); i != r.end(); ++i)
            count += mix(in[i]) % 3 == 0;
          return count;
        },
        std::plus<>{});
  }

  static void sort(std::vector<std::uint64_t>& v) { tbb::parallel_sort(v.begin(), v.end()); }

  // task_group is TBB's join: run one half as a task, compute the other
  // here, wait. A task_group per call, as the workload has no cut-off.
  static std::uint64_t fib(unsigned n) {
    if (n < 2)
      return n;
    std::uint64_t a = 0;
    tbb::task_group g;
    g.run([&] { a = fib(n - 1); });
    const std::uint64_t b = fib(n - 2);
    g.wait();
    return a + b;
  }

  static void for_each_tasks(std::vector<std::uint64_t>& v) {
    tbb::parallel_for(range(0, v.size()), [&](const range& r) {
      for (std::size_t i = r.begin(); i != r.end(); ++i)
        bump(v[i]);
    });
  }

  // Grain size 1 with simple_partitioner: TBB splits down to single elements.
  static void for_each_grain1(std::vector<std::uint64_t>& v) {
    tbb::parallel_for(
        range(0, v.size(), 1),
        [&](const range& r) {
          for (std::size_t i = r.begin(); i != r.end(); ++i)
            bump(v[i]);
        },
        tbb::simple_partitioner{});
  }
};

}  // namespace bench

#endif  // FEARLESS_BENCH_PAR_IMPL_TBB_HPP
