// RUN: %check_fearless_tidy %s fearless-detached-thread %t -- -- -pthread
// RUN: %check_fearless_tidy -check-suffix=ALLOWED %s fearless-detached-thread %t \
// RUN:   -- -config="{CheckOptions: {fearless-detached-thread.AllowedFunctions: 'service::.*;startWatchdog'}}" -- -pthread

#include <pthread.h>

#include <memory>
#include <thread>
#include <utility>
#include <vector>

void work();
void *start_routine(void *);

// ---- Positive cases -------------------------------------------------------

void detachLocal() {
  std::thread t(work);
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread 't' is detached and can never be joined; it may outlive the data it uses [fearless-detached-thread]
  // CHECK-NOTES: :[[@LINE-3]]:15: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:5: warning: thread 't' is detached
}

void detachLambdaThread(int n) {
  std::thread worker([n] { (void)n; });
  worker.detach();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: thread 'worker' is detached
  // CHECK-NOTES: :[[@LINE-3]]:15: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:10: warning: thread 'worker' is detached
}

void detachTemporary() {
  std::thread(work).detach();
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: thread is detached and can never be joined
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:21: warning: thread is detached
}

void detachThroughPointer() {
  std::thread t(work);
  std::thread *p = &t;
  p->detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: thread 'p' is detached
  // CHECK-NOTES: :[[@LINE-4]]:15: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:6: warning: thread 'p' is detached
}

void detachThroughDereference() {
  std::thread t(work);
  std::thread *p = &t;
  (*p).detach();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: thread '*p' is detached
  // CHECK-NOTES: :[[@LINE-4]]:15: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:8: warning: thread '*p' is detached
}

void detachOwnedByUniquePtr() {
  auto thread = std::make_unique<std::thread>(work);
  thread->detach();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: thread 'thread' is detached
  // CHECK-NOTES: :[[@LINE-3]]:17: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:11: warning: thread 'thread' is detached
}

void detachNewThread() {
  std::thread *t = new std::thread(work);
  t->detach();
  delete t;
  // CHECK-NOTES: :[[@LINE-2]]:6: warning: thread 't' is detached
  // CHECK-NOTES: :[[@LINE-4]]:20: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-4]]:6: warning: thread 't' is detached
}

void detachAfterMove() {
  std::thread first(work);
  std::thread second = std::move(first);
  second.detach();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: thread 'second' is detached
  // CHECK-NOTES: :[[@LINE-4]]:15: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:10: warning: thread 'second' is detached
}

// Every start that may reach the detach gets a note, and only those.
void detachOnEitherBranch(bool fast) {
  std::thread t;
  t = std::thread(work);
  if (fast)
    t = std::thread(work);
  else
    t = std::thread([] {});
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread 't' is detached
  // CHECK-NOTES: :[[@LINE-5]]:9: note: the thread was started here
  // CHECK-NOTES: :[[@LINE-4]]:9: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-4]]:5: warning: thread 't' is detached
}

// A thread that comes from elsewhere: the warning, but no note to give.
void detachParameter(std::thread &t) {
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread 't' is detached
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-2]]:5: warning: thread 't' is detached
}

std::thread makeWorker();
void detachFactoryResult() {
  std::thread t = makeWorker();
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread 't' is detached
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-2]]:5: warning: thread 't' is detached
}

void detachAll(std::vector<std::thread> &workers) {
  for (std::thread &w : workers)
    w.detach();
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: thread 'w' is detached
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-2]]:7: warning: thread 'w' is detached
}

void detachElement(std::vector<std::thread> &workers, unsigned i) {
  workers[i].detach();
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: thread 'workers[i]' is detached
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-2]]:14: warning: thread 'workers[i]' is detached
}

// A class that is a thread: its own detach() is std::thread's.
struct Worker : std::thread {
  using std::thread::thread;
  void release() { detach(); }
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: thread is detached
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-2]]:20: warning: thread is detached
};
void releaseWorker() {
  Worker w(work);
  w.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread 'w' is detached
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-2]]:5: warning: thread 'w' is detached
}

// Moved into a container: the local no longer holds the thread.
void detachAfterMoveOut(std::vector<std::thread> &pool) {
  std::thread t(work);
  pool.push_back(std::move(t));
  t = std::thread(work);
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread 't' is detached
  // CHECK-NOTES: :[[@LINE-3]]:7: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:5: warning: thread 't' is detached
}

// Handed by reference to a function we cannot see: no note can be trusted.
void refill(std::thread &t);
void detachAfterUnknownCall() {
  std::thread t(work);
  refill(t);
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread 't' is detached
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-2]]:5: warning: thread 't' is detached
}

void detachInLoop() {
  for (int i = 0; i < 4; ++i) {
    std::thread t(work);
    t.detach();
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: thread 't' is detached
    // CHECK-NOTES: :[[@LINE-3]]:17: note: the thread was started here
    // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:7: warning: thread 't' is detached
  }
}

void detachPosixThread() {
  pthread_t tid;
  pthread_create(&tid, nullptr, start_routine, nullptr);
  pthread_detach(tid);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread 'tid' is detached by pthread_detach and can never be joined; it may outlive the data it uses
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:3: warning: thread 'tid' is detached by pthread_detach
}

