// RUN: %check_fearless_tidy -std=c++20 %s fearless-shared-mutable-capture %t -- -- -pthread -I%fearless_include

#include <fearless/scope.hpp>
#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <condition_variable>
#include <execution>
#include <future>
#include <latch>
#include <map>
#include <mutex>
#include <numeric>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

// ===== Positive cases: a write that another context may race with =====

// R1: the Go counter translation
int r1() {
  int counter = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 1000; ++i)
    threads.emplace_back([&] { counter++; });
    // CHECK-NOTES: :[[@LINE-1]]:32: warning: 'counter' is written by a thread started at line 28 while another instance of the same thread may access it [fearless-shared-mutable-capture]
    // CHECK-NOTES: :[[@LINE-2]]:32: note: 'counter' is shared with the thread here
    // CHECK-NOTES: :[[@LINE-3]]:32: note: make 'counter' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
  for (auto &t : threads)
    t.join();
  return counter;
}
// R2: two writers to one string
void r2() {
  std::string log;
  std::thread a([&] { log += "a"; });
  std::thread b([&] { log += "b"; });
  // CHECK-NOTES: :[[@LINE-2]]:23: warning: 'log' is written by a thread started at line 39 while the thread started at line 40 may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-3]]:23: note: 'log' is shared with the thread here
  // CHECK-NOTES: :[[@LINE-3]]:23: note: the other access is here
  // CHECK-NOTES: :[[@LINE-5]]:23: note: guard every access to 'log' with the same mutex, or give each thread its own copy and combine the results after joining
  a.join();
  b.join();
}
// R3: parent reads while a worker writes
int r3() {
  int progress = 0;
  std::thread worker([&] { progress = 100; });
  int seen = progress;
  // CHECK-NOTES: :[[@LINE-2]]:28: warning: 'progress' is written by a thread started at line 51 while this function may access it before joining it at line 57 [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-3]]:28: note: 'progress' is shared with the thread here
  // CHECK-NOTES: :[[@LINE-3]]:14: note: the other access is here
  // CHECK-NOTES: :[[@LINE-5]]:28: note: make 'progress' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
  worker.join();
  return seen;
}
// R4: parallel for_each summing
double r4(const std::vector<double> &xs) {
  double sum = 0;
  std::for_each(std::execution::par, xs.begin(), xs.end(), [&](double x) { sum += x; });
  // CHECK-NOTES: :[[@LINE-1]]:76: warning: 'sum' is written by a callable started at line 63 while another instance of the same callable may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-2]]:76: note: 'sum' is shared with the callable here
  // CHECK-NOTES: :[[@LINE-3]]:76: note: make 'sum' a std::atomic, guard every access with the same mutex, or give each callable its own copy and combine the results after joining
  return sum;
}
// R5: push_back from a pool loop
std::vector<int> r5() {
  std::vector<int> results;
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back([&results, i] { results.push_back(i); });
    // CHECK-NOTES: :[[@LINE-1]]:39: warning: 'results' is written by a thread started at line 74 while another instance of the same thread may access it [fearless-shared-mutable-capture]
    // CHECK-NOTES: :[[@LINE-2]]:25: note: 'results' is shared with the thread here
    // CHECK-NOTES: :[[@LINE-3]]:39: note: guard every access to 'results' with the same mutex, or give each thread its own copy and combine the results after joining
  for (auto &t : pool)
    t.join();
  return results;
}
// R6: a map from two jthreads
void r6() {
  std::map<int, int> cache;
  std::jthread a([&] { cache[1] = 1; });
  std::jthread b([&] { cache[2] = 2; });
  // CHECK-NOTES: :[[@LINE-2]]:24: warning: 'cache' is written by a thread started at line 85 while the thread started at line 86 may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-3]]:24: note: 'cache' is shared with the thread here
  // CHECK-NOTES: :[[@LINE-3]]:24: note: the other access is here
  // CHECK-NOTES: :[[@LINE-5]]:24: note: guard every access to 'cache' with the same mutex, or give each thread its own copy and combine the results after joining
}
// R7: writes through a copied pointer
void r7() {
  int total = 0;
  int *p = &total;
  std::vector<std::thread> pool;
  for (int i = 0; i < 2; ++i)
    pool.emplace_back([p] { *p += 1; });
    // CHECK-NOTES: :[[@LINE-1]]:30: warning: 'total' is written by a thread started at line 98 while another instance of the same thread may access it [fearless-shared-mutable-capture]
    // CHECK-NOTES: :[[@LINE-2]]:24: note: 'total' is shared with the thread here
    // CHECK-NOTES: :[[@LINE-3]]:30: note: make 'total' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
  for (auto &t : pool)
    t.join();
}
// R8: ++member_ from [this] threads in a loop
struct Stats {
  int hits_ = 0;
  void r8() {
    std::vector<std::thread> pool;
    for (int i = 0; i < 4; ++i)
      pool.emplace_back([this] { ++hits_; });
      // CHECK-NOTES: :[[@LINE-1]]:36: warning: 'hits_' is written by a thread started at line 111 while another instance of the same thread may access it [fearless-shared-mutable-capture]
      // CHECK-NOTES: :[[@LINE-2]]:36: note: 'hits_' is shared with the thread here
      // CHECK-NOTES: :[[@LINE-3]]:36: note: make 'hits_' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
    for (auto &t : pool)
      t.join();
  }
};
// R9: two std::async appending to one string
std::string r9() {
  std::string out;
  auto a = std::async(std::launch::async, [&] { out.append("a"); });
  auto b = std::async(std::launch::async, [&] { out.append("b"); });
  // CHECK-NOTES: :[[@LINE-2]]:49: warning: 'out' is written by a std::async task started at line 122 while the std::async task started at line 123 may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-3]]:49: note: 'out' is shared with the std::async task here
  // CHECK-NOTES: :[[@LINE-3]]:49: note: the other access is here
  // CHECK-NOTES: :[[@LINE-5]]:49: note: guard every access to 'out' with the same mutex, or give each std::async task its own copy and combine the results after joining
  a.wait();
  b.wait();
  return out;
}
// R10: a mutex taken by one writer and ignored by the other
void r10() {
  std::mutex m;
  int shared = 0;
  std::thread a([&] { std::lock_guard<std::mutex> lock(m); ++shared; });
  std::thread b([&] { ++shared; });
  // CHECK-NOTES: :[[@LINE-2]]:62: warning: 'shared' is written by a thread started at line 136 while the thread started at line 137 may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-3]]:62: note: 'shared' is shared with the thread here
  // CHECK-NOTES: :[[@LINE-3]]:25: note: the other access is here
  // CHECK-NOTES: :[[@LINE-5]]:62: note: make 'shared' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
  a.join();
  b.join();
}
// R11: parent writes while thread reads
void r11() {
  int limit = 10;
  std::thread t([&] { for (int i = 0; i < limit; ++i) {} });
  limit = 20;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'limit' is written by this function while the thread started at line 148 may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-3]]:43: note: 'limit' is shared with the thread here
  // CHECK-NOTES: :[[@LINE-4]]:43: note: the other access is here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: make 'limit' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
  t.join();
}
// R12: detached thread writes, parent reads later
int g12 = 0;
void r12() {
  std::thread([] { ++g12; }).detach();
  int seen = g12;
  // CHECK-NOTES: :[[@LINE-2]]:22: warning: 'g12' is written by a thread started at line 159 while this function may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-3]]:22: note: 'g12' is shared with the thread here
  // CHECK-NOTES: :[[@LINE-3]]:14: note: the other access is here
  // CHECK-NOTES: :[[@LINE-5]]:22: note: make 'g12' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
  (void)seen;
}
// R13: std::ref argument written by two threads
void r13() {
  int n = 0;
  std::thread a([](int &x) { ++x; }, std::ref(n));
  std::thread b([](int &x) { ++x; }, std::ref(n));
  // CHECK-NOTES: :[[@LINE-2]]:32: warning: 'n' is written by a thread started at line 170 while the thread started at line 171 may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-3]]:38: note: 'n' is shared with the thread here
  // CHECK-NOTES: :[[@LINE-3]]:32: note: the other access is here
  // CHECK-NOTES: :[[@LINE-5]]:32: note: make 'n' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
  a.join();
  b.join();
}
// R14: named lambda launched twice
void r14() {
  long total = 0;
  auto work = [&] { total += 1; };
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'total' is written by a thread started at line 186 while the thread started at line 187 may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-2]]:21: note: 'total' is shared with the thread here
  // CHECK-NOTES: :[[@LINE-3]]:21: note: make 'total' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
}
// R15: transform_reduce with side effect
int r15(const std::vector<int> &v) {
  int calls = 0;
  std::transform(std::execution::par_unseq, v.begin(), v.end(), std::vector<int>(v.size()).begin(),
                 [&](int x) { ++calls; return x; });
                 // CHECK-NOTES: :[[@LINE-1]]:33: warning: 'calls' is written by a callable started at line 194 while another instance of the same callable may access it [fearless-shared-mutable-capture]
                 // CHECK-NOTES: :[[@LINE-2]]:33: note: 'calls' is shared with the callable here
                 // CHECK-NOTES: :[[@LINE-3]]:33: note: make 'calls' a std::atomic, guard every access with the same mutex, or give each callable its own copy and combine the results after joining
  return calls;
}


