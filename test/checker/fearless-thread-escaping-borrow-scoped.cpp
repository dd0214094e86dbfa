// Scoped threads (fearless::scope) are joined when scope(...) returns, after
// the body: they may borrow what lives outside the scope's body, but not the
// body's own locals, loop variables or by-value parameters of the function
// that spawns them, unless their handle is joined before those die (rustc:
// E0373 / E0597).
// RUN: %check_fearless_tidy -std=c++20 %s fearless-thread-escaping-borrow %t -- -- -I%fearless_include

#include <fearless/scope.hpp>
#include <fearless/try_scope.hpp>

#include <string>
#include <utility>
#include <vector>

void use(const std::string &);
void use(int);
std::string make_name();

// ===== Positive: the body's own objects die before the scope joins =====

void bodyLocal() {
  fearless::scope([&](fearless::scope_handle &s) {
    std::string name = make_name();
    s.spawn([&] { use(name); });
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: scoped thread may outlive 'name', which it borrows by reference [fearless-thread-escaping-borrow]
    // CHECK-NOTES: :[[@LINE-2]]:23: note: 'name' is borrowed by reference here
    // CHECK-NOTES: :[[@LINE+1]]:3: note: 'name' goes out of scope here, but the scope joins the thread only after its body returns; join the thread's handle before this point, or declare 'name' outside the scope
  });
}

void loopIndex() {
  fearless::scope([&](fearless::scope_handle &s) {
    for (int i = 0; i < 4; ++i)
      s.spawn([&] { use(i); });
      // CHECK-NOTES: :[[@LINE-1]]:9: warning: scoped thread may outlive 'i', which it borrows by reference [fearless-thread-escaping-borrow]
      // CHECK-NOTES: :[[@LINE-2]]:25: note: 'i' is borrowed by reference here
      // CHECK-NOTES: :[[@LINE+1]]:3: note: 'i' goes out of scope here, but the scope joins the thread only after its body returns; join the thread's handle before this point, or declare 'i' outside the scope
  });
}

void loopValueCopy(const std::vector<int> &items) {
  fearless::scope([&](fearless::scope_handle &s) {
    for (int item : items)
      s.spawn([&] { use(item); });
      // CHECK-NOTES: :[[@LINE-1]]:9: warning: scoped thread may outlive 'item', which it borrows by reference [fearless-thread-escaping-borrow]
      // CHECK-NOTES: :[[@LINE-2]]:25: note: 'item' is borrowed by reference here
      // CHECK-NOTES: :[[@LINE+1]]:3: note: 'item' goes out of scope here, but the scope joins the thread only after its body returns; join the thread's handle before this point, or declare 'item' outside the scope
  });
}

void pointerToBodyLocal() {
  fearless::scope([&](fearless::scope_handle &s) {
    int counter = 0;
    int *p = &counter;
    s.spawn([p] { use(*p); });
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: scoped thread may outlive 'counter', which it borrows through 'p' [fearless-thread-escaping-borrow]
    // CHECK-NOTES: :[[@LINE-2]]:14: note: 'counter' is borrowed through 'p' here
    // CHECK-NOTES: :[[@LINE+1]]:3: note: 'counter' goes out of scope here, but the scope joins the thread only after its body returns; join the thread's handle before this point, or declare 'counter' outside the scope
  });
}

std::pair<int, int> bounds();

void structuredBindingInBody() {
  fearless::scope([&](fearless::scope_handle &s) {
    auto [low, high] = bounds();
    s.spawn([&] { use(high - low); });
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: scoped thread may outlive '[low, high]', which it borrows by reference [fearless-thread-escaping-borrow]
    // CHECK-NOTES: :[[@LINE-2]]:23: note: '[low, high]' is borrowed by reference here
    // CHECK-NOTES: :[[@LINE+1]]:3: note: '[low, high]' goes out of scope here, but the scope joins the thread only after its body returns; join the thread's handle before this point, or declare '[low, high]' outside the scope
  });
}

// A helper that spawns on the caller's scope: its by-value parameter dies
// when it returns.
void spawnUse(fearless::scope_handle &s, int value) {
  s.spawn([&] { use(value); });
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: scoped thread may outlive 'value', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:21: note: 'value' is borrowed by reference here
  // CHECK-NOTES: :[[@LINE+1]]:1: note: 'value' is destroyed here, but the scope joins the thread only after its body returns; join the thread's handle before this point, or declare 'value' outside the scope
}

// Joined on one path only.
void joinedOnOnePath(bool wait) {
  fearless::scope([&](fearless::scope_handle &s) {
    int local = 1;
    auto handle = s.spawn([&] { use(local); });
    // CHECK-NOTES: :[[@LINE-1]]:21: warning: scoped thread may outlive 'local', which it borrows by reference [fearless-thread-escaping-borrow]
    // CHECK-NOTES: :[[@LINE-2]]:37: note: 'local' is borrowed by reference here
    // CHECK-NOTES: :[[@LINE+3]]:3: note: 'local' goes out of scope here, but the scope joins the thread only after its body returns; join the thread's handle before this point, or declare 'local' outside the scope
    if (wait)
      handle.join();
  });
}

