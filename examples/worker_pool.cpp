// CLEAN: the article's "Pattern 2: Worker Pool" — jobs go out on one
// channel, results come back on another. First with four scoped threads,
// then with four tasks on the work-stealing pool (fearless::pool_scope).
// No fearless check reports anything.
#include <fearless/channel.hpp>
#include <fearless/pool_scope.hpp>
#include <fearless/scope.hpp>

#include <cstdio>
#include <vector>

namespace ch = fearless::channel;

namespace {

constexpr int job_count = 20;
constexpr int worker_count = 4;

struct result {
  int worker;
  int job;
  long value;
};

result process_job(int worker, int job) { return {worker, job, long{job} * job}; }

/// What main prints for either pool: every job answered exactly once.
struct tally {
  std::vector<int> answers = std::vector<int>(job_count, 0);
  std::vector<int> per_worker = std::vector<int>(worker_count, 0);
  long sum = 0;

  void add(const result& r) {
    ++answers[r.job];
    ++per_worker[r.worker];
    sum += r.value;
  }
  [[nodiscard]] bool each_job_once() const {
    for (int n : answers)
      if (n != 1)
        return false;
    return true;
  }
  [[nodiscard]] int total_by_workers() const {
    int total = 0;
    for (int n : per_worker)
      total += n;
    return total;
  }
};

tally scoped_workers() {
  auto [job_tx, job_rx] = ch::bounded<int>(100);
  auto [result_tx, result_rx] = ch::unbounded<result>();
  tally t;
  fearless::scope([&](fearless::scope_handle& s) {
    for (int id = 0; id < worker_count; ++id)
      s.spawn([id, jobs = job_rx, results = result_tx] {
        for (int job : jobs)
          (void)results.send(process_job(id, job));
      });
    s.spawn([jobs = std::move(job_tx)] {
      for (int job = 0; job < job_count; ++job)
        if (!jobs.send(job))
          return;
    });  // no more jobs: each worker's loop ends
    result_tx.reset();  // only the workers may send results now
    for (const result& r : result_rx)
      t.add(r);
  });
  return t;
}

/// A pool task must not wait for something that needs a pool thread to
/// happen, or a small pool deadlocks: every job is queued and the job
/// channel closed before the tasks start, so their loops never wait.
tally pool_workers() {
  auto [job_tx, job_rx] = ch::bounded<int>(job_count);
  for (int job = 0; job < job_count; ++job)
    (void)job_tx.send(job);
  job_tx.reset();

  auto [result_tx, result_rx] = ch::unbounded<result>();
  fearless::pool_scope([&](fearless::pool_scope_handle& s) {
    for (int id = 0; id < worker_count; ++id)
      s.spawn([id, jobs = job_rx, results = result_tx] {
        for (int job : jobs)
          (void)results.send(process_job(id, job));
      });
  });  // every task, and its senders, is gone here
  result_tx.reset();
  tally t;
  for (const result& r : result_rx)
    t.add(r);
  return t;
}

bool report(const char* how, const tally& t) {
  const bool ok = t.each_job_once() && t.total_by_workers() == job_count;
  std::printf("%s: %d jobs on %d workers, sum of results %ld (%s)\n", how, job_count,
              worker_count, t.sum, ok ? "each job once" : "WRONG");
  return ok;
}

}  // namespace

int main() {
  const bool scoped_ok = report("scoped workers", scoped_workers());
  const bool pool_ok = report("pool workers", pool_workers());
  return scoped_ok && pool_ok ? 0 : 1;
}
