// Threads running a member function: the object is the first argument, the
// member function's parameters receive the others.
// RUN: %check_fearless_tidy -std=c++20 %s fearless-shared-mutable-capture %t -- -- -pthread

#include <functional>
#include <future>
#include <thread>

struct Worker {
  void run(int &total) { total += 1; }
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'total' is written by a thread started at line {{[0-9]+}} while the thread started at line {{[0-9]+}} may access it [fearless-shared-mutable-capture]
  void read(const int &total) const { (void)total; }
};

void twoMemberFunctionThreads() {
  Worker w;
  int total = 0;
  std::thread a(&Worker::run, &w, std::ref(total));
  std::thread b(&Worker::run, &w, std::ref(total));
  a.join();
  b.join();
}

void readersOnly() {
  Worker w;
  int total = 0;
  std::thread a(&Worker::read, &w, std::cref(total));
  std::thread b(&Worker::read, &w, std::cref(total));
  a.join();
  b.join();
}

// A wait before the launch does not order what comes after the launch.
int waitBeforeLaunch() {
  auto config = std::async(std::launch::async, [] { return 1; });
  int value = config.get();
  std::thread t([&] { value = 2; });
  int seen = value;
  // CHECK-MESSAGES: :[[@LINE-2]]:23: warning: 'value' is written by a thread started at line [[@LINE-2]] while this function may access it before joining it at line [[@LINE+1]] [fearless-shared-mutable-capture]
  t.join();
  return seen;
}
