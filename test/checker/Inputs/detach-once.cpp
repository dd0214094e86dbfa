// Input of the runner's own tests: one detached thread, nothing else.
#include <thread>
void work();
void detachOnce() {
  std::thread t(work);
  t.detach();
}
// CHECK-MESSAGES: :[[@LINE-2]]:5: warning: thread 't' is detached
// A line no diagnostic is ever printed for, to test a missing warning:
// CHECK-MESSAGES-MISSING: :[[@LINE-5]]:1: warning: thread 't' is detached
