// State queries (FEARLESS_TESTS_STATE) refine the branches that test them,
// and every overloaded operator goes through the same rules as a named
// member function.
// RUN: %check_fearless_tidy %s fearless-typestate %t -- -- -I%fearless_include

#include <fearless/typestate.hpp>

#include <cstddef>

class FEARLESS_STATES("Closed,Open,Failed") Connection {
public:
  FEARLESS_REQUIRES("Closed") FEARLESS_TRANSITION("Open") void open();
  FEARLESS_REQUIRES("Open") void send(int);
  FEARLESS_TRANSITION("Closed") void close();
  FEARLESS_TESTS_STATE("Open") bool is_open() const;
  FEARLESS_TESTS_STATE("Open|Closed") explicit operator bool() const;
  FEARLESS_TRANSITION("Failed") void fail();
};
Connection &global();

// ===== Positive cases =====

void sendWithoutTest(bool ready) {
  Connection c;
  if (ready)
    c.open();
  c.send(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'c' may be in state 'Closed' here, but 'send' requires 'Open' [fearless-typestate]
}

void sendOnTheWrongBranch(bool ready) {
  Connection c;
  if (ready)
    c.open();
  if (!c.is_open())
    c.send(2);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'c' may be in state 'Closed' here, but 'send' requires 'Open' [fearless-typestate]
}

// operator bool says Open or Closed: not enough for send.
void boolIsNotOpen(bool ready) {
  Connection c;
  if (ready)
    c.open();
  if (c)
    c.send(3);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'c' may be in state 'Closed' here, but 'send' requires 'Open' [fearless-typestate]
}

// ===== Negative cases =====

void sendAfterTest(bool ready) {
  Connection c;
  if (ready)
    c.open();
  if (c.is_open())
    c.send(4);
}

void earlyReturn(bool ready) {
  Connection c;
  if (ready)
    c.open();
  if (!c.is_open())
    return;
  c.send(5);
}

void inALoop(int n) {
  Connection c;
  for (int i = 0; i < n && c.is_open(); ++i)
    c.send(i);
}

void conditionalOperator(bool ready) {
  Connection c;
  if (ready)
    c.open();
  c.is_open() ? c.send(6) : c.open();
}

// The test tells the state of an object the function knew nothing about.
void parameter(Connection c) {
  if (c.is_open())
    c.send(7);
}

// A failed connection is neither Open nor Closed: where `c` is true it can
// only be Closed here.
void failedIsFalse(bool ready) {
  Connection c;
  if (ready)
    c.fail();
  if (c)
    c.open();
}

// ===== Operators =====

template <typename T> class FEARLESS_STATES("Empty,Engaged") Maybe {
public:
  Maybe();
  FEARLESS_TRANSITION("Engaged") Maybe(T value);
  FEARLESS_TRANSITION("Empty") Maybe &operator=(std::nullptr_t);
  FEARLESS_TRANSITION("Engaged") Maybe &operator=(T value);
  FEARLESS_REQUIRES("Engaged") T &operator*();
  FEARLESS_REQUIRES("Engaged") T *operator->();
  FEARLESS_REQUIRES("Engaged") T operator()() const;
  FEARLESS_REQUIRES("Engaged") bool operator==(const T &other) const;
  FEARLESS_REQUIRES("Engaged") FEARLESS_TRANSITION("Empty") Maybe &operator--();
  FEARLESS_TESTS_STATE("Engaged") explicit operator bool() const;
};
struct Point {
  int x;
};

int assignedNull() {
  Maybe<int> m(1);
  m = nullptr;
  return *m;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'm' may be in state 'Empty' here, but 'operator*' requires 'Engaged' [fearless-typestate]
}

int assignedNullByName() {
  Maybe<int> m(1);
  m.operator=(nullptr);
  return *m;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'm' may be in state 'Empty' here, but 'operator*' requires 'Engaged' [fearless-typestate]
}

int arrow() {
  Maybe<Point> p;
  return p->x;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'p' may be in state 'Empty' here, but 'operator->' requires 'Engaged' [fearless-typestate]
}

int call() {
  Maybe<int> m;
  return m();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'm' may be in state 'Empty' here, but 'operator()' requires 'Engaged' [fearless-typestate]
}

bool compare() {
  Maybe<int> m;
  return m == 3;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'm' may be in state 'Empty' here, but 'operator==' requires 'Engaged' [fearless-typestate]
}

int decrement() {
  Maybe<int> m(2);
  --m;
  return *m;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'm' may be in state 'Empty' here, but 'operator*' requires 'Engaged' [fearless-typestate]
}

int assignedValue() {
  Maybe<int> m;
  m = 4;
  return *m + m();
}

int testedThroughBool(Maybe<int> m) {
  if (m)
    return *m;
  return 0;
}

int testedNegated() {
  Maybe<int> m;
  if (!m)
    m = 5;
  return *m;
}

int copied(const Maybe<int> &source) {
  Maybe<int> m(1);
  m = source; // a copy: the state of the source, unknown here
  return *m;
}

// A member operator can be a query too (`if (p != nullptr)`).
class FEARLESS_STATES("Null,Set") Pointer {
public:
  Pointer();
  FEARLESS_TRANSITION("Set") void reset(int *target);
  FEARLESS_REQUIRES("Set") int &operator*() const;
  FEARLESS_TESTS_STATE("Set") bool operator!=(std::nullptr_t) const;
  FEARLESS_TESTS_STATE("Null") bool operator==(std::nullptr_t) const;
};

int comparedWithNull(bool set, int *target) {
  Pointer p;
  if (set)
    p.reset(target);
  if (p != nullptr)
    return *p;
  if (p == nullptr)
    return 0;
  return *p;
}

int comparedTheWrongWay(bool set, int *target) {
  Pointer p;
  if (set)
    p.reset(target);
  if (p == nullptr)
    return *p;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'p' may be in state 'Null' here, but 'operator*' requires 'Set' [fearless-typestate]
  return 0;
}
