// The parallel-iterator benchmark workloads (bench/par), written once over an
// adapter so that every implementation is timed and checked by the same code.
//
// An adapter `Impl` is a struct with
//   static constexpr const char* name;                        the impl column
// and any of these static functions; one it lacks means the workload does
// not apply to it (no line is printed):
//   std::uint64_t sum_mix(std::uint64_t n);                   sum of mix(i), i < n
//   std::vector<std::uint64_t> map_collect(const std::vector<std::uint64_t>&);
//   std::size_t filter_count(const std::vector<std::uint64_t>&);
//   void sort(std::vector<std::uint64_t>&);                   unstable, ascending
//   std::uint64_t fib(unsigned n);                            join-recursive, no cut-off
//   void for_each_tasks(std::vector<std::uint64_t>&);         x = x * 3 + 1 on each
//   void for_each_grain1(std::vector<std::uint64_t>&);        the same, one element a task
// The exact definitions (mix, the xorshift inputs) are shared with the Rust
// peer (rust/src/main.rs) so that both check against the same answers.
#ifndef FEARLESS_BENCH_PAR_WORKLOADS_HPP
#define FEARLESS_BENCH_PAR_WORKLOADS_HPP

#include <algorithm>
#include <chrono>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace bench {

/// splitmix64's finalizer: cheap, but no compiler turns a sum of it into a
/// closed formula, so sum_mix really runs 10^8 iterations.
inline std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

/// One step of xorshift64 (13, 7, 17); returns the new state.
inline std::uint64_t xorshift64(std::uint64_t& state) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

inline constexpr std::uint64_t seed = 0x2545F4914F6CDD1DULL;

/// The map of map_collect.
inline std::uint64_t square_xor(std::uint64_t x) { return x * x ^ (x >> 3); }

/// The tiny body of the for_each workloads.
inline void bump(std::uint64_t& x) { x = x * 3 + 1; }

/// The workloads, in the order they run and are printed.
enum class workload {
  sum_mix,
  map_collect,
  filter_count,
  sort,
  fib_join,
  for_each_tasks,
  for_each_grain1,
  flat_map_collect,
  partition
};
inline constexpr workload all_workloads[] = {
    workload::sum_mix,        workload::map_collect,     workload::filter_count,
    workload::sort,           workload::fib_join,        workload::for_each_tasks,
    workload::for_each_grain1, workload::flat_map_collect, workload::partition};

/// The names keep their full-scale sizes at any --scale, so that the rows of
/// a smoke run and of a full run are the same.
inline const char* name_of(workload w) {
  switch (w) {
  case workload::sum_mix: return "sum_mix_100m";
  case workload::map_collect: return "map_collect_10m";
  case workload::filter_count: return "filter_count_10m";
  case workload::sort: return "sort_10m";
  case workload::fib_join: return "fib_join_32";
  case workload::for_each_tasks: return "for_each_1m_tasks";
  case workload::for_each_grain1: return "for_each_1m_grain1";
  case workload::flat_map_collect: return "flat_map_collect_10m";
  case workload::partition: return "partition_10m";
  }
  return "?";
}

struct options {
  double scale = 1.0;  // multiplies every size
  std::string filter;  // run only workloads whose name contains it
  std::string impl;    // run only this impl
  int runs = 5;        // timed runs after the warm-up; the median is printed
};

/// The sizes at a scale; rounded like the Rust peer's `(x * scale).round()`.
struct sizes {
  std::uint64_t sum_n;     // sum_mix: 10^8
  std::size_t values_n;    // map_collect, filter_count, sort: 10^7
  std::size_t for_each_n;  // for_each_*: 10^6
  unsigned fib_n;          // 32; 20 below full scale, where 32 would dominate a smoke run

  static sizes at(double scale) {
    auto scaled = [scale](double full) {
      return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(full * scale)));
    };
    return {scaled(1e8), scaled(1e7), scaled(1e6), scale < 1 ? 20u : 32u};
  }
};

/// The inputs, and the answers every impl must reproduce, computed once by
/// plain sequential loops (not by an adapter, so impl_seq is checked too).
struct data {
  sizes n;
  std::vector<std::uint64_t> values;  // xorshift64 from `seed`: value i = state after i+1 steps

  std::uint64_t sum_mix = 0;
  std::vector<std::uint64_t> mapped;
  std::size_t filtered = 0;
  std::vector<std::uint64_t> sorted;
  std::uint64_t fib = 0;
  std::vector<std::uint64_t> for_each_input;  // v[i] = i
  std::vector<std::uint64_t> for_each_done;   // v[i] = i * 3 + 1
  std::vector<std::uint64_t> flat_mapped;     // x, x ^ 1 for each value x
  std::vector<std::uint64_t> kept;            // the values with mix(x) % 3 == 0, in order
  std::vector<std::uint64_t> rest;            // the others

