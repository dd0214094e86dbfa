// fearless-bench-sync: fearless::mutex<T> and fearless::rw_lock<T> against
// std::mutex and std::shared_mutex beside separate data, uncontended and
// contended, in one process, one line per workload and implementation:
//   <workload> <impl> <seconds>
//
//   fearless-bench-sync [--iterations N] [--filter SUBSTRING] [--impl NAME] [--runs R]
//
// N lock operations per workload (default 10000000), split evenly over its
// threads. Each workload runs once untimed (warm-up), then R times timed
// (default 5) as a whole (thread start and join included); the fastest run is
// printed. Every run's result, the warm-up's too, is checked: the final
// counter must equal the number of increments, and every read of the
// read-mostly workload must see what it is bound to see. A mismatch is
// reported on stderr ("checksum mismatch") and exits with status 1. One
// thread is started and joined first: glibc's mutexes skip their atomics in a
// process that never had a second thread, which no program with locks is.
#include "impl_fearless.hpp"
#include "impl_std.hpp"
#include "workloads.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

namespace {

struct options {
  std::uint64_t iterations = 10'000'000;
  std::string filter;
  std::string impl;
  int runs = 5;
};

// In this order on each workload's row.
template <typename Body>
void for_each_impl(Body body) {
  body.template operator()<bench::fearless_impl>();
  body.template operator()<bench::std_impl>();
}

[[noreturn]] void usage(const char* error) {
  std::fprintf(stderr,
               "fearless-bench-sync: %s\n"
               "usage: fearless-bench-sync [--iterations N] [--filter SUBSTRING] "
               "[--impl NAME] [--runs R]\n",
               error);
  std::exit(2);
}

options parse(int argc, char** argv) {
  options opts;
  for (int i = 1; i < argc; ++i) {
    auto value = [&]() -> const char* {
      if (i + 1 >= argc)
        usage("an option is missing its value");
      return argv[++i];
    };
    if (std::strcmp(argv[i], "--iterations") == 0) {
      char* end = nullptr;
      const char* text = value();
      opts.iterations = std::strtoull(text, &end, 10);
      if (*text == '-' || *end != '\0' || opts.iterations < bench::max_threads)
        usage("--iterations takes a number >= 4");
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

template <typename Impl>
void measure(const options& opts, bench::workload w) {
  const char* name = bench::name_of(w);
  if (!opts.filter.empty() && std::string(name).find(opts.filter) == std::string::npos)
    return;
  if (!opts.impl.empty() && opts.impl != Impl::name)
    return;

  const bench::outcome want = bench::expected(w, opts.iterations);
  double best = 0;
  for (int round = 0; round <= opts.runs; ++round) {  // round 0 is the warm-up
    const auto start = std::chrono::steady_clock::now();
    const bench::outcome got = bench::run<Impl>(w, opts.iterations);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    if (got != want) {
      std::fprintf(stderr,
                   "%s %s: checksum mismatch: final total %llu (expected %llu), "
                   "%llu bad reads (expected 0)\n",
                   name, Impl::name, static_cast<unsigned long long>(got.total),
                   static_cast<unsigned long long>(want.total),
                   static_cast<unsigned long long>(got.bad_reads));
      std::exit(1);
    }
    if (round == 1 || (round > 1 && elapsed.count() < best))
      best = elapsed.count();
  }
  std::printf("%s %s %.6f\n", name, Impl::name, best);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const options opts = parse(argc, argv);
  // glibc locks a pthread mutex with plain stores, no atomic instruction,
  // while the process has never had a second thread (__libc_single_threaded).
  // A program that needs a lock has threads: make this one such a process
  // before uncontended_lock, the first workload, so it measures the atomic
  // fast path that Rust's std::sync::Mutex always takes.
  std::thread([] {}).join();
  for (bench::workload w : bench::all_workloads)
    for_each_impl([&]<typename Impl>() { measure<Impl>(opts, w); });
  return 0;
}
