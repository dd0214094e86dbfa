// Options of fearless-thread-escaping-borrow: StrictMode, EscapingFunctions,
// and the FEARLESS_ESCAPING annotation; fearless::scope threads that borrow
// what outlives the scope never warn.
// RUN: %check_fearless_tidy -std=c++20 %s fearless-thread-escaping-borrow %t \
// RUN:   -- -- -I%fearless_include
// RUN: %check_fearless_tidy -std=c++20 -check-suffix=STRICT %s fearless-thread-escaping-borrow %t \
// RUN:   -- -config="{CheckOptions: {fearless-thread-escaping-borrow.StrictMode: true}}" \
// RUN:   -- -I%fearless_include
// RUN: %check_fearless_tidy -std=c++20 -check-suffix=ESCAPING %s fearless-thread-escaping-borrow %t \
// RUN:   -- -config="{CheckOptions: {fearless-thread-escaping-borrow.EscapingFunctions: 'net::post;net::Executor::add'}}" \
// RUN:   -- -I%fearless_include

#include <fearless/annotations.hpp>
#include <fearless/scope.hpp>

#include <functional>
#include <string>
#include <thread>
#include <vector>

void use(int &);

namespace net {
struct Executor {
  void add(std::function<void()> task);
};
void post(std::function<void()> task);
} // namespace net

void defer(FEARLESS_ESCAPING std::function<void()> task, int priority);
void run_now(std::function<void()> task);

// Threads spawned in a fearless::scope may borrow what is declared outside
// the scope: the scope joins them first. Never reported, not even in
// StrictMode (fearless-thread-escaping-borrow-scoped.cpp has the body's own
// locals).
void scoped() {
  int job = 0;
  std::vector<int> data(4);
  fearless::scope([&](fearless::scope_handle &s) {
    s.spawn([&] { use(job); });
    s.spawn([&data] { (void)data.size(); });
  });
}

// Finished in time: fine by default; StrictMode wants a fearless::scope.
void joined() {
  int job = 0;
  std::thread t([&] { use(job); });
  t.join();
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:15: warning: thread borrows 'job' by reference; only threads spawned in a fearless::scope may borrow (StrictMode) [fearless-thread-escaping-borrow]
}

void jthreadInScope() {
  int job = 0;
  std::jthread j([&job] { use(job); });
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:16: warning: thread borrows 'job' by reference; only threads
}

// Several borrows: the first is named, the rest counted.
void several() {
  int a = 0, b = 0, c = 0;
  std::thread t([&] { use(a); use(b); use(c); });
  t.join();
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:15: warning: thread borrows 'a' by reference, and 2 other objects; only threads
}

// A class that owns its worker: ordinary by default, flagged in StrictMode.
struct Owner {
  int state = 0;
  std::thread worker_;
  void start() { worker_ = std::thread([this] { use(state); }); }
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:28: warning: thread borrows '*this' through 'this'; only threads
  ~Owner() { worker_.join(); }
};

// Functions listed in EscapingFunctions keep their callable: any borrow
// escapes, by capture or by argument; copies do not.
void posted(net::Executor &executor) {
  int job = 0;
  net::post([&] { use(job); });
  // CHECK-MESSAGES-ESCAPING: :[[@LINE-1]]:3: warning: callable passed to 'net::post' may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
  executor.add([&job] { use(job); });
  // CHECK-MESSAGES-ESCAPING: :[[@LINE-1]]:12: warning: callable passed to 'net::Executor::add' may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
  net::post([job]() mutable { use(job); });
  run_now([&] { use(job); });
}

// The annotation marks one parameter as escaping, in every mode.
void annotated() {
  int job = 0;
  defer([&] { use(job); }, 1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: callable passed to 'defer' may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:19: note: 'job' is borrowed by reference here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the callable is handed to 'defer', which may run it later, here
  // CHECK-MESSAGES-STRICT: :[[@LINE-4]]:3: warning: callable passed to 'defer' may outlive 'job'
  // CHECK-MESSAGES-ESCAPING: :[[@LINE-5]]:3: warning: callable passed to 'defer' may outlive 'job'
}

// The stored options and their defaults.
// RUN: %clang_tidy --checks='-*,fearless-thread-escaping-borrow' --dump-config \
// RUN:   | FileCheck %s --check-prefix=DEFAULTS
// DEFAULTS-DAG: fearless-thread-escaping-borrow.EscapingFunctions: ''
// DEFAULTS-DAG: fearless-thread-escaping-borrow.StrictMode: 'false'