  explicit data(sizes s) : n(s) {
    std::uint64_t state = seed;
    values.resize(n.values_n);
    for (auto& v : values)
      v = xorshift64(state);
    for (std::uint64_t i = 0; i < n.sum_n; ++i)
      sum_mix += mix(i);
    mapped.resize(values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
      mapped[i] = square_xor(values[i]);
    for (std::uint64_t v : values)
      filtered += mix(v) % 3 == 0;
    sorted = values;
    std::sort(sorted.begin(), sorted.end());
    std::uint64_t a = 0, b = 1;  // iteratively: the recursion is what is measured
    for (unsigned i = 0; i < n.fib_n; ++i) {
      const std::uint64_t next = a + b;
      a = b;
      b = next;
    }
    fib = a;
    flat_mapped.reserve(values.size() * 2);
    for (std::uint64_t v : values) {
      flat_mapped.push_back(v);
      flat_mapped.push_back(v ^ 1);
      (mix(v) % 3 == 0 ? kept : rest).push_back(v);
    }
    for_each_input.resize(n.for_each_n);
    for (std::size_t i = 0; i < for_each_input.size(); ++i)
      for_each_input[i] = i;
    for_each_done = for_each_input;
    for (auto& v : for_each_done)
      bump(v);
  }
};

// Which workloads an adapter has. Detected by callability; the return type
// is then static_assert-ed, so a wrong signature is an error, not a silently
// skipped workload (unless the arguments do not fit at all).
template <typename I>
concept has_sum_mix = requires(std::uint64_t n) { I::sum_mix(n); };
template <typename I>
concept has_map_collect = requires(const std::vector<std::uint64_t>& v) { I::map_collect(v); };
template <typename I>
concept has_filter_count = requires(const std::vector<std::uint64_t>& v) { I::filter_count(v); };
template <typename I>
concept has_sort = requires(std::vector<std::uint64_t>& v) { I::sort(v); };
template <typename I>
concept has_fib = requires(unsigned n) { I::fib(n); };
template <typename I>
concept has_for_each_tasks = requires(std::vector<std::uint64_t>& v) { I::for_each_tasks(v); };
template <typename I>
concept has_for_each_grain1 = requires(std::vector<std::uint64_t>& v) { I::for_each_grain1(v); };
template <typename I>
concept has_flat_map_collect = requires(const std::vector<std::uint64_t>& v) { I::flat_map_collect(v); };
template <typename I>
concept has_partition = requires(const std::vector<std::uint64_t>& v) { I::partition(v); };

/// partition's result: the values kept, and the others.
using two_vectors = std::pair<std::vector<std::uint64_t>, std::vector<std::uint64_t>>;

/// Compares a result with the answer; an empty string when they agree, else
/// what differs.
inline std::string mismatch(std::uint64_t got, std::uint64_t expected) {
  if (got == expected)
    return {};
  return "got " + std::to_string(got) + ", expected " + std::to_string(expected);
}
inline std::string mismatch(const std::vector<std::uint64_t>& got,
                            const std::vector<std::uint64_t>& expected) {
  if (got.size() != expected.size())
    return "got " + std::to_string(got.size()) + " elements, expected " +
           std::to_string(expected.size());
  const auto [g, e] = std::mismatch(got.begin(), got.end(), expected.begin());
  if (g == got.end())
    return {};
  return "element " + std::to_string(g - got.begin()) + " is " + std::to_string(*g) +
         ", expected " + std::to_string(*e);
}

/// Times the workloads of one adapter at a time and prints their lines.
class harness {
public:
  harness(const options& opts, const data& d) : opts_(opts), d_(d) {}

  /// False once any result was wrong (main exits nonzero then).
  [[nodiscard]] bool all_correct() const { return all_correct_; }