void *detachSelf(void *) {
  pthread_detach(pthread_self());
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread 'pthread_self()' is detached by pthread_detach
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-2]]:3: warning: thread 'pthread_self()' is detached by pthread_detach
  return nullptr;
}

struct Service {
  std::thread background;
  void start() {
    background = std::thread(work);
    background.detach();
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: thread 'background' is detached
    // CHECK-MESSAGES-ALLOWED: :[[@LINE-2]]:16: warning: thread 'background' is detached
  }
};

// Inside a lambda, the lambda is the function that is searched.
void detachInLambda() {
  auto launch = [] {
    std::thread t(work);
    t.detach();
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: thread 't' is detached
    // CHECK-NOTES: :[[@LINE-3]]:17: note: the thread was started here
    // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:7: warning: thread 't' is detached
  };
  launch();
}

template <typename Thread> void detachGeneric(Thread &t) { t.detach(); }
// CHECK-NOTES: :[[@LINE-1]]:62: warning: thread 't' is detached
// CHECK-MESSAGES-ALLOWED: :[[@LINE-2]]:62: warning: thread 't' is detached
void instantiate(std::thread &t) { detachGeneric(t); }

#define DETACH(thread) (thread).detach()
void detachThroughMacro() {
  std::thread t(work);
  DETACH(t);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread 't' is detached
  // CHECK-NOTES: :[[@LINE-5]]:33: note: expanded from macro 'DETACH'
  // CHECK-NOTES: :[[@LINE-4]]:15: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-4]]:3: warning: thread 't' is detached
}

// ---- Notes follow aliases, and only what can be seen ------------------------

void work2();

// `p` points to `t`: what counts is t's thread when p->detach() runs.
void detachThroughAliasAfterReassignment() {
  std::thread t(work);
  std::thread *p = &t;
  t.join();
  t = std::thread(work2);
  p->detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: thread 'p' is detached
  // CHECK-NOTES: :[[@LINE-3]]:7: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:6: warning: thread 'p' is detached
}

void detachThroughReference() {
  std::thread t(work);
  std::thread &r = t;
  t.join();
  t = std::thread(work2);
  r.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread 'r' is detached
  // CHECK-NOTES: :[[@LINE-3]]:7: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:5: warning: thread 'r' is detached
}

void detachAfterWriteThroughPointer() {
  auto up = std::make_unique<std::thread>(work);
  up->join();
  *up = std::thread(work2);
  up->detach();
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: thread 'up' is detached
  // CHECK-NOTES: :[[@LINE-3]]:9: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:7: warning: thread 'up' is detached
}

// A lambda captures `t` by reference and may replace its thread: no note.
void detachAfterLambdaMayReassign() {
  std::thread t(work);
  auto restart = [&] { t.join(); t = std::thread(work2); };
  restart();
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread 't' is detached
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-2]]:5: warning: thread 't' is detached
}

// unique_ptr::reset replaces the thread: no note.
void detachAfterReset() {
  auto up = std::make_unique<std::thread>(work);
  up->join();
  up.reset(new std::thread(work2));
  up->detach();
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: thread 'up' is detached
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-2]]:7: warning: thread 'up' is detached
}

// ---- Allowed by the option (ALLOWED run only) ------------------------------

namespace service {
void runForever() {
  std::thread(work).detach();
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: thread is detached
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the thread was started here
}
} // namespace service

void startWatchdog() {
  std::thread t(work);
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread 't' is detached
  // CHECK-NOTES: :[[@LINE-3]]:15: note: the thread was started here
  // A lambda inside an allowed function is allowed too.
  [] { std::thread(work).detach(); }();
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: thread is detached
  // CHECK-NOTES: :[[@LINE-2]]:8: note: the thread was started here
}

// The regex must match the whole name: "startWatchdog" does not allow this.
void restartWatchdogs() {
  std::thread t(work);
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread 't' is detached
  // CHECK-NOTES: :[[@LINE-3]]:15: note: the thread was started here
  // CHECK-MESSAGES-ALLOWED: :[[@LINE-3]]:5: warning: thread 't' is detached
}

// ---- Negative cases: nothing to report --------------------------------------

void joined() {
  std::thread t(work);
  t.join();
}

void joinedIfJoinable(bool start) {
  std::thread t;
  if (start)
    t = std::thread(work);
  if (t.joinable())
    t.join();
}

void joinAll() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back(work);
  for (std::thread &w : workers)
    w.join();
}

void posixJoined() {
  pthread_t tid;
  pthread_create(&tid, nullptr, start_routine, nullptr);
  pthread_join(tid, nullptr);
}

// Other classes' detach() are not threads.
struct Task {
  void detach();
};
void notAThread(Task &task) { task.detach(); }

// A function merely named like the POSIX one, in a namespace.
namespace mine {
int pthread_detach(pthread_t);
}
void notPosix(pthread_t tid) { mine::pthread_detach(tid); }

// Code that is never evaluated detaches nothing.
void unevaluated(std::thread &t) {
  using Result = decltype(t.detach());
  constexpr bool NoThrow = noexcept(t.detach());
  (void)sizeof(t.detach(), 0);
  (void)NoThrow;
}
template <typename T>
auto detachIfPossible(T &t) -> decltype(t.detach(), void()) {}