void temporaryBoundToABodyReference() {
  fearless::scope([&](fearless::scope_handle &s) {
    const std::string &name = make_name(); // the temporary lives as long as 'name'
    s.spawn([&] { use(name); });
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: scoped thread may outlive 'name', which it borrows by reference [fearless-thread-escaping-borrow]
    // CHECK-NOTES: :[[@LINE-2]]:23: note: 'name' is borrowed by reference here
    // CHECK-NOTES: :[[@LINE+1]]:3: note: 'name' goes out of scope here, but the scope joins the thread only after its body returns; join the thread's handle before this point, or declare 'name' outside the scope
  });
}

void temporaryBoundInALoop(const std::vector<int> &items) {
  fearless::scope([&](fearless::scope_handle &s) {
    for (int item : items) {
      const int &doubled = item * 2;
      s.spawn([&doubled] { use(doubled); });
      // CHECK-NOTES: :[[@LINE-1]]:9: warning: scoped thread may outlive 'doubled', which it borrows by reference [fearless-thread-escaping-borrow]
      // CHECK-NOTES: :[[@LINE-2]]:17: note: 'doubled' is borrowed by reference here
      // CHECK-NOTES: :[[@LINE+1]]:5: note: 'doubled' goes out of scope here, but the scope joins the thread only after its body returns; join the thread's handle before this point, or declare 'doubled' outside the scope
    }
  });
}

// ===== Negative: what outlives the scope, or a thread joined in time =====

void declaredOutside() {
  std::string name = make_name();
  int total = 0;
  fearless::scope([&](fearless::scope_handle &s) {
    s.spawn([&] { use(name); });
    s.spawn([&] { use(total); });
  });
}

void elementsOfOutsideContainer(const std::vector<std::string> &items) {
  fearless::scope([&](fearless::scope_handle &s) {
    for (const std::string &item : items) // refers into items
      s.spawn([&] { use(item); });
  });
}

void copiedIn() {
  fearless::scope([&](fearless::scope_handle &s) {
    for (int i = 0; i < 4; ++i)
      s.spawn([i] { use(i); });
    std::string name = make_name();
    s.spawn([name] { use(name); });
  });
}

void joinedBeforeTheLocalDies() {
  fearless::scope([&](fearless::scope_handle &s) {
    int local = 1;
    auto handle = s.spawn([&] { use(local); });
    handle.join();
  });
}

void joinedInTheLoop() {
  fearless::scope([&](fearless::scope_handle &s) {
    for (int i = 0; i < 4; ++i) {
      auto handle = s.spawn([&] { use(i); });
      handle.join();
    }
  });
}

void helperBorrowsTheCallers(fearless::scope_handle &s, const std::string &name) {
  s.spawn([&] { use(name); });
}

struct Pipeline {
  int stages = 0;
  void run() {
    fearless::scope([&](fearless::scope_handle &s) {
      s.spawn([this] { use(stages); });
    });
  }
};

void temporaryOutsideTheScope() {
  const std::string &name = make_name();
  fearless::scope([&](fearless::scope_handle &s) { s.spawn([&] { use(name); }); });
}

void temporaryJoinedInTheBody() {
  fearless::scope([&](fearless::scope_handle &s) {
    const std::string &name = make_name();
    auto handle = s.spawn([&] { use(name); });
    handle.join();
  });
}

// ===== try_scope: joined when try_scope(...) returns, as scope is =====

void tryScopeBodyLocal() {
  fearless::try_scope([&](fearless::try_scope_handle &s) {
    std::string name = make_name();
    s.spawn([&](const fearless::cancellation_token &) { use(name); });
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: scoped thread may outlive 'name', which it borrows by reference [fearless-thread-escaping-borrow]
    // CHECK-NOTES: :[[@LINE-2]]:61: note: 'name' is borrowed by reference here
    // CHECK-NOTES: :[[@LINE+1]]:3: note: 'name' goes out of scope here, but the scope joins the thread only after its body returns; join the thread's handle before this point, or declare 'name' outside the scope
  });
}

void tryScopeOutsideAndJoined() {
  const std::string outside = make_name();
  fearless::try_scope([&](fearless::try_scope_handle &s) {
    s.spawn([&] { use(outside); });
    std::string inside = make_name();
    auto h = s.spawn([&] { use(inside); });
    h.join();
  });
}

// ===== pool tasks: pool_scope joins its tasks, fearless::spawn never does =====

#include <fearless/pool_scope.hpp>

void poolScopeBorrowsOutside() {
  const std::string outside = make_name();
  fearless::pool_scope([&](fearless::pool_scope_handle &s) { s.spawn([&] { use(outside); }); });
}

void fireAndForgetBorrowsALocal() {
  std::string name = make_name();
  fearless::spawn([&] { use(name); });
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: callable passed to 'fearless::spawn' may outlive 'name', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:29: note: 'name' is borrowed by reference here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the callable is handed to 'fearless::spawn', which may run it later, here
}

void fireAndForgetOwnsItsData() {
  std::string name = make_name();
  fearless::spawn([name] { use(name); });
}
