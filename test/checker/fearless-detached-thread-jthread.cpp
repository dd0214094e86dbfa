// std::jthread exists from C++20 on.
// RUN: %check_fearless_tidy -std=c++20 %s fearless-detached-thread %t

#include <thread>
#include <vector>

void work();

void detachJThread() {
  std::jthread t(work);
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread 't' is detached and can never be joined; it may outlive the data it uses [fearless-detached-thread]
  // CHECK-NOTES: :[[@LINE-3]]:16: note: the thread was started here
}

void detachStoppableJThread() {
  std::jthread t([](std::stop_token stop) { (void)stop; });
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread 't' is detached
  // CHECK-NOTES: :[[@LINE-3]]:16: note: the thread was started here
}

// Negative: a jthread that is left to join itself in its destructor.
void scoped(const std::vector<int> &data) {
  std::jthread t([&data] { (void)data.size(); });
}

// Negative: its stop_source / stop_token are not threads.
void requestStop(std::jthread &t) { t.request_stop(); }
