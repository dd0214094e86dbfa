// OpenMP (libomp with clang): `parallel for` with a reduction or a plain
// loop, tasks for the recursive workloads. Loops keep OpenMP's default
// schedule (static: one contiguous block per thread), as most OpenMP code
// does; grain1 forces schedule(dynamic, 1).
#ifndef FEARLESS_BENCH_PAR_IMPL_OMP_HPP
#define FEARLESS_BENCH_PAR_IMPL_OMP_HPP

#include "workloads.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bench {

struct impl_omp {
  static constexpr const char* name = "cpp-omp";

  static std::uint64_t sum_mix(std::uint64_t n) {
    std::uint64_t sum = 0;
#pragma omp parallel for reduction(+ : sum)
    for (std::uint64_t i = 0; i < n; ++i)
      sum += mix(i);
    return sum;
  }

  // OpenMP has no collect: the output must exist before the threads write
  // their blocks of it, so it is allocated (and zero-filled) first.
  static std::vector<std::uint64_t> map_collect(const std::vector<std::uint64_t>& in) {
    std::vector<std::uint64_t> out(in.size());
    const std::size_t n = in.size();
#pragma omp parallel for
    for (std::size_t i = 0; i < n; ++i)
      out[i] = square_xor(in[i]);
    return out;
  }

  static std::size_t filter_count(const std::vector<std::uint64_t>& in) {
    std::size_t count = 0;
    const std::size_t n = in.size();
#pragma omp parallel for reduction(+ : count)
    for (std::size_t i = 0; i < n; ++i)
      count += mix(in[i]) % 3 == 0;
    return count;
  }

  // OpenMP has no sort. The usual OpenMP answer is a task-parallel
  // quicksort: partition, sort the left part in a task and the right part
  // in this one, std::sort below a cut-off. The tasks are all finished at
  // the barrier that ends the parallel region.
  static void sort(std::vector<std::uint64_t>& v) {
#pragma omp parallel
#pragma omp single
    quicksort(v.data(), v.data() + v.size());
  }

  static std::uint64_t fib(unsigned n) {
    std::uint64_t result = 0;
#pragma omp parallel
#pragma omp single
    result = fib_task(n);
    return result;
  }

  static void for_each_tasks(std::vector<std::uint64_t>& v) {
    const std::size_t n = v.size();
#pragma omp parallel for
    for (std::size_t i = 0; i < n; ++i)
      bump(v[i]);
  }

  // Each iteration handed out on its own: the closest OpenMP has to a task
  // per element (one shared-counter grab per element, no task objects).
  static void for_each_grain1(std::vector<std::uint64_t>& v) {
    const std::size_t n = v.size();
#pragma omp parallel for schedule(dynamic, 1)
    for (std::size_t i = 0; i < n; ++i)
      bump(v[i]);
  }

private:
  // Below this many elements a task costs more than it can save.
  static constexpr std::ptrdiff_t sort_cutoff = 1 << 14;

  static void quicksort(std::uint64_t* first, std::uint64_t* last) {
    while (last - first > sort_cutoff) {
      // Median of three: a pivot that splits random (and sorted) input well.
      const std::uint64_t a = first[0], b = first[(last - first) / 2], c = last[-1];
      const std::uint64_t pivot = std::max(std::min(a, b), std::min(std::max(a, b), c));
      std::uint64_t* middle =
          std::partition(first, last, [pivot](std::uint64_t x) { return x < pivot; });
      if (middle == first) {
        // The pivot is the minimum: skip the elements equal to it, else
        // an input of equal elements would never shrink.
        first = std::partition(first, last, [pivot](std::uint64_t x) { return x <= pivot; });
        continue;
      }
#pragma omp task firstprivate(first, middle)
      quicksort(first, middle);
      first = middle;
    }
    std::sort(first, last);
  }

  static std::uint64_t fib_task(unsigned n) {
    if (n < 2)
      return n;
    std::uint64_t a = 0;
#pragma omp task shared(a)
    a = fib_task(n - 1);
    const std::uint64_t b = fib_task(n - 2);
#pragma omp taskwait
    return a + b;
  }
};

}  // namespace bench

#endif  // FEARLESS_BENCH_PAR_IMPL_OMP_HPP
