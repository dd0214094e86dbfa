// A protocol that must be finished: FEARLESS_FINAL_STATES on the class (or
// FEARLESS_REQUIRES on its destructor) names the states an object may be
// destroyed in; every path that destroys it in another state is reported,
// with the branches of one such path. (Exceptional paths:
// fearless-typestate-final-states-exceptions.cpp.)
// RUN: %check_fearless_tidy %s fearless-typestate %t -- -- -I%fearless_include

#include <fearless/typestate.hpp>

#include <stdexcept>
#include <utility>

class FEARLESS_STATES("Open,Committed,RolledBack") FEARLESS_FINAL_STATES("Committed|RolledBack")
    FEARLESS_MOVED_FROM("RolledBack") Transaction {
public:
  Transaction();
  FEARLESS_REQUIRES("Open") FEARLESS_TRANSITION("Committed") void commit();
  FEARLESS_REQUIRES("Open") FEARLESS_TRANSITION("RolledBack") void rollback() noexcept;
  FEARLESS_REQUIRES("Open") void write(int row);
};
void log(const char *message);
bool valid(int row);

// ===== Positive cases =====

void forgetsOnOneBranch(int row) {
  Transaction t;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 't' may be destroyed in state 'Open', but its destructor requires 'Committed' or 'RolledBack' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 't' is constructed in state 'Open' here
  t.write(row);
  if (valid(row))
  // CHECK-NOTES: :[[@LINE-1]]:7: note: assuming 'valid(row)' is false
    t.commit();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 't' is destroyed here

// The path is in the notes.
void forgetsOnOnePath(int row, bool audit) {
  Transaction t;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 't' may be destroyed in state 'Open', but its destructor requires 'Committed' or 'RolledBack' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 't' is constructed in state 'Open' here
  t.write(row);
  if (audit)
  // CHECK-NOTES: :[[@LINE-1]]:7: note: assuming 'audit' is false
    log("audited");
  else if (row > 10)
  // CHECK-NOTES: :[[@LINE-1]]:12: note: assuming 'row > 10' is true
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: 't' is destroyed here
  t.commit();
}

// An early return.
void earlyReturn(int row) {
  Transaction t;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 't' may be destroyed in state 'Open', but its destructor requires 'Committed' or 'RolledBack' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 't' is constructed in state 'Open' here
  if (!valid(row))
  // CHECK-NOTES: :[[@LINE-1]]:7: note: assuming '!valid(row)' is true
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: 't' is destroyed here
  t.write(row);
  t.commit();
}

// The end of an inner scope.
void innerScope(int n) {
  for (int i = 0; i < n; ++i) {
    Transaction t;
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: 't' may be destroyed in state 'Open', but its destructor requires 'Committed' or 'RolledBack' [fearless-typestate]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: 't' is constructed in state 'Open' here
    t.write(i);
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 't' is destroyed here
}

// A destructor annotation says the same.
class FEARLESS_STATES("Reserved,Done") Reservation {
public:
  FEARLESS_REQUIRES("Reserved") FEARLESS_TRANSITION("Done") void complete();
  FEARLESS_REQUIRES("Done") ~Reservation();
};
void reserve() {
  Reservation r;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'r' may be destroyed in state 'Reserved', but its destructor requires 'Done' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 'r' is constructed in state 'Reserved' here
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'r' is destroyed here

// ===== Negative cases =====

void committed(int row) {
  Transaction t;
  t.write(row);
  t.commit();
}

void eitherWay(int row) {
  Transaction t;
  t.write(row);
  if (valid(row))
    t.commit();
  else
    t.rollback();
}

// Moved away: the new owner finishes it.
void finish(Transaction t);
void handedOver() {
  Transaction t;
  finish(std::move(t));
}

// Returned: the caller's to finish.
Transaction begin() {
  Transaction t;
  return t;
}

// Handed by reference to a function we cannot see: unknown.
void process(Transaction &t);
void byReference() {
  Transaction t;
  process(t);
}

// noexcept calls do not throw; the call that finishes it is judged by the
// state it leaves.
void noexceptCalls() {
  Transaction t;
  t.rollback();
}
