// Clang's -Wconsumed, written with our annotations: its one consumed /
// unconsumed state machine behaves as a user of -Wconsumed would expect.
// RUN: %check_fearless_tidy %s fearless-typestate %t -- -- -I%fearless_include

#include <fearless/typestate.hpp>

// CONSUMABLE(unconsumed), CALLABLE_WHEN("unconsumed"), SET_TYPESTATE(consumed)
class FEARLESS_STATES("unconsumed,consumed") Resource {
public:
  Resource();
  FEARLESS_TRANSITION("consumed") explicit Resource(int empty);
  FEARLESS_REQUIRES("unconsumed") int use() const;
  FEARLESS_TRANSITION("consumed") void consume();
  FEARLESS_TRANSITION("unconsumed") void reset();
  bool ready() const;
};
void borrow(Resource &);

int useAfterConsume() {
  Resource r;
  r.consume();
  return r.use();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'r' may be in state 'consumed' here, but 'use' requires 'unconsumed' [fearless-typestate]
}

int consumedOnOneBranch(bool done) {
  Resource r;
  if (done)
    r.consume();
  return r.use();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'r' may be in state 'consumed' here, but 'use' requires 'unconsumed' [fearless-typestate]
}

int consumedInLoop(int n) {
  Resource r;
  int total = 0;
  for (int i = 0; i < n; ++i) {
    total += r.use();
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'r' may be in state 'consumed' here, but 'use' requires 'unconsumed' [fearless-typestate]
    r.consume();
  }
  return total;
}

// RETURN_TYPESTATE on a constructor.
int constructedConsumed() {
  Resource r(0);
  return r.use();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'r' may be in state 'consumed' here, but 'use' requires 'unconsumed' [fearless-typestate]
}

int unconsumedUse() {
  Resource r;
  return r.use();
}

int reassigned() {
  Resource r;
  r.consume();
  r = Resource();
  return r.use();
}

int resetByTransition() {
  Resource r;
  r.consume();
  r.reset();
  return r.use();
}

// Passing by non-const reference: the state is unknown afterwards.
int passedByReference() {
  Resource r;
  r.consume();
  borrow(r);
  return r.use();
}

// Members without annotations do not change the state.
int unannotatedMember() {
  Resource r;
  (void)r.ready();
  return r.use();
}

// Annotations on a class template apply to every specialisation.
template <typename T> class FEARLESS_STATES("Empty,Full") Box {
public:
  FEARLESS_REQUIRES("Empty") FEARLESS_TRANSITION("Full") void fill(T value);
  FEARLESS_REQUIRES("Full") T take();
};
int takeFromEmptyBox() {
  Box<int> box;
  return box.take();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'box' may be in state 'Empty' here, but 'take' requires 'Full' [fearless-typestate]
}
int takeFromFilledBox() {
  Box<int> box;
  box.fill(1);
  return box.take();
}
