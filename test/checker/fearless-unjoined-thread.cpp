// RUN: %check_fearless_tidy -std=c++20 %s fearless-unjoined-thread %t -- -- -pthread

#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

void work();
int risky(int);
int safe(int) noexcept;
void consume(std::thread);

// ===== Positive cases =====

// U1: an early return leaves the thread joinable
void compute(bool fail) {
  std::thread t(work);
  if (fail)
    return;
    // CHECK-NOTES: :[[@LINE-3]]:15: warning: 't' may still be joinable when it is destroyed at the end of 'compute' (std::terminate) [fearless-unjoined-thread]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: 't' is destroyed here while it may be joinable
    // CHECK-NOTES: :[[@LINE-5]]:3: note: 't' starts a thread here
  t.join();
}
// U2: never joined
void neverJoined() {
  std::thread t(work);
}
// CHECK-NOTES: :[[@LINE-2]]:15: warning: 't' may still be joinable when it is destroyed at the end of 'neverJoined' (std::terminate) [fearless-unjoined-thread]
// CHECK-NOTES: :[[@LINE-2]]:1: note: 't' is destroyed here while it may be joinable
// CHECK-NOTES: :[[@LINE-4]]:3: note: 't' starts a thread here
// U3: joined on one branch only
void oneBranch(bool wait) {
  std::thread t(work);
  if (wait)
    t.join();
}
// CHECK-NOTES: :[[@LINE-4]]:15: warning: 't' may still be joinable when it is destroyed at the end of 'oneBranch' (std::terminate) [fearless-unjoined-thread]
// CHECK-NOTES: :[[@LINE-2]]:1: note: 't' is destroyed here while it may be joinable
// CHECK-NOTES: :[[@LINE-6]]:3: note: 't' starts a thread here
// U4: assigned a new thread while the old one runs
void assignOver() {
  std::thread t(work);
  t = std::thread(work);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 't' may still be joinable when it is assigned a new thread (std::terminate) [fearless-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 't' starts a thread here
  t.join();
}
// U5: an inner scope ends without a join
void innerScope() {
  {
    std::thread t(work);
  }
  // CHECK-NOTES: :[[@LINE-2]]:17: warning: 't' may still be joinable when it is destroyed at the end of its scope (std::terminate) [fearless-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 't' is destroyed here while it may be joinable
  // CHECK-NOTES: :[[@LINE-4]]:5: note: 't' starts a thread here
  work();
}
// U6: joined only inside a loop that may not run
void loopMayNotRun(int n) {
  std::thread t(work);
  for (int i = 0; i < n; ++i) {
    t.join();
    break;
  }
}
// CHECK-NOTES: :[[@LINE-6]]:15: warning: 't' may still be joinable when it is destroyed at the end of 'loopMayNotRun' (std::terminate) [fearless-unjoined-thread]
// CHECK-NOTES: :[[@LINE-2]]:1: note: 't' is destroyed here while it may be joinable
// CHECK-NOTES: :[[@LINE-8]]:3: note: 't' starts a thread here
// U7: a break out of a loop skips the join
void breakSkipsJoin(int n) {
  for (int i = 0; i < n; ++i) {
    std::thread t(work);
    if (i == 3)
      break;
    t.join();
  }
  // CHECK-NOTES: :[[@LINE-5]]:17: warning: 't' may still be joinable when it is destroyed at the end of its scope (std::terminate) [fearless-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 't' is destroyed here while it may be joinable
  // CHECK-NOTES: :[[@LINE-7]]:5: note: 't' starts a thread here
}
// U8: a thread started later on one path
void startedLater(bool go) {
  std::thread t;
  if (go)
    t = std::thread(work);
}
// CHECK-NOTES: :[[@LINE-4]]:15: warning: 't' may still be joinable when it is destroyed at the end of 'startedLater' (std::terminate) [fearless-unjoined-thread]
// CHECK-NOTES: :[[@LINE-2]]:1: note: 't' is destroyed here while it may be joinable
// CHECK-NOTES: :[[@LINE-4]]:5: note: 't' starts a thread here
// U9: a moved-to thread never joined
void movedToNeverJoined() {
  std::thread t(work);
  std::thread u = std::move(t);
}
// CHECK-NOTES: :[[@LINE-2]]:15: warning: 'u' may still be joinable when it is destroyed at the end of 'movedToNeverJoined' (std::terminate) [fearless-unjoined-thread]
// CHECK-NOTES: :[[@LINE-2]]:1: note: 'u' is destroyed here while it may be joinable
// CHECK-NOTES: :[[@LINE-5]]:3: note: 'u' starts a thread here
// U10: assigned over from another thread
void assignFromOther() {
  std::thread a(work);
  std::thread b(work);
  a = std::move(b);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'a' may still be joinable when it is assigned a new thread (std::terminate) [fearless-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: 'a' starts a thread here
  a.join();
}

// ===== Negative cases =====

// J1: joined on every path
void joinedEverywhere(bool early) {
  std::thread t(work);
  if (early) {
    t.join();
    return;
  }
  t.join();
}
// J2: detached (fearless-detached-thread's business)
void detached() {
  std::thread t(work);
  t.detach();
}
// J3: returned: the caller is responsible
std::thread returned() {
  std::thread t(work);
  return t;
}
// J4: moved into a function
void movedAway() {
  std::thread t(work);
  consume(std::move(t));
}
// J5: std::jthread joins by itself
void jthread() {
  std::jthread j(work);
}
// J6: threads in a container joined in a loop
void container() {
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back(work);
  for (auto &t : pool)
    t.join();
}
// J7: a default-constructed thread holds nothing
void defaultConstructed() {
  std::thread t;
}
// J8: joinable()-guarded join
void guarded(bool start) {
  std::thread t;
  if (start)
    t = std::thread(work);
  if (t.joinable())
    t.join();
}
// J9: moved into a container
void movedIntoContainer(std::vector<std::thread> &pool) {
  std::thread t(work);
  pool.push_back(std::move(t));
}
// J10: handed by reference to a function we cannot see
void finish(std::thread &);
void handedToUnknown() {
  std::thread t(work);
  finish(t);
}
// J11: a call that may throw between start and join is only reported with
// CheckExceptionalPaths (fearless-unjoined-thread-exceptional.cpp)
void mayThrowBetween() {
  std::thread t(work);
  int x = risky(1);
  (void)x;
  t.join();
}
// J12: joined then assigned a new thread, joined again
void joinThenAssign() {
  std::thread t(work);
  t.join();
  t = std::thread(work);
  t.join();
}
