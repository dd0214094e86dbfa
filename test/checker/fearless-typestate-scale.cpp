// State machines of real size: more than 30 (and more than 64) states,
// structured bindings, a switch whose cases cover every value, and branches
// correlated by an unchanged bool.
// RUN: %check_fearless_tidy %s fearless-typestate %t -- -- -I%fearless_include

#include <fearless/typestate.hpp>

#include <tuple>
#include <utility>

// ===== More states than fit in a machine word =====

class FEARLESS_STATES("S0,S1,S2,S3,S4,S5,S6,S7,S8,S9,S10,S11,S12,S13,S14,S15,S16,S17,S18,S19,"
                      "S20,S21,S22,S23,S24,S25,S26,S27,S28,S29,S30,S31,S32,S33,S34,S35,S36,"
                      "S37,S38,S39,S40,S41,S42,S43,S44,S45,S46,S47,S48,S49,S50,S51,S52,S53,"
                      "S54,S55,S56,S57,S58,S59,S60,S61,S62,S63,S64,S65,S66,S67,S68,S69")
    Protocol {
public:
  FEARLESS_TRANSITION("S35") void toMiddle();
  FEARLESS_REQUIRES("S35") FEARLESS_TRANSITION("S69") void toLast();
  FEARLESS_REQUIRES("S69") void finish();
  FEARLESS_REQUIRES("S0|S68|S69") void reset();
};

void lastStateTooEarly() {
  Protocol p;
  p.toMiddle();
  p.finish();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'p' may be in state 'S35' here, but 'finish' requires 'S69' [fearless-typestate]
}

void lastStateReached() {
  Protocol p;
  p.toMiddle();
  p.toLast();
  p.finish();
  p.reset();
}

void someStates(bool a) {
  Protocol p;
  if (a)
    p.toMiddle();
  p.reset();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'p' may be in state 'S35' here, but 'reset' requires 'S0' or 'S68' or 'S69' [fearless-typestate]
}

// ===== Structured bindings =====

class FEARLESS_STATES("Connected,Released") FEARLESS_MOVED_FROM("Released") Sender {
public:
  FEARLESS_REQUIRES("Connected") void send(int value);
  FEARLESS_TRANSITION("Released") void reset();
};
class FEARLESS_STATES("Connected,Released") FEARLESS_MOVED_FROM("Released") Receiver {
public:
  FEARLESS_REQUIRES("Connected") int recv();
  FEARLESS_TRANSITION("Released") void reset();
};
std::pair<Sender, Receiver> channel();
struct Ends {
  Sender tx;
  Receiver rx;
};
Ends ends();
void consume(Receiver rx);

void sendAfterReset() {
  auto [tx, rx] = channel();
  tx.reset();
  tx.send(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'tx' may be in state 'Released' here, but 'send' requires 'Connected' [fearless-typestate]
}

int receiveAfterMove() {
  auto [tx, rx] = ends();
  consume(std::move(rx));
  return rx.recv();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'rx' may be in state 'Released' here, but 'recv' requires 'Connected' [fearless-typestate]
}

// Bindings start in whatever state the call returned them in.
int bindingsUnknown() {
  auto [tx, rx] = channel();
  tx.send(2);
  return rx.recv();
}

// Bindings that name another object's parts are not tracked.
int bindingsByReference(std::pair<Sender, Receiver> &both) {
  auto &[tx, rx] = both;
  tx.reset();
  tx.send(3);
  return rx.recv();
}

// ===== A switch whose cases cover every value =====

enum class Mode { Read, Write, Append };
class FEARLESS_STATES("Closed,Open") File {
public:
  FEARLESS_REQUIRES("Closed") FEARLESS_TRANSITION("Open") void open(Mode mode);
  FEARLESS_REQUIRES("Open") void write(int data);
};

void everyEnumerator(Mode mode) {
  File f;
  switch (mode) {
  case Mode::Read:
  case Mode::Write:
    f.open(mode);
    break;
  case Mode::Append:
    f.open(Mode::Append);
    break;
  }
  f.write(1);
}

void bothBools(bool append) {
  File f;
  switch (append) {
  case true:
    f.open(Mode::Append);
    break;
  case false:
    f.open(Mode::Write);
    break;
  }
  f.write(2);
}

void missingEnumerator(Mode mode) {
  File f;
  switch (mode) {
  case Mode::Read:
  case Mode::Write:
    f.open(mode);
    break;
  }
  f.write(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'f' may be in state 'Closed' here, but 'write' requires 'Open' [fearless-typestate]
}

void explicitDefault(Mode mode) {
  File f;
  switch (mode) {
  case Mode::Read:
    f.open(mode);
    break;
  default:
    break;
  }
  f.write(4);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'f' may be in state 'Closed' here, but 'write' requires 'Open' [fearless-typestate]
}

// ===== Branches correlated by an unchanged bool =====

void sameFlag(bool logging) {
  File f;
  if (logging)
    f.open(Mode::Append);
  int work = 0;
  ++work;
  if (logging)
    f.write(work);
}

void negatedFlag(bool dryRun) {
  File f;
  if (!dryRun)
    f.open(Mode::Write);
  if (dryRun)
    return;
  f.write(5);
}

void localFlag(int n) {
  const bool big = n > 100;
  File f;
  if (big)
    f.open(Mode::Write);
  for (int i = 0; i < n; ++i)
    if (big && i % 2 == 0)
      f.write(i);
}

// A flag that changes in between does not correlate.
void changedFlag(bool logging) {
  File f;
  if (logging)
    f.open(Mode::Append);
  logging = !logging;
  if (logging)
    f.write(6);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'f' may be in state 'Closed' here, but 'write' requires 'Open' [fearless-typestate]
}

// Different flags do not correlate.
void differentFlags(bool a, bool b) {
  File f;
  if (a)
    f.open(Mode::Read);
  if (b)
    f.write(7);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'f' may be in state 'Closed' here, but 'write' requires 'Open' [fearless-typestate]
}

// A flag passed by reference may change.
void update(bool &flag);
void flagByReference(bool ready) {
  File f;
  if (ready)
    f.open(Mode::Read);
  update(ready);
  if (ready)
    f.write(8);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'f' may be in state 'Closed' here, but 'write' requires 'Open' [fearless-typestate]
}
