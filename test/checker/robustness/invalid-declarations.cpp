// Robustness: declarations clang cannot complete (incomplete and unknown
// types, templates that are never instantiated or cannot be, macros that
// build threads and locks, annotated classes with broken state lists). No
// crash, no finding inside what did not compile; the valid function at the
// end still gets its finding.
// RUN: not %clang_tidy -checks='-*,fearless-*' %s -- -std=c++20 -pthread \
// RUN:   -I %fearless_include 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='{{warning:|PLEASE|Stack dump}}'

#include <fearless/typestate.hpp>
#include <mutex>
#include <thread>
#include <vector>

// A thread member of a type that does not exist.
struct Worker {
  std::thread thread;
  UnknownType state;
  // CHECK: :[[@LINE-1]]:3: error: unknown type name 'UnknownType'
  void start() { thread = std::thread([this] { state.run(); }); }
};

// Never instantiated: dependent threads, locks and captures.
template <typename T> void neverCalled(T &shared) {
  std::thread worker([&] { shared.mutate(); });
  typename T::lock_type lock(shared.mutex);
  worker.detach();
  // CHECK: :[[@LINE-1]]:10: warning: thread 'worker' is detached and can never be joined; it may outlive the data it uses [fearless-detached-thread]
}

// Instantiated with a type that fails inside the thread body.
template <typename T> void failsInside(T value) {
  std::thread worker([&] { value.no_such_member(); });
  // CHECK: :[[@LINE-1]]:33: error: member reference base type 'int' is not a structure or union
  worker.join();
}
void instantiate() { failsInside(1); }

// Threads and locks made by macros, one of them broken.
#define SPAWN(name, body) std::thread name([&] body)
#define LOCKED(m) std::lock_guard<std::mutex> lock_##m(m)
void macros() {
  std::mutex m;
  int total = 0;
  SPAWN(a, { LOCKED(m); ++total; });
  SPAWN(b, { LOCKED(not_a_mutex); ++total; });
  // CHECK: :[[@LINE-1]]:21: error: unknown type name 'not_a_mutex'
  a.join();
  b.join();
}

// Annotated state machines whose annotations do not make sense: each is
// reported where it is written (and ignored).
class FEARLESS_STATES("Idle,Running,") Broken {
public:
  FEARLESS_REQUIRES("Idle") FEARLESS_TRANSITION("Running|Idle") void start();
  // CHECK: :[[@LINE-1]]:29: warning: unknown state 'Running|Idle' in FEARLESS_TRANSITION; the states of 'Broken' are 'Idle', 'Running' [fearless-typestate]
  FEARLESS_REQUIRES("") FEARLESS_TRANSITION("Nowhere") void reset();
  // CHECK: :[[@LINE-1]]:3: warning: FEARLESS_REQUIRES on 'reset' names no state; the states of 'Broken' are 'Idle', 'Running' [fearless-typestate]
  // CHECK: :[[@LINE-2]]:25: warning: unknown state 'Nowhere' in FEARLESS_TRANSITION; the states of 'Broken' are 'Idle', 'Running' [fearless-typestate]
  FEARLESS_REQUIRES("Running") void stop(UnknownArgument);
  // CHECK: :[[@LINE-1]]:42: error: unknown type name 'UnknownArgument'
};
void useBroken() {
  Broken b;
  b.stop({});
  b.start();
  b.reset();
  b.start();
}

// A recursive type and a recursive lambda handed to threads.
struct Node { std::vector<Node> children; int value = 0; };
void recursive(Node &root) {
  auto walk = [](auto &self, Node &n) -> void {
    for (Node &c : n.children) self(self, c);
  };
  std::thread worker([&] { walk(walk, root); });
  worker.join();
}

void valid() {
  int orders = 0;
  std::thread reporter([&orders] { ++orders; });
  reporter.detach();
}
// CHECK: warning: thread may outlive 'orders', which it borrows by reference [fearless-thread-escaping-borrow]
// CHECK: warning: thread 'reporter' is detached and can never be joined; it may outlive the data it uses [fearless-detached-thread]
