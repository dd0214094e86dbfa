// CheckExceptionalPaths: a call that may throw while a std::thread may be
// joinable terminates the program during unwinding.
// RUN: %check_fearless_tidy %s fearless-unjoined-thread %t \
// RUN:   -- -config="{CheckOptions: {fearless-unjoined-thread.CheckExceptionalPaths: true}}" -- -pthread

#include <thread>
#include <vector>

void work();
int risky(int);
int safe(int) noexcept;
void finish(std::thread &);

void mayThrowBetween() {
  std::thread t(work);
  int x = risky(1);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 't' may still be joinable if 'risky' throws (std::terminate during unwinding) [fearless-unjoined-thread]
  (void)x;
  t.join();
}

void throwBetween(bool bad) {
  std::thread t(work);
  if (bad)
    throw 42;
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 't' may still be joinable when this throws (std::terminate during unwinding) [fearless-unjoined-thread]
  t.join();
}

void noexceptBetween() {
  std::thread t(work);
  int x = safe(1);
  (void)x;
  t.join();
}

void throwsAfterJoin() {
  std::thread t(work);
  t.join();
  (void)risky(2);
}

void movedAwayFirst(std::vector<std::thread> &pool) {
  std::thread t(work);
  pool.push_back(std::move(t));
  (void)risky(3);
}

void handedToUnknown() {
  std::thread t(work);
  finish(t);
  (void)risky(4);
}

// The stored option and its default.
// RUN: %clang_tidy --checks='-*,fearless-unjoined-thread' --dump-config \
// RUN:   | FileCheck %s --check-prefix=DEFAULTS
// DEFAULTS: fearless-unjoined-thread.CheckExceptionalPaths: 'false'

// One warning per thread: the other places that may throw are notes.
void manyThrowingCalls() {
  std::thread t(work);
  (void)risky(5);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 't' may still be joinable if 'risky' throws, or if one of 5 other calls throws (std::terminate during unwinding) [fearless-unjoined-thread]
  (void)risky(6);
  // CHECK-NOTES: :[[@LINE-1]]:9: note: this may also throw while 't' is joinable
  (void)risky(7);
  // CHECK-NOTES: :[[@LINE-1]]:9: note: this may also throw while 't' is joinable
  (void)risky(8);
  // CHECK-NOTES: :[[@LINE-1]]:9: note: this may also throw while 't' is joinable
  (void)risky(9);
  // CHECK-NOTES: :[[@LINE-1]]:9: note: 2 more places may also throw, the first here
  (void)risky(10);
  t.join();
}
