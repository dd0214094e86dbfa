// fearless-bench-channels: the crossbeam-channel benchmark workloads, run
// for fearless and the C++ peers in one process, one line per workload and
// implementation:  <family>_<workload> <impl> <seconds>
//
//   fearless-bench-channels [--messages N] [--filter SUBSTRING] [--impl NAME]
//                           [--slow-seconds S] [--timeout S]
//
// Each workload is timed as a whole (channel creation, thread start and
// join included) after one untimed warm-up run; the received messages are
// summed and checked against what was sent (exit status 1 on a mismatch).
// A warm-up slower than S seconds (default 30: some peers take minutes on
// rendezvous workloads) is not repeated: its time is the one reported, and
// stderr says so. Each workload of a peer runs in a child process that is
// killed after --timeout seconds (default 20; Boost.Fiber's channels take
// minutes on some workloads when used from threads): it then prints no line,
// only a note on stderr. fearless's workloads have no time limit.
#include "impl_fearless.hpp"
#include "impl_mutex_cv.hpp"
#include "workloads.hpp"
#if FEARLESS_BENCH_HAVE_BOOST_FIBER
#include "impl_boost_fiber.hpp"
#endif
#if FEARLESS_BENCH_HAVE_MOODYCAMEL
#include "impl_moodycamel.hpp"
#endif

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct options {
  std::uint64_t messages = 5'000'000;
  std::string filter;
  std::string impl;
  double slow_seconds = 30;
  double timeout_seconds = 20;
};

[[noreturn]] void usage(const char* error) {
  std::fprintf(stderr,
               "fearless-bench-channels: %s\n"
               "usage: fearless-bench-channels [--messages N] [--filter SUBSTRING] "
               "[--impl NAME] [--slow-seconds S] [--timeout S]\n",
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
    if (std::strcmp(argv[i], "--messages") == 0) {
      char* end = nullptr;
      opts.messages = std::strtoull(value(), &end, 10);
      if (*end != '\0' || opts.messages < bench::threads)
        usage("--messages takes a number >= 4");
    } else if (std::strcmp(argv[i], "--filter") == 0) {
      opts.filter = value();
    } else if (std::strcmp(argv[i], "--impl") == 0) {
      opts.impl = value();
    } else if (std::strcmp(argv[i], "--slow-seconds") == 0) {
      char* end = nullptr;
      opts.slow_seconds = std::strtod(value(), &end);
      if (*end != '\0' || !(opts.slow_seconds > 0))
        usage("--slow-seconds takes a positive number");
    } else if (std::strcmp(argv[i], "--timeout") == 0) {
      char* end = nullptr;
      opts.timeout_seconds = std::strtod(value(), &end);
      if (*end != '\0' || !(opts.timeout_seconds > 0))
        usage("--timeout takes a positive number");
    } else {
      usage("unknown argument");
    }
  }
  return opts;
}

/// Runs `body` in a child process, killed after `timeout_seconds`. True if
/// it finished with status 0. (Only the main thread exists here: fork is safe.)
template <typename Body>
bool run_with_timeout(double timeout_seconds, Body body) {
  std::fflush(stdout);
  const pid_t child = fork();
  if (child < 0) {
    std::perror("fearless-bench-channels: fork");
    std::exit(2);
  }
  if (child == 0) {
    body();
    std::fflush(stdout);
    std::_Exit(0);
  }
  const auto give_up = std::chrono::steady_clock::now() +
                       std::chrono::duration<double>(timeout_seconds);
  int status = 0;
  while (waitpid(child, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= give_up) {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
    std::exit(WEXITSTATUS(status));  // a checksum mismatch: already reported
  return WIFEXITED(status);
}

template <typename Impl>
void measure(const options& opts, bench::family f, bench::workload w);

template <typename Impl>
void measure_in_child(const options& opts, bench::family f, bench::workload w) {
  const std::string name = std::string(bench::name_of(f)) + "_" + bench::name_of(w);
  if (!bench::workload_fits(f, w) || !Impl::supports(f, w))
    return;
  if (!opts.filter.empty() && name.find(opts.filter) == std::string::npos)
    return;
  if (!opts.impl.empty() && opts.impl != Impl::name)
    return;
  if (std::string(Impl::name) == bench::fearless_impl::name) {
    measure<Impl>(opts, f, w);
    return;
  }
  if (!run_with_timeout(opts.timeout_seconds, [&] { measure<Impl>(opts, f, w); }))
    std::fprintf(stderr, "%s %s: did not finish within %g s (--timeout): no result\n",
                 name.c_str(), Impl::name, opts.timeout_seconds);
}

template <typename Impl>
void measure(const options& opts, bench::family f, bench::workload w) {
  const std::string name = std::string(bench::name_of(f)) + "_" + bench::name_of(w);

  const std::uint64_t expected = bench::expected_sum(w, opts.messages);
  for (int round = 0; round < 2; ++round) {  // a warm-up, then the timed run
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t received = bench::run<Impl>(f, w, opts.messages);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    if (received != expected) {
      std::fprintf(stderr, "%s %s: received a sum of %llu, expected %llu\n", name.c_str(),
                   Impl::name, static_cast<unsigned long long>(received),
                   static_cast<unsigned long long>(expected));
      std::exit(1);
    }
    const bool too_slow_to_repeat = round == 0 && elapsed.count() > opts.slow_seconds;
    if (too_slow_to_repeat)
      std::fprintf(stderr, "%s %s: the warm-up took %.1f s (> %g s): reported, not repeated\n",
                   name.c_str(), Impl::name, elapsed.count(), opts.slow_seconds);
    if (round == 1 || too_slow_to_repeat) {
      std::printf("%s %s %.6f\n", name.c_str(), Impl::name, elapsed.count());
      std::fflush(stdout);
      return;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const options opts = parse(argc, argv);
  using bench::family;
  using bench::workload;
  for (family f : {family::bounded0, family::bounded1, family::bounded, family::unbounded}) {
    for (workload w : {workload::seq, workload::spsc, workload::mpsc, workload::mpmc,
                       workload::select_rx, workload::select_both}) {
      measure_in_child<bench::fearless_impl>(opts, f, w);
#if FEARLESS_BENCH_HAVE_BOOST_FIBER
      measure_in_child<bench::boost_fiber_impl>(opts, f, w);
#endif
#if FEARLESS_BENCH_HAVE_MOODYCAMEL
      measure_in_child<bench::moodycamel_impl>(opts, f, w);
#endif
      measure_in_child<bench::mutex_cv_impl>(opts, f, w);
    }
  }
  return 0;
}
