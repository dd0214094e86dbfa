// fearless-guard-borrow on guards that are not the runtime's: a class of the
// project annotated FEARLESS_GUARD (C++17), the folly-style LockedPtr named
// by the default GuardTypes, a guard named by the GuardTypes option, and the
// C++23 rule that keeps a range-for's temporaries alive.
// RUN: %check_fearless_tidy -std=c++17 %s fearless-guard-borrow %t -- -- -I%fearless_include
// RUN: %check_fearless_tidy -std=c++17 -check-suffix=NAMED %s fearless-guard-borrow %t \
// RUN:   -- -config="{CheckOptions: {fearless-guard-borrow.GuardTypes: 'app::Locked'}}" \
// RUN:   -- -I%fearless_include
// RUN: %check_fearless_tidy -std=c++23 -check-suffix=CXX23 -expect-clean %s fearless-guard-borrow %t \
// RUN:   -- -config="{CheckOptions: {fearless-guard-borrow.GuardTypes: 'app::Locked'}}" \
// RUN:   -- -I%fearless_include -DONLY_RANGE_FOR

#include <fearless/annotations.hpp>

#include <mutex>
#include <vector>

void use(int);

namespace app {

// A project's own data-owning lock, annotated.
template <typename T> class Guarded {
public:
  class FEARLESS_GUARD Access {
  public:
    Access(std::mutex &m, T &data) : lock_(m), data_(data) {}
    T &operator*() const { return data_; }
    T *operator->() const { return &data_; }

  private:
    std::unique_lock<std::mutex> lock_;
    T &data_;
  };
  Access access() { return Access(mutex_, data_); }

private:
  std::mutex mutex_;
  T data_;
};

// Not annotated: a guard only when the GuardTypes option names it.
template <typename T> class Locked {
public:
  Locked(std::mutex &m, T &data) : lock_(m), data_(data) {}
  T &operator*() const { return data_; }
  T *operator->() const { return &data_; }

private:
  std::unique_lock<std::mutex> lock_;
  T &data_;
};

} // namespace app

namespace folly {
// The shape of folly::Synchronized's guard, named by the default GuardTypes.
template <typename T> class LockedPtr {
public:
  LockedPtr(std::mutex &m, T &data) : lock_(m), data_(data) {}
  T &operator*() const { return data_; }
  T *operator->() const { return &data_; }

private:
  std::unique_lock<std::mutex> lock_;
  T &data_;
};
template <typename T> class Synchronized {
public:
  LockedPtr<T> wlock() { return LockedPtr<T>(mutex_, data_); }

private:
  std::mutex mutex_;
  T data_;
};
} // namespace folly

std::mutex table_mutex;
std::vector<int> table;

#ifndef ONLY_RANGE_FOR
void annotatedGuard(app::Guarded<std::vector<int>> &g) {
  std::vector<int> &v = *g.access();
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'v' refers into data of the temporary guard 'g.access()', which releases the lock at the end of this statement; 'v' is used afterwards without the lock [fearless-guard-borrow]
  // CHECK-NOTES: :[[@LINE+5]]:3: note: 'v' is used here, after the lock was released
  // CHECK-NOTES: :[[@LINE-3]]:26: note: keep the guard in a variable for as long as 'v' is used
  // CHECK-NOTES-NAMED: :[[@LINE-4]]:21: warning: 'v' refers into data of the temporary guard 'g.access()', which releases the lock at the end of this statement; 'v' is used afterwards without the lock [fearless-guard-borrow]
  // CHECK-NOTES-NAMED: :[[@LINE+2]]:3: note: 'v' is used here, after the lock was released
  // CHECK-NOTES-NAMED: :[[@LINE-6]]:26: note: keep the guard in a variable for as long as 'v' is used
  v.push_back(1);
}

void follyStyleGuard(folly::Synchronized<std::vector<int>> &s) {
  int *p = s.wlock()->data();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'p' refers into data of the temporary guard 's.wlock()', which releases the lock at the end of this statement; 'p' is used afterwards without the lock [fearless-guard-borrow]
  // CHECK-NOTES: :[[@LINE+2]]:8: note: 'p' is used here, after the lock was released
  // CHECK-NOTES: :[[@LINE-3]]:12: note: keep the guard in a variable for as long as 'p' is used
  use(*p);
}

// Named only with the option: silent by default.
void namedGuard() {
  std::vector<int> &v = *app::Locked<std::vector<int>>(table_mutex, table);
  // CHECK-NOTES-NAMED: :[[@LINE-1]]:21: warning: 'v' refers into data of a temporary guard, which releases the lock at the end of this statement; 'v' is used afterwards without the lock [fearless-guard-borrow]
  // CHECK-NOTES-NAMED: :[[@LINE+2]]:3: note: 'v' is used here, after the lock was released
  // CHECK-NOTES-NAMED: :[[@LINE-3]]:26: note: keep the guard in a variable for as long as 'v' is used
  v.push_back(1);
}

// std::lock_guard and std::unique_lock give no access to data: not guards.
void standardLocksAreNotGuards(std::mutex &m, std::vector<int> &data) {
  int &first = (std::lock_guard<std::mutex>(m), data.front());
  first = 1;
}
#endif

void rangeForOverAnOptionGuard() {
  for (int &x : *app::Locked<std::vector<int>>(table_mutex, table))
  // CHECK-NOTES-NAMED: :[[@LINE-1]]:17: warning: the loop runs over data of a temporary guard, which is destroyed before the first iteration: the loop reads and writes the data without the lock [fearless-guard-borrow]
  // CHECK-NOTES-NAMED: :[[@LINE-2]]:18: note: keep the guard in a variable declared before the loop, and loop over '*guard'
    x = 0;
}
