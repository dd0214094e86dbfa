// Correct concurrent code from a realistic multi-file project, reduced: none
// of the checks may report anything. Each namespace was once a false
// positive (atomics in containers, members that are atomics, per-thread bands,
// std::array<pthread_t>, std::call_once, cast indices, constant indices,
// nested members, a cleared vector of jthreads, threads emplaced by a local
// lambda).
// RUN: %check_fearless_tidy -std=c++20 -expect-clean %s fearless-shared-mutable-capture %t -- -- -pthread -I%fearless_include
// RUN: %check_fearless_tidy -std=c++20 -expect-clean %s fearless-thread-escaping-borrow %t -- -- -pthread -I%fearless_include
// RUN: %check_fearless_tidy -std=c++20 -expect-clean %s fearless-unjoined-thread %t -- -- -pthread -I%fearless_include
// RUN: %check_fearless_tidy -std=c++20 -expect-clean %s fearless-typestate %t -- -- -pthread -I%fearless_include

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <execution>
#include <mutex>
#include <numeric>
#include <pthread.h>
#include <string>
#include <thread>
#include <vector>

namespace realistic_fp1 {
std::vector<std::size_t> histogram(const std::vector<double>& samples, std::size_t bins) {
  std::vector<std::atomic<std::size_t>> counts(bins);
  std::for_each(std::execution::par, samples.begin(), samples.end(), [&](double s) {
    auto bin = static_cast<std::size_t>(std::clamp(s, 0.0, 0.999) * bins);
    counts[bin].fetch_add(1, std::memory_order_relaxed);
  });
  std::vector<std::size_t> result;
  for (const auto& c : counts)
    result.push_back(c.load());
  return result;
}
} // namespace realistic_fp1

namespace realistic_fp2 {
class Stats {
public:
  void record(int v) {  // thread-safe: only atomic members are touched
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(v, std::memory_order_relaxed);
  }
  long sum() const { return sum_.load(); }
private:
  std::atomic<long> count_{0};
  std::atomic<long> sum_{0};
};

long collect() {
  Stats stats;
  std::vector<std::thread> producers;
  for (int p = 0; p < 4; ++p)
    producers.emplace_back([&stats, p] { stats.record(p); });
  for (auto& t : producers) t.join();
  return stats.sum();
}
} // namespace realistic_fp2

namespace realistic_fp4 {
// Each thread writes only its own band [begin, end) of `out`.
std::vector<double> scale(const std::vector<double>& in, double k, unsigned threads) {
  std::vector<double> out(in.size());
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    const std::size_t begin = in.size() * t / threads;
    const std::size_t end = in.size() * (t + 1) / threads;
    workers.emplace_back([&in, &out, k, begin, end] {
      for (std::size_t i = begin; i < end; ++i)
        out[i] = in[i] * k;
    });
  }
  for (auto& w : workers)
    w.join();
  return out;
}
} // namespace realistic_fp4

namespace realistic_fp5 {
struct Job { int in; int out; };

extern "C" void* work(void* raw) {
  auto* job = static_cast<Job*>(raw);
  job->out = job->in * 2;
  return nullptr;
}

int run() {
  std::array<pthread_t, 4> tids{};   // a C array `pthread_t tids[4]` is not reported
  std::array<Job, 4> jobs{};
  for (int t = 0; t < 4; ++t) {
    jobs[t] = Job{t, 0};
    pthread_create(&tids[t], nullptr, work, &jobs[t]);
  }
  for (int t = 0; t < 4; ++t)
    pthread_join(tids[t], nullptr);    // every thread joined here
  int total = 0;
  for (int t = 0; t < 4; ++t)
    total += jobs[t].out;
  return total;
}
} // namespace realistic_fp5

namespace realistic_fp8 {
// The config is written exactly once inside std::call_once, then only read.
long workers(int n) {
  std::once_flag loaded;
  int scale = 0;
  std::atomic<long> total{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      std::call_once(loaded, [&scale] { scale = 3; });
      total.fetch_add(long(i) * scale);
    });
  for (auto& t : threads) t.join();
  return total.load();
}
} // namespace realistic_fp8

namespace realistic_fp9 {
int compute(int);

// results[i] with i copied from the loop is accepted as disjoint, but not once
// the index is converted explicitly (as -Wsign-conversion-clean code does).
int squares(int n) {
  std::vector<int> results(static_cast<std::size_t>(n));
  std::vector<std::thread> ts;
  for (int i = 0; i < n; ++i)
    ts.emplace_back([&results, i] { results[static_cast<std::size_t>(i)] = compute(i); });
  for (auto& t : ts)
    t.join();
  return std::accumulate(results.begin(), results.end(), 0);
}
} // namespace realistic_fp9

namespace realistic_fp10 {
// Min on a helper thread, max on this one; each side owns one slot.
std::array<double, 2> extremes(const std::vector<double>& values) {
  std::array<double, 2> out{};
  std::thread min_finder([&values, &out] {
    out[0] = *std::min_element(values.begin(), values.end());
  });
  out[1] = *std::max_element(values.begin(), values.end());
  min_finder.join();
  return out;
}
} // namespace realistic_fp10

namespace realistic_fp11 {
struct Totals { std::size_t reads = 0; std::size_t writes = 0; };
struct Report { Totals totals; };

// Two threads write two different (nested) members of one struct.
Report tally(const std::vector<char>& ops) {
  Report report;
  std::thread readers([&] { report.totals.reads = std::count(ops.begin(), ops.end(), 'r'); });
  std::thread writers([&] { report.totals.writes = std::count(ops.begin(), ops.end(), 'w'); });
  readers.join();
  writers.join();
  return report;
}
} // namespace realistic_fp11

namespace realistic_fp12 {
int compute(std::size_t);

// clear() destroys, and so joins, every jthread before `results` is written.
std::vector<int> squares(std::size_t n) {
  std::vector<int> results(n);
  std::vector<std::jthread> workers;
  for (std::size_t i = 0; i < n; ++i)
    workers.emplace_back([&results, i] { results[i] = compute(i); });
  workers.clear();  // joins all workers
  results.push_back(-1);
  return results;
}
} // namespace realistic_fp12

namespace realistic_fp14 {
// Threads launched through a small local helper lambda into a local vector,
// all joined before return.
std::vector<std::string> render_all(const std::vector<int>& ids) {
  std::vector<std::string> pages(ids.size());
  std::vector<std::thread> threads;
  auto launch = [&](std::size_t i) {
    threads.emplace_back([&pages, &ids, i] { pages[i] = std::to_string(ids[i]); });
  };
  for (std::size_t i = 0; i < ids.size(); ++i)
    launch(i);
  for (auto& t : threads)
    t.join();
  return pages;
}
} // namespace realistic_fp14