// R16: two scoped threads write one counter
int r16() {
  int counter = 0;
  fearless::scope([&](fearless::scope_handle &s) {
    s.spawn([&] { ++counter; });
    s.spawn([&] { ++counter; });
    // CHECK-NOTES: :[[@LINE-2]]:21: warning: 'counter' is written by a scoped thread started at line 207 while the scoped thread started at line 208 may access it [fearless-shared-mutable-capture]
    // CHECK-NOTES: :[[@LINE-3]]:21: note: 'counter' is shared with the scoped thread here
    // CHECK-NOTES: :[[@LINE-3]]:21: note: the other access is here
    // CHECK-NOTES: :[[@LINE-5]]:21: note: make 'counter' a std::atomic, guard every access with the same mutex, or give each scoped thread its own copy and combine the results after joining
  });
  return counter;
}
// R17: scoped threads spawned in a loop
int r17() {
  int total = 0;
  fearless::scope([&](fearless::scope_handle &s) {
    for (int i = 0; i < 4; ++i)
      s.spawn([&total, i] { total += i; });
      // CHECK-NOTES: :[[@LINE-1]]:29: warning: 'total' is written by a scoped thread started at line 221 while another instance of the same scoped thread may access it [fearless-shared-mutable-capture]
      // CHECK-NOTES: :[[@LINE-2]]:17: note: 'total' is shared with the scoped thread here
      // CHECK-NOTES: :[[@LINE-3]]:29: note: make 'total' a std::atomic, guard every access with the same mutex, or give each scoped thread its own copy and combine the results after joining
  });
  return total;
}
// R18: the scope's body reads while a scoped thread writes
int r18() {
  int progress = 0;
  int seen = 0;
  fearless::scope([&](fearless::scope_handle &s) {
    auto worker = s.spawn([&] { progress = 100; });
    seen = progress;
    // CHECK-NOTES: :[[@LINE-2]]:33: warning: 'progress' is written by a scoped thread started at line 233 while this function may access it before joining it at line 239 [fearless-shared-mutable-capture]
    // CHECK-NOTES: :[[@LINE-3]]:33: note: 'progress' is shared with the scoped thread here
    // CHECK-NOTES: :[[@LINE-3]]:12: note: the other access is here
    // CHECK-NOTES: :[[@LINE-5]]:33: note: make 'progress' a std::atomic, guard every access with the same mutex, or give each scoped thread its own copy and combine the results after joining
    worker.join();
  });
  return seen;
}
// R19: pthread start routine writing through its argument, twice
void *bump_routine(void *arg) {
  int *counter = static_cast<int *>(arg);
  ++*counter;
  return nullptr;
}
void r19() {
  int counter = 0;
  pthread_t a, b;
  pthread_create(&a, nullptr, bump_routine, &counter);
  // CHECK-NOTES: :[[@LINE-7]]:6: warning: 'counter' is written by a thread started at line 252 while the thread started at line 256 may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-2]]:45: note: 'counter' is shared with the thread here
  // CHECK-NOTES: :[[@LINE-9]]:6: note: make 'counter' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
  pthread_create(&b, nullptr, bump_routine, &counter);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
}
// R20: a function writing a global, launched twice
int hits = 0;
void bump() { ++hits; }
// CHECK-NOTES: :[[@LINE-1]]:17: warning: 'hits' is written by a thread started at line 267 while the thread started at line 268 may access it [fearless-shared-mutable-capture]
// CHECK-NOTES: :[[@LINE-2]]:17: note: 'hits' is shared with the thread here
// CHECK-NOTES: :[[@LINE-3]]:17: note: make 'hits' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
void r20() {
  std::thread a(bump);
  std::thread b(bump);
  a.join();
  b.join();
}
// R21: a static local written by threads in a loop
void r21() {
  static int calls = 0;
  std::vector<std::thread> pool;
  for (int i = 0; i < 3; ++i)
    pool.emplace_back([] { ++calls; });
    // CHECK-NOTES: :[[@LINE-1]]:30: warning: 'calls' is written by a thread started at line 277 while another instance of the same thread may access it [fearless-shared-mutable-capture]
    // CHECK-NOTES: :[[@LINE-2]]:30: note: 'calls' is shared with the thread here
    // CHECK-NOTES: :[[@LINE-3]]:30: note: make 'calls' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
  for (auto &t : pool)
    t.join();
}
// R22: the parent writes before waiting for the async task
void r22() {
  int value = 0;
  auto f = std::async(std::launch::async, [&] { return value + 1; });
  value = 5;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'value' is written by this function while the std::async task started at line 287 may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-3]]:56: note: 'value' is shared with the std::async task here
  // CHECK-NOTES: :[[@LINE-4]]:56: note: the other access is here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: make 'value' a std::atomic, guard every access with the same mutex, or give each std::async task its own copy and combine the results after joining
  f.get();
}
// R23: the parent writes while a jthread still runs
void r23() {
  std::vector<int> items;
  std::jthread consumer([&] { (void)items.size(); });
  items.push_back(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'items' is written by this function while the thread started at line 298 may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-3]]:37: note: 'items' is shared with the thread here
  // CHECK-NOTES: :[[@LINE-4]]:37: note: the other access is here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: guard every access to 'items' with the same mutex, or give each thread its own copy and combine the results after joining
}
// R24: the index is captured by reference: every run may see the same slot
void r24() {
  std::vector<int> results(4);
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back([&] { results[i] = i; });
    // CHECK-NOTES: :[[@LINE-2]]:28: warning: 'i' is written by this function while the thread started at line 310 may access it [fearless-shared-mutable-capture]
    // CHECK-NOTES: :[[@LINE-2]]:37: note: 'i' is shared with the thread here
    // CHECK-NOTES: :[[@LINE-3]]:37: note: the other access is here
    // CHECK-NOTES: :[[@LINE-5]]:28: note: make 'i' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
    // CHECK-NOTES: :[[@LINE-5]]:29: warning: 'results' is written by a thread started at line 310 while another instance of the same thread may access it [fearless-shared-mutable-capture]
    // CHECK-NOTES: :[[@LINE-6]]:29: note: 'results' is shared with the thread here
    // CHECK-NOTES: :[[@LINE-7]]:29: note: guard every access to 'results' with the same mutex, or give each thread its own copy and combine the results after joining
  for (auto &t : pool)
    t.join();
}
// R25: a member written by a worker while the method reads it
struct Counter {
  long value_ = 0;
  long r25() {
    std::thread worker([this] { value_ += 10; });
    long now = value_;
    // CHECK-NOTES: :[[@LINE-2]]:33: warning: 'value_' is written by a thread started at line 325 while this function may access it before joining it at line 331 [fearless-shared-mutable-capture]
    // CHECK-NOTES: :[[@LINE-3]]:33: note: 'value_' is shared with the thread here
    // CHECK-NOTES: :[[@LINE-3]]:16: note: the other access is here
    // CHECK-NOTES: :[[@LINE-5]]:33: note: make 'value_' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
    worker.join();
    return now;
  }
};
// R26: par_unseq appending to a string
void r26(const std::vector<char> &chars) {
  std::string text;
  std::for_each(std::execution::par_unseq, chars.begin(), chars.end(),
                [&](char c) { text.push_back(c); });
                // CHECK-NOTES: :[[@LINE-1]]:31: warning: 'text' is written by a callable started at line 338 while another instance of the same callable may access it [fearless-shared-mutable-capture]
                // CHECK-NOTES: :[[@LINE-2]]:31: note: 'text' is shared with the callable here
                // CHECK-NOTES: :[[@LINE-3]]:31: note: guard every access to 'text' with the same mutex, or give each callable its own copy and combine the results after joining
}
// R27: a deferred unique_lock that is never locked protects nothing
void r27() {
  std::mutex m;
  int total = 0;
  std::vector<std::thread> pool;
  for (int i = 0; i < 2; ++i)
    pool.emplace_back([&] {
      std::unique_lock<std::mutex> lock(m, std::defer_lock);
      ++total;
      // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'total' is written by a thread started at line 350 while another instance of the same thread may access it [fearless-shared-mutable-capture]
      // CHECK-NOTES: :[[@LINE-2]]:9: note: 'total' is shared with the thread here
      // CHECK-NOTES: :[[@LINE-3]]:9: note: make 'total' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
    });
  for (auto &t : pool)
    t.join();
}
// R28: two different mutexes do not protect one object
void r28() {
  std::mutex a_mutex, b_mutex;
  int shared = 0;
  std::thread a([&] { std::lock_guard<std::mutex> lock(a_mutex); ++shared; });
  std::thread b([&] { std::lock_guard<std::mutex> lock(b_mutex); ++shared; });
  // CHECK-NOTES: :[[@LINE-2]]:68: warning: 'shared' is written by a thread started at line 364 while the thread started at line 365 may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-3]]:68: note: 'shared' is shared with the thread here
  // CHECK-NOTES: :[[@LINE-3]]:68: note: the other access is here
  // CHECK-NOTES: :[[@LINE-5]]:68: note: make 'shared' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
  a.join();
  b.join();
}
// R29: writes through an iterator copied into each thread
void r29() {
  std::vector<int> v(4);
  auto first = v.begin();
  std::vector<std::thread> pool;
  for (int i = 0; i < 2; ++i)
    pool.emplace_back([first] { *first += 1; });
    // CHECK-NOTES: :[[@LINE-1]]:34: warning: 'v' is written by a thread started at line 379 while another instance of the same thread may access it [fearless-shared-mutable-capture]
    // CHECK-NOTES: :[[@LINE-2]]:24: note: 'v' is shared with the thread here
    // CHECK-NOTES: :[[@LINE-3]]:34: note: guard every access to 'v' with the same mutex, or give each thread its own copy and combine the results after joining
  for (auto &t : pool)
    t.join();
}
// R30: a thread detached in a loop keeps writing
void r30() {
  static long ticks = 0;
  for (int i = 0; i < 2; ++i)
    std::thread([] { ++ticks; }).detach();
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: 'ticks' is written by a thread started at line 390 while another instance of the same thread may access it [fearless-shared-mutable-capture]
    // CHECK-NOTES: :[[@LINE-2]]:24: note: 'ticks' is shared with the thread here
    // CHECK-NOTES: :[[@LINE-3]]:24: note: make 'ticks' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
}


