// Robustness: compile errors inside the code the checks analyse most (thread
// bodies, lambdas handed to threads, the joins after them). The checks must
// not crash, and do not analyse a function in which clang kept an error
// (an expression with errors, an invalid declaration): no finding there.
// Statements that clang's recovery drops altogether leave no trace in the
// AST; the checks see the function without them (brokenCapture's lambda
// body). The valid function still gets its finding,
// which also proves that the checks ran.
// RUN: not %clang_tidy -checks='-*,fearless-*' %s -- -std=c++20 -pthread \
// RUN:   > %t.out 2>&1
// RUN: FileCheck %s --input-file=%t.out \
// RUN:   --implicit-check-not='{{warning:|PLEASE|Stack dump}}'
// RUN: FileCheck %s --input-file=%t.out --check-prefix=HEADER

// clang-tidy sorts its diagnostics by file path, so whether the standard
// header's error (bodyNotCallable's thread body is not callable) comes before
// or after this file's depends on where the checkout lives: checked apart.
// HEADER: std_thread.h:{{[0-9]+}}:{{[0-9]+}}: error: static assertion failed

#include <mutex>
#include <thread>
#include <vector>

void undeclaredInBody() {
  int counter = 0;
  std::thread worker([&] { counter += undeclared_name; });
  // CHECK: :[[@LINE-1]]:39: error: use of undeclared identifier 'undeclared_name'
  worker.join();
}

void bodyNotCallable() {
  int value = 0;
  std::thread worker(value);
  worker.join();
}

void joinOfNothing() {
  missing_thread.join();
  // CHECK: :[[@LINE-1]]:3: error: use of undeclared identifier 'missing_thread'
}

void brokenCapture() {
  std::thread worker([&undeclared_capture] { undeclared_capture = 1; });
  // CHECK: :[[@LINE-1]]:24: error: use of undeclared identifier 'undeclared_capture'
  // CHECK: :[[@LINE-2]]:46: error: use of undeclared identifier 'undeclared_capture'
  worker.detach();
  // CHECK: :[[@LINE-1]]:10: warning: thread 'worker' is detached and can never be joined; it may outlive the data it uses [fearless-detached-thread]
}

void brokenLockType() {
  int shared = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      std::lock_guard<no_such_mutex> lock(shared);
      // CHECK: :[[@LINE-1]]:23: error: use of undeclared identifier 'no_such_mutex'
      ++shared;
    });
  for (auto &t : threads)
    t.join();
}

struct Incomplete;
void incompleteCapture(Incomplete &thing) {
  std::thread worker([&] { thing.poke(); });
  // CHECK: :[[@LINE-1]]:33: error: member access into incomplete type 'Incomplete'
  worker.join();
}

void valid() {
  int orders = 0;
  std::thread reporter([&orders] { ++orders; });
  reporter.detach();
}
// CHECK: warning: thread may outlive 'orders', which it borrows by reference [fearless-thread-escaping-borrow]
// CHECK: warning: thread 'reporter' is detached and can never be joined; it may outlive the data it uses [fearless-detached-thread]

