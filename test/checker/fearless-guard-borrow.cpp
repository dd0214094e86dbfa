// fearless-guard-borrow: references, pointers, iterators and views into the
// data of a fearless::mutex / rw_lock, obtained through a guard and used
// after the guard released the lock (Rust: a borrow of a MutexGuard cannot
// outlive it, E0716 / E0597). Positive and negative cases side by side.
// RUN: %check_fearless_tidy -std=c++20 %s fearless-guard-borrow %t -- -- -I%fearless_include -pthread

#include <fearless/scope.hpp>
#include <fearless/sync.hpp>

#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

void use(int);
void use(std::string_view);

// ===== A temporary guard: the lock is released at the end of the statement =====

void referenceToTemporaryGuardData(fearless::mutex<std::vector<int>> &m) {
  std::vector<int> &v = *m.lock();
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'v' refers into data of the temporary guard 'm.lock()', which releases the lock at the end of this statement; 'v' is used afterwards without the lock [fearless-guard-borrow]
  // CHECK-NOTES: :[[@LINE+2]]:3: note: 'v' is used here, after the lock was released
  // CHECK-NOTES: :[[@LINE-3]]:26: note: keep the guard in a variable for as long as 'v' is used
  v.push_back(1);
}

void iteratorFromTemporaryGuard(fearless::mutex<std::vector<int>> &m) {
  auto it = m.lock()->begin();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'it' refers into data of the temporary guard 'm.lock()', which releases the lock at the end of this statement; 'it' is used afterwards without the lock [fearless-guard-borrow]
  // CHECK-NOTES: :[[@LINE+2]]:8: note: 'it' is used here, after the lock was released
  // CHECK-NOTES: :[[@LINE-3]]:13: note: keep the guard in a variable for as long as 'it' is used
  use(*it);
}

void viewFromTemporaryReadGuard(fearless::rw_lock<std::map<int, std::string>> &table) {
  std::string_view name = table.read()->at(1);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'name' refers into data of the temporary guard 'table.read()', which releases the lock at the end of this statement; 'name' is used afterwards without the lock [fearless-guard-borrow]
  // CHECK-NOTES: :[[@LINE+2]]:7: note: 'name' is used here, after the lock was released
  // CHECK-NOTES: :[[@LINE-3]]:27: note: keep the guard in a variable for as long as 'name' is used
  use(name);
}

void pointerToMemberOfTemporaryGuardData(fearless::mutex<std::pair<int, int>> &m) {
  int *first = &m.lock()->first;
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'first' refers into data of the temporary guard 'm.lock()', which releases the lock at the end of this statement; 'first' is used afterwards without the lock [fearless-guard-borrow]
  // CHECK-NOTES: :[[@LINE+2]]:4: note: 'first' is used here, after the lock was released
  // CHECK-NOTES: :[[@LINE-3]]:17: note: keep the guard in a variable for as long as 'first' is used
  *first = 2;
}

void getOfTemporaryWriteGuard(fearless::rw_lock<std::vector<int>> &m) {
  const std::vector<int> &v = m.write().get();
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: 'v' refers into data of the temporary guard 'm.write()', which releases the lock at the end of this statement; 'v' is used afterwards without the lock [fearless-guard-borrow]
  // CHECK-NOTES: :[[@LINE+2]]:7: note: 'v' is used here, after the lock was released
  // CHECK-NOTES: :[[@LINE-3]]:31: note: keep the guard in a variable for as long as 'v' is used
  use(v.front());
}

