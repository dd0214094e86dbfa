// fearless-bench-par: Rayon-style parallel-iterator workloads, run for
// fearless and the C++ peers in one process, one line per workload and
// implementation:  <workload> <impl> <seconds>
//
//   fearless-bench-par [--scale S] [--filter SUBSTRING] [--impl NAME] [--runs N]
//
// Each workload runs once untimed (warm-up), then N times timed (default 5);
// the median is printed. Inputs are made and reset outside the timing, and
// every run's result is checked against the sequential answer: a wrong one
// is reported on stderr, prints no line, and makes the exit status 1.
// --scale multiplies every size (default 1; below 1, fib is fib(20)).
#include "impl_fearless.hpp"
#include "impl_seq.hpp"
#include "workloads.hpp"
#if FEARLESS_BENCH_HAVE_TBB
#include "impl_pstl.hpp"
#include "impl_tbb.hpp"
#endif
#if FEARLESS_BENCH_HAVE_OPENMP
#include "impl_omp.hpp"
#endif

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

// In this order on each workload's row.
template <typename Body>
void for_each_impl(Body body) {
  body.template operator()<bench::impl_fearless>();
  body.template operator()<bench::impl_seq>();
#if FEARLESS_BENCH_HAVE_TBB
  body.template operator()<bench::impl_tbb>();
#endif
#if FEARLESS_BENCH_HAVE_OPENMP
  body.template operator()<bench::impl_omp>();
#endif
#if FEARLESS_BENCH_HAVE_TBB
  body.template operator()<bench::impl_pstl>();
#endif
}

[[noreturn]] void usage(const char* error) {
  std::fprintf(stderr,
               "fearless-bench-par: %s\n"
               "usage: fearless-bench-par [--scale S] [--filter SUBSTRING] [--impl NAME] "
               "[--runs N]\n",
               error);
  std::exit(2);
}

bench::options parse(int argc, char** argv) {
  bench::options opts;
  for (int i = 1; i < argc; ++i) {
    auto value = [&]() -> const char* {
      if (i + 1 >= argc)
        usage("an option is missing its value");
      return argv[++i];
    };
    if (std::strcmp(argv[i], "--scale") == 0) {
      char* end = nullptr;
      opts.scale = std::strtod(value(), &end);
      if (*end != '\0' || !(opts.scale > 0))
        usage("--scale takes a positive number");
    } else if (std::strcmp(argv[i], "--filter") == 0) {
      opts.filter = value();
    } else if (std::strcmp(argv[i], "--impl") == 0) {
      opts.impl = value();
    } else if (std::strcmp(argv[i], "--runs") == 0) {
      char* end = nullptr;
      const long runs = std::strtol(value(), &end, 10);
      if (*end != '\0' || runs < 1 || runs > 1000)
        usage("--runs takes a number from 1 to 1000");
      opts.runs = static_cast<int>(runs);
    } else {
      usage("unknown argument");
    }
  }
  if (!opts.impl.empty()) {
    bool known = false;
    for_each_impl([&]<typename Impl>() { known = known || opts.impl == Impl::name; });
    if (!known)
      usage("--impl names no impl built into this binary");
  }
  return opts;
}

}  // namespace

int main(int argc, char** argv) {
  const bench::options opts = parse(argc, argv);
  const bench::data data(bench::sizes::at(opts.scale));
  bench::harness harness(opts, data);
  for (bench::workload w : bench::all_workloads)
    for_each_impl([&]<typename Impl>() { harness.run<Impl>(w); });
  return harness.all_correct() ? 0 : 1;
}