// ===== Negative cases: synchronized, disjoint, read-only or not concurrent =====

// N1: atomic counter
int n1() {
  std::atomic<int> counter{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 1000; ++i)
    threads.emplace_back([&] { counter++; });
  for (auto &t : threads)
    t.join();
  return counter;
}
// N2: lock_guard on every access
int n2() {
  std::mutex m;
  int total = 0;
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back([&] {
      std::lock_guard<std::mutex> lock(m);
      ++total;
    });
  for (auto &t : pool)
    t.join();
  return total;
}
// N3: scoped_lock
void n3() {
  std::mutex m;
  std::string log;
  std::thread a([&] { std::scoped_lock lock(m); log += "a"; });
  std::thread b([&] { std::scoped_lock lock(m); log += "b"; });
  a.join();
  b.join();
}
// N4: unique_lock with a condition variable
void n4() {
  std::mutex m;
  std::condition_variable cv;
  bool ready = false;
  std::thread producer([&] {
    {
      std::unique_lock<std::mutex> lock(m);
      ready = true;
    }
    cv.notify_one();
  });
  {
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return ready; });
  }
  producer.join();
}
// N5: disjoint indexes captured by value
std::vector<int> n5() {
  std::vector<int> results(4);
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back([&results, i] { results[i] = i * i; });
  for (auto &t : pool)
    t.join();
  return results;
}
// N6: per-iteration reference
std::vector<int> n6() {
  std::vector<int> results(4);
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i) {
    int &slot = results[i];
    pool.emplace_back([&slot, i] { slot = i; });
  }
  for (auto &t : pool)
    t.join();
  return results;
}
// N7: read-only sharing
int n7(const std::vector<int> &data) {
  int limit = 10;
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back([&] { (void)std::count(data.begin(), data.end(), limit); });
  for (auto &t : pool)
    t.join();
  return limit;
}
// N8: a single writer, read after join
int n8() {
  int answer = 0;
  std::thread t([&] { answer = 42; });
  t.join();
  return answer;
}
// N9: per-thread partial sums combined after join
long n9(const std::vector<int> &data) {
  std::vector<long> partial(4, 0);
  std::vector<std::thread> pool;
  for (int t = 0; t < 4; ++t)
    pool.emplace_back([&partial, &data, t] {
      for (std::size_t i = t; i < data.size(); i += 4)
        partial[t] += data[i];
    });
  for (auto &th : pool)
    th.join();
  return std::accumulate(partial.begin(), partial.end(), 0L);
}
// N10: parallel algorithm writing through its element parameter
void n10(std::vector<double> &xs) {
  std::for_each(std::execution::par, xs.begin(), xs.end(), [](double &x) { x *= 2; });
}
// N11: sequential policy is not concurrent
double n11(const std::vector<double> &xs) {
  double sum = 0;
  std::for_each(std::execution::seq, xs.begin(), xs.end(), [&](double x) { sum += x; });
  return sum;
}
// N12: writes before the launch, reads after the join
int n12() {
  int config = 1;
  config = 2;
  std::thread t([&] { (void)config; });
  t.join();
  config = 3;
  return config;
}
// N13: sequential threads, each joined before the next starts
void n13() {
  int state = 0;
  std::thread a([&] { ++state; });
  a.join();
  std::thread b([&] { ++state; });
  b.join();
}
// N14: thread joined in a loop iteration before the next
void n14() {
  int state = 0;
  for (int i = 0; i < 3; ++i) {
    std::thread t([&] { ++state; });
    t.join();
  }
}
// N15: latch and barrier are synchronizing
void n15() {
  std::latch done(2);
  std::barrier sync(2);
  std::thread a([&] { sync.arrive_and_wait(); done.count_down(); });
  std::thread b([&] { sync.arrive_and_wait(); done.count_down(); });
  done.wait();
  a.join();
  b.join();
}
// N16: shared_lock for readers, unique_lock for writers
void n16() {
  std::shared_mutex m;
  int value = 0;
  std::thread writer([&] { std::unique_lock lock(m); value = 1; });
  std::thread reader([&] { std::shared_lock lock(m); (void)value; });
  writer.join();
  reader.join();
}
// N17: async future waited before the parent writes
void n17() {
  int value = 0;
  auto f = std::async(std::launch::async, [&] { value = 1; });
  f.get();
  value = 2;
}
// N18: captured by value
void n18() {
  int counter = 0;
  std::vector<std::thread> pool;
  for (int i = 0; i < 3; ++i)
    pool.emplace_back([counter]() mutable { ++counter; });
  for (auto &t : pool)
    t.join();
}
// N19: thread-local variables are per thread
thread_local int tl_count = 0;
void n19() {
  std::vector<std::thread> pool;
  for (int i = 0; i < 3; ++i)
    pool.emplace_back([] { ++tl_count; });
  for (auto &t : pool)
    t.join();
}
// N20: a call we cannot see does not invent a write
void observe(int &);
void n20() {
  int value = 0;
  std::thread a([&] { observe(value); });
  std::thread b([&] { observe(value); });
  a.join();
  b.join();
}
// N21: atomic_ref
void n21() {
  int hits = 0;
  std::vector<std::thread> pool;
  for (int i = 0; i < 3; ++i)
    pool.emplace_back([&] { std::atomic_ref<int>(hits).fetch_add(1); });
  for (auto &t : pool)
    t.join();
}
// N22: manual lock()/unlock() around every access
void n22() {
  std::mutex m;
  int total = 0;
  std::thread a([&] { m.lock(); ++total; m.unlock(); });
  m.lock();
  ++total;
  m.unlock();
  a.join();
}
// N23: promise/future hand-off
void n23() {
  std::promise<int> p;
  std::future<int> f = p.get_future();
  std::thread t([&p] { p.set_value(1); });
  (void)f.get();
  t.join();
}
// N24: jthread finished at the end of an inner scope before the parent reads
int n24() {
  int value = 0;
  {
    std::jthread t([&] { value = 5; });
  }
  return value;
}
// N25: parallel transform into an output range, no captured writes
void n25(const std::vector<int> &in, std::vector<int> &out) {
  int factor = 3;
  std::transform(std::execution::par, in.begin(), in.end(), out.begin(),
                 [&](int x) { return x * factor; });
}
// N26: the launching function reads the size while threads write elements
void n26() {
  std::vector<int> slots(8, 0);
  fearless::scope([&](fearless::scope_handle &s) {
    for (std::size_t i = 0; i < slots.size(); ++i)
      s.spawn([&slots, i] { slots[i] = static_cast<int>(i); });
  });
}
// N27: the scope handle is shared by design: spawning from threads is safe
void n27() {
  std::atomic<int> count{0};
  fearless::scope([&](fearless::scope_handle &s) {
    for (int i = 0; i < 2; ++i)
      s.spawn([&] {
        ++count;
        s.spawn([&] { ++count; });
      });
  });
}
// N28: scoped threads joined through their handles before the body reads
int n28() {
  int left = 0, right = 0;
  fearless::scope([&](fearless::scope_handle &s) {
    auto a = s.spawn([&] { left = 1; });
    auto b = s.spawn([&] { right = 2; });
    a.join();
    b.join();
    left += right;
  });
  return left;
}