// Before C++23 the range's temporaries die before the loop's first iteration.
void rangeForOverTemporaryGuard(fearless::mutex<std::vector<int>> &m) {
  for (int &x : *m.lock())
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: the loop runs over data of the temporary guard 'm.lock()', which is destroyed before the first iteration: the loop reads and writes the data without the lock [fearless-guard-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:18: note: keep the guard in a variable declared before the loop, and loop over '*guard'
    x = 0;
}

void pointerAssignedFromTemporaryGuard(fearless::mutex<std::vector<int>> &m) {
  int *p = nullptr;
  p = m.lock()->data();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'p' is left pointing into data of the temporary guard 'm.lock()' after the end of this statement, where the lock is released [fearless-guard-borrow]
  // CHECK-NOTES: :[[@LINE+1]]:8: note: 'p' is used here without the lock
  use(*p);
}

// ===== A named guard: unlocked early, or gone at the end of its scope =====

void usedAfterUnlock(fearless::mutex<std::vector<int>> &m) {
  auto guard = m.lock();
  int &first = guard->front();
  first = 1;
  guard.unlock();
  first = 2;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'first' is used after the guard 'guard' released the lock; 'first' refers into the data it guards [fearless-guard-borrow]
  // CHECK-NOTES: :[[@LINE-5]]:8: note: 'first' borrows from the guard 'guard' here
  // CHECK-NOTES: :[[@LINE-4]]:9: note: the lock is released here
}

void pointerKeptPastTheGuardsScope(fearless::mutex<std::vector<int>> &m) {
  const int *p = nullptr;
  {
    auto guard = m.lock();
    p = &guard->back();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'p' is left pointing into data of the guard 'guard' after the guard's scope, where the lock is released [fearless-guard-borrow]
    // CHECK-NOTES: :[[@LINE+3]]:3: note: the guard 'guard' is destroyed here
    // CHECK-NOTES: :[[@LINE+3]]:8: note: 'p' is used here without the lock
    use(*p);
  }
  use(*p);
}

void optionalGuardFromTryLock(fearless::mutex<std::vector<int>> &m) {
  int *p = nullptr;
  {
    if (auto maybe = m.try_lock())
      p = &(*maybe)->front();
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'p' is left pointing into data of the guard 'maybe' after the guard's scope, where the lock is released [fearless-guard-borrow]
      // CHECK-NOTES: :[[@LINE+2]]:3: note: the guard 'maybe' is destroyed here
      // CHECK-NOTES: :[[@LINE+2]]:7: note: 'p' is used here without the lock
  }
  if (p)
    use(*p);
}

// ===== Returned or stored beyond the guard =====

struct Registry {
  fearless::mutex<std::vector<int>> items;
  fearless::rw_lock<std::map<int, std::string>> names;
  int *hottest = nullptr;

  int &first() { return items.lock()->front(); }
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: returns a borrow of data locked by the temporary guard 'items.lock()', which releases the lock when the function returns; the caller uses the data without the lock [fearless-guard-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:25: note: return the guard itself, or a copy of the data
  const int *last() {
    auto guard = items.lock();
    return &guard->back();
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: returns a borrow of data locked by the guard 'guard', which releases the lock when the function returns; the caller uses the data without the lock [fearless-guard-borrow]
    // CHECK-NOTES: :[[@LINE-2]]:13: note: return the guard itself, or a copy of the data
  }
  std::string_view name(int id) { return names.read()->at(id); }
  // CHECK-NOTES: :[[@LINE-1]]:42: warning: returns a borrow of data locked by the temporary guard 'names.read()', which releases the lock when the function returns; the caller uses the data without the lock [fearless-guard-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:42: note: return the guard itself, or a copy of the data
  void remember() {
    auto guard = items.lock();
    hottest = &guard->back();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: a borrow of data locked by the guard 'guard' is stored in 'hottest', which outlives the guard: it is used later without the lock [fearless-guard-borrow]
  }
};

int *global_slot;
void storedInAGlobal(fearless::mutex<std::vector<int>> &m) {
  global_slot = m.lock()->data();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: a borrow of data locked by the temporary guard 'm.lock()' is stored in 'global_slot', which outlives the guard: it is used later without the lock [fearless-guard-borrow]
}

// ===== A thread that may outlive the guard it borrows from =====

void detachedThreadBorrowsGuardedData(fearless::mutex<std::vector<int>> &m) {
  auto guard = m.lock();
  std::vector<int> &v = *guard;
  std::thread worker([&v] { v.push_back(1); });
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: the thread may use data locked by the guard 'guard' after the guard has released the lock [fearless-guard-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:24: note: the thread borrows from 'guard' here
  // CHECK-NOTES: :[[@LINE+1]]:10: note: the thread is detached here
  worker.detach();
}

void scopedThreadBorrowsTheGuardOfTheBody(fearless::mutex<std::vector<int>> &m) {
  fearless::scope([&](fearless::scope_handle &s) {
    auto guard = m.lock();
    s.spawn([&guard] { guard->push_back(1); });
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: the thread may use data locked by the guard 'guard' after the guard has released the lock [fearless-guard-borrow]
    // CHECK-NOTES: :[[@LINE-2]]:15: note: the thread borrows from 'guard' here
    // CHECK-NOTES: :[[@LINE+1]]:3: note: 'guard' is destroyed here, releasing the lock, while the thread may still be running
  });
}

// ===== Negative: the borrow ends while the guard holds the lock =====

void guardKeptForTheWholeUse(fearless::mutex<std::vector<int>> &m) {
  auto guard = m.lock();
  std::vector<int> &v = *guard;
  v.push_back(1);
  for (int &x : v)
    x += 1;
  int *p = &guard->front();
  *p = 0;
}

void copiesOutOfATemporaryGuard(fearless::mutex<std::vector<int>> &m,
                                fearless::rw_lock<std::map<int, std::string>> &table) {
  int first = m.lock()->front();
  std::vector<int> all = *m.lock();
  std::string name = table.read()->at(1);
  auto size = m.lock()->size();
  use(first + static_cast<int>(all.size() + size));
  use(name);
}

void oneStatementUses(fearless::mutex<std::vector<int>> &m) {
  m.lock()->push_back(1);
  use(m.lock()->front());
  use(static_cast<int>(m.lock()->size()));
}

void borrowedButNeverUsedAgain(fearless::mutex<std::vector<int>> &m) {
  const std::vector<int> &unused = *m.lock();
  (void)sizeof(unused);
}

void pointerReassignedBeforeUse(fearless::mutex<std::vector<int>> &m) {
  int local = 0;
  int *p = m.lock()->data();
  p = &local;
  use(*p);
}

void usedBeforeUnlockOnly(fearless::mutex<std::vector<int>> &m) {
  auto guard = m.lock();
  int &first = guard->front();
  first = 1;
  guard.unlock();
}

void unlockInABranch(fearless::mutex<std::vector<int>> &m, bool early) {
  auto guard = m.lock();
  int &first = guard->front();
  if (early) {
    guard.unlock();
    return;
  }
  first = 2;
}

void pointerInsideTheGuardsScope(fearless::mutex<std::vector<int>> &m) {
  auto guard = m.lock();
  int *p = nullptr;
  p = &guard->front();
  use(*p);
}

struct Owner {
  fearless::mutex<std::vector<int>> items;
  std::vector<int> snapshot() { return *items.lock(); }
  int count() {
    auto guard = items.lock();
    int n = 0;
    for (int x : *guard)
      n += x;
    return n;
  }
  // The caller gets the guard itself: the borrow lives as long as it.
  fearless::mutex_guard<std::vector<int>> locked() { return items.lock(); }
};

void joinedThreadUsesTheGuardedData(fearless::mutex<std::vector<int>> &m) {
  auto guard = m.lock();
  std::vector<int> &v = *guard;
  std::thread worker([&v] { v.push_back(1); });
  worker.join();
}

void scopedThreadInsideTheGuardsLifetime(fearless::mutex<std::vector<int>> &m) {
  auto guard = m.lock();
  fearless::scope([&](fearless::scope_handle &s) {
    s.spawn([&guard] { guard->push_back(1); });
  });
}

// A lambda that reads through the enclosing function's guard: its return
// does not end the guard.
void lambdaReturnsFromTheEnclosingGuard(fearless::mutex<std::vector<int>> &m) {
  auto guard = m.lock();
  auto front = [&]() -> int & { return guard->front(); };
  front() = 3;
}

// Guards that are members or parameters have a lifetime we do not know.
int &throughAParameterGuard(fearless::mutex_guard<std::vector<int>> &guard) {
  return guard->front();
}

// C++23 keeps the range's temporaries alive: see the options test.
