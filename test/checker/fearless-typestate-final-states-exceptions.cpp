// With CheckExceptionalPaths, a call that may throw (or a throw) while an
// object is in a state it may not be destroyed in is reported: unwinding
// destroys it there.
// RUN: %check_fearless_tidy %s fearless-typestate %t \
// RUN:   -- -config="{CheckOptions: {fearless-typestate.CheckExceptionalPaths: true}}" \
// RUN:   -- -I%fearless_include

#include <fearless/typestate.hpp>

#include <stdexcept>

class FEARLESS_STATES("Open,Committed,RolledBack") FEARLESS_FINAL_STATES("Committed|RolledBack")
    Transaction {
public:
  Transaction();
  FEARLESS_REQUIRES("Open") FEARLESS_TRANSITION("Committed") void commit();
  FEARLESS_REQUIRES("Open") FEARLESS_TRANSITION("RolledBack") void rollback() noexcept;
  FEARLESS_REQUIRES("Open") void write(int row);
};
void log(const char *message);
void flush() noexcept;

// ===== Positive cases =====

void throwsWhileOpen(int row) {
  Transaction t;
  t.write(row);
  log("writing");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 't' may be destroyed in state 'Open' if 'log' throws, but its destructor requires 'Committed' or 'RolledBack' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: 't' is constructed in state 'Open' here
  if (row < 0)
    throw std::invalid_argument("row");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 't' may be destroyed in state 'Open' when this throws, but its destructor requires 'Committed' or 'RolledBack' [fearless-typestate]
    // CHECK-NOTES: :[[@LINE-8]]:3: note: 't' is constructed in state 'Open' here
    // CHECK-NOTES: :[[@LINE-4]]:7: note: assuming 'row < 0' is true
  t.commit();
}

// ===== Negative cases =====

// Calls on the object itself are judged by the state they leave; noexcept
// calls do not throw.
void onlyItsOwnCalls(int row) {
  Transaction t;
  t.write(row);
  flush();
  t.commit();
}

// Finished before the call that may throw.
void finishedFirst() {
  Transaction t;
  t.rollback();
  log("done");
}

// The exception may be caught before the object is destroyed.
void caughtAround() {
  Transaction t;
  try {
    log("inside");
  } catch (...) {
  }
  t.commit();
}

// Inside the try block only its own calls.
void caughtInside(int row) {
  try {
    Transaction t;
    t.write(row);
    t.commit();
  } catch (...) {
  }
}
