// Options of fearless-shared-mutable-capture: ConcurrentFunctions,
// SynchronizedTypes, and the FEARLESS_SYNC annotation.
// RUN: %check_fearless_tidy %s fearless-shared-mutable-capture %t -- -- -I%fearless_include
// RUN: %check_fearless_tidy -check-suffix=OPTS %s fearless-shared-mutable-capture %t \
// RUN:   -- -config="{CheckOptions: {fearless-shared-mutable-capture.ConcurrentFunctions: 'pool::parallel_for', fearless-shared-mutable-capture.SynchronizedTypes: 'lib::ConcurrentQueue'}}" \
// RUN:   -- -I%fearless_include

#include <fearless/annotations.hpp>

#include <functional>
#include <thread>
#include <vector>

namespace pool {
// Runs body(i) for every i in [0, n), many at once; returns when all ended.
void parallel_for(int n, std::function<void(int)> body);
} // namespace pool

namespace lib {
// Stands for a lock-free queue whose internals the check cannot judge: its
// push() looks like a plain write.
template <typename T> class ConcurrentQueue {
public:
  void push(T value) { items_.push_back(value); }

private:
  std::vector<T> items_;
};
} // namespace lib

class FEARLESS_SYNC EventLog {
public:
  void record(int event);
};

// A function listed in ConcurrentFunctions runs its callable many times at
// once: a shared write races between the runs (OPTS run only).
int sumWithPool() {
  int sum = 0;
  pool::parallel_for(100, [&](int i) { sum += i; });
  // CHECK-MESSAGES-OPTS: :[[@LINE-1]]:40: warning: 'sum' is written by a callable started at line [[@LINE-1]] while another instance of the same callable may access it [fearless-shared-mutable-capture]
  return sum;
}

// Writes through the element index are disjoint.
void fillWithPool(std::vector<int> &out) {
  pool::parallel_for(100, [&](int i) { out[i] = i; });
}

// A type named in SynchronizedTypes synchronizes itself (OPTS run); without
// the option, push() is a write like any other.
void produce() {
  lib::ConcurrentQueue<int> queue;
  std::thread a([&] { queue.push(1); });
  std::thread b([&] { queue.push(2); });
  // CHECK-MESSAGES: :[[@LINE-2]]:23: warning: 'queue.items_' is written by a thread started at line [[@LINE-2]] while the thread started at line [[@LINE-1]] may access it [fearless-shared-mutable-capture]
  a.join();
  b.join();
}

// A class annotated FEARLESS_SYNC synchronizes itself, with or without options.
void logEvents() {
  EventLog log;
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back([&log, i] { log.record(i); });
  for (auto &t : pool)
    t.join();
}

// The stored options and their defaults.
// RUN: %clang_tidy --checks='-*,fearless-shared-mutable-capture' --dump-config \
// RUN:   | FileCheck %s --check-prefix=DEFAULTS
// DEFAULTS-DAG: fearless-shared-mutable-capture.ConcurrentFunctions: ''
// DEFAULTS-DAG: fearless-shared-mutable-capture.SynchronizedTypes: ''
