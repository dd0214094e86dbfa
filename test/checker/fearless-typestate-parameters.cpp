// State flows through helpers: FEARLESS_EXPECTS on a parameter is checked at
// every call and is the parameter's state inside the function;
// FEARLESS_LEAVES_IN on a reference parameter is the argument's state after
// the call and is checked at every return; FEARLESS_RETURNS_IN is the state
// of the returned object and is checked where it is returned.
// RUN: %check_fearless_tidy %s fearless-typestate %t -- -- -I%fearless_include

#include <fearless/typestate.hpp>

#include <utility>

class FEARLESS_STATES("Closed,Open") FEARLESS_MOVED_FROM("Closed") File {
public:
  FEARLESS_REQUIRES("Closed") FEARLESS_TRANSITION("Open") void open(const char *path);
  FEARLESS_REQUIRES("Open") void write(int data);
  FEARLESS_REQUIRES("Open") FEARLESS_TRANSITION("Closed") void close();
  FEARLESS_TESTS_STATE("Open") bool is_open() const;
};

void writeAll(FEARLESS_EXPECTS("Open") File &file, int data);
void openLog(FEARLESS_EXPECTS("Closed") FEARLESS_LEAVES_IN("Open") File &file);
void finish(FEARLESS_EXPECTS("Open") FEARLESS_LEAVES_IN("Closed") File &file);
void keep(FEARLESS_EXPECTS("Open") File file);
FEARLESS_RETURNS_IN("Open") File openFile(const char *path);

// ===== Positive cases: callers =====

void writeToClosed() {
  File f;
  writeAll(f, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'f' may be in state 'Closed' here, but 'writeAll' requires 'Open' for its parameter 'file' [fearless-typestate]
}

void writeAfterFinish() {
  File f;
  openLog(f);
  finish(f);
  f.write(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'f' may be in state 'Closed' here, but 'write' requires 'Open' [fearless-typestate]
}

void openTwice() {
  File f = openFile("a");
  openLog(f);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'f' may be in state 'Open' here, but 'openLog' requires 'Closed' for its parameter 'file' [fearless-typestate]
}

void byValue(bool ready) {
  File f;
  if (ready)
    f.open("b");
  keep(std::move(f));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'f' may be in state 'Closed' here, but 'keep' requires 'Open' for its parameter 'file' [fearless-typestate]
}

// ===== Positive cases: the function keeps its promises =====

void finish(File &file) {
  if (file.is_open())
    return;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'file' may be in state 'Open' when 'finish' returns, but its parameter annotation says it leaves in 'Closed' [fearless-typestate]
  // Open on entry, so never Closed here.
  file.write(3);
}

void openLog(File &file) {
  if (file.is_open())
    file.close();
  // The annotation says Closed on entry: the branch above never runs.
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: 'file' may be in state 'Closed' when 'openLog' returns, but its parameter annotation says it leaves in 'Open' [fearless-typestate]

FEARLESS_RETURNS_IN("Open") File openedTwice(const char *path) {
  File f;
  f.open(path);
  f.close();
  return f;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'f' may be in state 'Closed' where it is returned, but 'openedTwice' returns in 'Open' [fearless-typestate]
}

// ===== Negative cases =====

void openThenWrite() {
  File f;
  openLog(f);
  writeAll(f, 4);
  f.write(5);
  finish(f);
}

void fromAFactory() {
  File f = openFile("c");
  writeAll(f, 6);
  f.close();
}

void keepsItsPromise(FEARLESS_EXPECTS("Open") FEARLESS_LEAVES_IN("Closed") File &file) {
  file.write(7);
  file.close();
}

FEARLESS_RETURNS_IN("Open") File opened(const char *path) {
  File f;
  f.open(path);
  return f;
}

// Unannotated reference parameters: whatever the caller made of them, and
// unknown to the caller after the call.
void helper(File &file);
void unannotated() {
  File f;
  helper(f);
  f.write(8);
}
void helper(File &file) {
  file.write(9);
  file.close();
}

// A const reference cannot change the state.
void inspect(const File &file);
void constReference() {
  File f;
  f.open("d");
  inspect(f);
  f.write(10);
}

// An rvalue reference parameter that promises a state: the promise wins
// over the move that hands the object to it.
void recycle(FEARLESS_EXPECTS("Open") FEARLESS_LEAVES_IN("Closed") File &&file);
void movedIntoAPromise() {
  File f = openFile("e");
  recycle(std::move(f));
  f.open("f");
  recycle(std::move(f));
  f.write(12);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'f' may be in state 'Closed' here, but 'write' requires 'Open' [fearless-typestate]
}

// Free operators take part through their parameters.
void operator<<(FEARLESS_EXPECTS("Open") File &file, int data);
void streamToClosed() {
  File f;
  f << 11;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'f' may be in state 'Closed' here, but 'operator<<' requires 'Open' for its parameter 'file' [fearless-typestate]
}
