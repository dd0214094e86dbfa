// Thread-start wrappers: a function of the translation unit that starts a
// thread running its parameter and lets it go (detaches it) makes each call
// of it a launch of the argument, for the race check and the borrow check
// alike. Wrappers that join, return or store the thread are not launches.
// RUN: %check_fearless_tidy -check-suffix=RACE -std=c++20 %s fearless-shared-mutable-capture %t -- -- -pthread
// RUN: %check_fearless_tidy -check-suffix=BORROW -std=c++20 %s fearless-thread-escaping-borrow %t -- -- -pthread

#include <functional>
#include <mutex>
#include <pthread.h>
#include <thread>
#include <utility>

// ===== The wrappers =====

template <class F> void run_detached(F f) { std::thread(std::move(f)).detach(); }

void run_in_background(std::function<void()> task) {
  std::thread worker([task] { task(); });
  worker.detach();
}

// A wrapper of a wrapper.
template <class F> void fire_and_forget(F &&f) { run_detached(std::forward<F>(f)); }

// The C shape: a start routine and its argument, the thread detached.
// (Its own thread borrows the caller's `*arg`, which the borrow check reports
// where the thread is started.)
int start_detached(void *(*routine)(void *), void *arg) {
  pthread_t thread;
  if (pthread_create(&thread, nullptr, routine, arg) != 0)
  // CHECK-MESSAGES-BORROW: :[[@LINE-1]]:7: warning: thread may outlive '*arg', which it borrows through a pointer [fearless-thread-escaping-borrow]
    return -1;
  return pthread_detach(thread);
}

// Not wrappers: the thread is finished, or handed back, before they return.
template <class F> void run_and_wait(F f) {
  std::thread worker(std::move(f));
  worker.join();
}
template <class F> std::thread start(F f) { return std::thread(std::move(f)); }

// ===== Races through a wrapper =====

void counter_race() {
  static int hits = 0;
  run_detached([] { ++hits; });
  // CHECK-MESSAGES-RACE: :[[@LINE-1]]:23: warning: 'hits' is written by a callable started at line [[@LINE-1]] while this function may access it [fearless-shared-mutable-capture]
  ++hits;
}

void counter_through_std_function() {
  static int total = 0;
  run_in_background([] { total += 2; });
  // CHECK-MESSAGES-RACE: :[[@LINE-1]]:26: warning: 'total' is written by a callable started at line [[@LINE-1]] while this function may access it [fearless-shared-mutable-capture]
  total = 0;
}

struct Job {
  int done = 0;
};

void *finish_job(void *arg) {
  static_cast<Job *>(arg)->done = 1;
  // CHECK-MESSAGES-RACE: :[[@LINE-1]]:22: warning: 'job' is written by a callable started at line {{[0-9]+}} while this function may access it [fearless-shared-mutable-capture]
  return nullptr;
}

void pthread_wrapper_race() {
  Job *job = new Job;
  start_detached(finish_job, job);
  if (job->done) {
  }
}

// Synchronized: silent.
void counter_locked() {
  static std::mutex lock;
  static int hits = 0;
  run_detached([] {
    std::lock_guard<std::mutex> guard(lock);
    ++hits;
  });
  std::lock_guard<std::mutex> guard(lock);
  ++hits;
}

// The wrapper joins before it returns: nothing runs after the call.
void joined_inside() {
  static int hits = 0;
  run_and_wait([] { ++hits; });
  ++hits;
}

// ===== Borrows through a wrapper =====

void borrow_escapes() {
  int local = 0;
  run_detached([&local] { local = 1; });
  // CHECK-MESSAGES-BORROW: :[[@LINE-1]]:3: warning: callable passed to 'run_detached' may outlive 'local', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-MESSAGES-RACE: :[[@LINE-2]]:27: warning: 'local' is written by a callable started at line [[@LINE-2]] while the callable started at line [[@LINE+1]] may access it [fearless-shared-mutable-capture]
  fire_and_forget([&] { local = 2; });
  // CHECK-MESSAGES-BORROW: :[[@LINE-1]]:3: warning: callable passed to 'fire_and_forget' may outlive 'local', which it borrows by reference [fearless-thread-escaping-borrow]
  Job job;
  start_detached(finish_job, &job);
  // CHECK-MESSAGES-BORROW: :[[@LINE-1]]:3: warning: callable passed to 'start_detached' may outlive 'job', which it borrows through a pointer [fearless-thread-escaping-borrow]
}

// Copies, a joined wrapper and a returned thread that the caller joins:
// silent.
void borrow_fine() {
  int local = 0;
  run_detached([local] { (void)local; });
  run_and_wait([&local] { local = 1; });
  std::thread t = start([&local] { local = 2; });
  t.join();
}