  template <typename Impl>
  void run(workload w) {
    switch (w) {
    case workload::sum_mix:
      if constexpr (has_sum_mix<Impl>) {
        static_assert(std::same_as<decltype(Impl::sum_mix(0)), std::uint64_t>);
        cell<Impl>(w, [] {}, [&] { return Impl::sum_mix(d_.n.sum_n); },
                   [&](std::uint64_t got) { return mismatch(got, d_.sum_mix); });
      }
      break;
    case workload::map_collect:
      if constexpr (has_map_collect<Impl>) {
        static_assert(std::same_as<decltype(Impl::map_collect(d_.values)),
                                   std::vector<std::uint64_t>>);
        // The result is destroyed after the clock stops: freeing it is not
        // part of collecting.
        cell<Impl>(w, [] {}, [&] { return Impl::map_collect(d_.values); },
                   [&](const std::vector<std::uint64_t>& got) { return mismatch(got, d_.mapped); });
      }
      break;
    case workload::filter_count:
      if constexpr (has_filter_count<Impl>) {
        static_assert(std::same_as<decltype(Impl::filter_count(d_.values)), std::size_t>);
        cell<Impl>(w, [] {}, [&] { return Impl::filter_count(d_.values); },
                   [&](std::size_t got) { return mismatch(got, d_.filtered); });
      }
      break;
    case workload::sort:
      if constexpr (has_sort<Impl>) {
        static_assert(std::is_void_v<decltype(Impl::sort(work_))>);
        // A fresh unsorted copy each run, made before the clock starts (the
        // assignment reuses work_'s pages: no page faults in the timing).
        cell<Impl>(w, [&] { work_ = d_.values; }, [&] { Impl::sort(work_); },
                   [&] { return mismatch(work_, d_.sorted); });
      }
      break;
    case workload::fib_join:
      if constexpr (has_fib<Impl>) {
        static_assert(std::same_as<decltype(Impl::fib(0u)), std::uint64_t>);
        cell<Impl>(w, [] {}, [&] { return Impl::fib(d_.n.fib_n); },
                   [&](std::uint64_t got) { return mismatch(got, d_.fib); });
      }
      break;
    case workload::for_each_tasks:
      if constexpr (has_for_each_tasks<Impl>) {
        static_assert(std::is_void_v<decltype(Impl::for_each_tasks(work_))>);
        cell<Impl>(w, [&] { work_ = d_.for_each_input; }, [&] { Impl::for_each_tasks(work_); },
                   [&] { return mismatch(work_, d_.for_each_done); });
      }
      break;
    case workload::for_each_grain1:
      if constexpr (has_for_each_grain1<Impl>) {
        static_assert(std::is_void_v<decltype(Impl::for_each_grain1(work_))>);
        cell<Impl>(w, [&] { work_ = d_.for_each_input; }, [&] { Impl::for_each_grain1(work_); },
                   [&] { return mismatch(work_, d_.for_each_done); });
      }
      break;
    case workload::flat_map_collect:
      if constexpr (has_flat_map_collect<Impl>) {
        static_assert(std::same_as<decltype(Impl::flat_map_collect(d_.values)),
                                   std::vector<std::uint64_t>>);
        cell<Impl>(w, [] {}, [&] { return Impl::flat_map_collect(d_.values); },
                   [&](const std::vector<std::uint64_t>& got) {
                     return mismatch(got, d_.flat_mapped);
                   });
      }
      break;
    case workload::partition:
      if constexpr (has_partition<Impl>) {
        static_assert(std::same_as<decltype(Impl::partition(d_.values)), two_vectors>);
        cell<Impl>(w, [] {}, [&] { return Impl::partition(d_.values); },
                   [&](const two_vectors& got) {
                     std::string wrong = mismatch(got.first, d_.kept);
                     return wrong.empty() ? mismatch(got.second, d_.rest) : "kept: " + wrong;
                   });
      }
      break;
    }
  }

private:
  /// One line: `prepare` (untimed), then `body` timed, then `check` on its
  /// result (untimed): once as a warm-up, then opts_.runs times; prints the
  /// median. Every run is checked, the warm-up too.
  template <typename Impl, typename Prepare, typename Body, typename Check>
  void cell(workload w, Prepare prepare, Body body, Check check) {
    const char* name = name_of(w);
    if (!opts_.filter.empty() && std::string(name).find(opts_.filter) == std::string::npos)
      return;
    if (!opts_.impl.empty() && opts_.impl != Impl::name)
      return;
    settle();
    std::vector<double> seconds;
    for (int run = 0; run <= opts_.runs; ++run) {
      prepare();
      std::string wrong;
      std::chrono::duration<double> elapsed{};
      if constexpr (std::is_void_v<std::invoke_result_t<Body&>>) {
        const auto start = std::chrono::steady_clock::now();
        body();
        elapsed = std::chrono::steady_clock::now() - start;
        wrong = check();
      } else {
        const auto start = std::chrono::steady_clock::now();
        const auto result = body();
        elapsed = std::chrono::steady_clock::now() - start;
        wrong = check(result);
      }
      if (!wrong.empty()) {
        std::fprintf(stderr, "%s %s: wrong result in %s: %s\n", name, Impl::name,
                     run == 0 ? "the warm-up" : "a timed run", wrong.c_str());
        all_correct_ = false;
        return;  // no line: a wrong answer has no time
      }
      if (run > 0)
        seconds.push_back(elapsed.count());
    }
    std::printf("%s %s %.6f\n", name, Impl::name, median(seconds));
    std::fflush(stdout);
  }

  /// Lets the previous cell's pool go idle first. OpenMP's threads (libomp)
  /// spin for KMP_BLOCKTIME = 200 ms after a parallel region, and TBB's and
  /// fearless's workers spin briefly too; on a machine with few cores they
  /// would steal the next impl's cores during its warm-up and first runs.
  void settle() {
    if (!first_cell_)
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    first_cell_ = false;
  }

  static double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  const options& opts_;
  const data& d_;
  std::vector<std::uint64_t> work_;  // sort's and for_each's input, reset before each run
  bool all_correct_ = true;
  bool first_cell_ = true;
};

}  // namespace bench

#endif  // FEARLESS_BENCH_PAR_WORKLOADS_HPP
