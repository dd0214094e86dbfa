// The typestate annotations are checked where they are written: a typo must
// not silently turn checking off.
// RUN: %check_fearless_tidy %s fearless-typestate %t -- -- -I%fearless_include

#include <fearless/typestate.hpp>

// ===== Positive cases =====

// An unknown state name, in every annotation that names states.
class FEARLESS_STATES("Closed,Open") FEARLESS_MOVED_FROM("Close") FEARLESS_FINAL_STATES("Closed|Gone") Connection {
// CHECK-MESSAGES: :[[@LINE-1]]:38: warning: unknown state 'Close' in FEARLESS_MOVED_FROM; the states of 'Connection' are 'Closed', 'Open' [fearless-typestate]
// CHECK-MESSAGES: :[[@LINE-2]]:67: warning: unknown state 'Gone' in FEARLESS_FINAL_STATES; the states of 'Connection' are 'Closed', 'Open' [fearless-typestate]
public:
  FEARLESS_REQUIRES("Closed") FEARLESS_TRANSITION("Opne") void open();
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: unknown state 'Opne' in FEARLESS_TRANSITION; the states of 'Connection' are 'Closed', 'Open' [fearless-typestate]
  FEARLESS_REQUIRES("Open|Closing") void send(int);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: unknown state 'Closing' in FEARLESS_REQUIRES; the states of 'Connection' are 'Closed', 'Open' [fearless-typestate]
  FEARLESS_TESTS_STATE("open") bool is_open() const;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: unknown state 'open' in FEARLESS_TESTS_STATE; the states of 'Connection' are 'Closed', 'Open' [fearless-typestate]
  FEARLESS_TESTS_STATE("Open") int pending() const;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: FEARLESS_TESTS_STATE belongs on a member function that returns bool; 'pending' returns 'int' [fearless-typestate]
  FEARLESS_TRANSITION("Closed") void close();
};
FEARLESS_RETURNS_IN("Opened") Connection connect();
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: unknown state 'Opened' in FEARLESS_RETURNS_IN; the states of 'Connection' are 'Closed', 'Open' [fearless-typestate]
void shutdown(FEARLESS_EXPECTS("Opne") FEARLESS_LEAVES_IN("Close") Connection &c);
// CHECK-MESSAGES: :[[@LINE-1]]:15: warning: unknown state 'Opne' in FEARLESS_EXPECTS; the states of 'Connection' are 'Closed', 'Open' [fearless-typestate]
// CHECK-MESSAGES: :[[@LINE-2]]:40: warning: unknown state 'Close' in FEARLESS_LEAVES_IN; the states of 'Connection' are 'Closed', 'Open' [fearless-typestate]

// Member annotations in a class without states.
class Plain {
public:
  FEARLESS_REQUIRES("Open") void send();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'send' is annotated with FEARLESS_REQUIRES, but its class 'Plain' declares no states (FEARLESS_STATES) [fearless-typestate]
  FEARLESS_TRANSITION("Open") Plain();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Plain' is annotated with FEARLESS_TRANSITION, but its class 'Plain' declares no states (FEARLESS_STATES) [fearless-typestate]
  FEARLESS_CONSUMES void finish();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'finish' is annotated with FEARLESS_CONSUMES, but its class 'Plain' declares no states (FEARLESS_STATES) [fearless-typestate]
};
FEARLESS_RETURNS_IN("Open") Plain makePlain();
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: 'makePlain' is annotated with FEARLESS_RETURNS_IN, but its return type 'Plain' declares no states (FEARLESS_STATES) [fearless-typestate]
void usePlain(FEARLESS_EXPECTS("Open") Plain &p);
// CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'p' is annotated with FEARLESS_EXPECTS, but its type 'Plain &' declares no states (FEARLESS_STATES) [fearless-typestate]

// Annotations on the wrong kind of declaration.
FEARLESS_STATES("A,B") int counter;
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: FEARLESS_STATES belongs on a class; on 'counter' it is ignored [fearless-typestate]
FEARLESS_REQUIRES("A") void freeFunction();
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: FEARLESS_REQUIRES belongs on a member function; on 'freeFunction' it is ignored [fearless-typestate]
FEARLESS_FINAL_STATES("A") void alsoFree();
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: FEARLESS_FINAL_STATES belongs on a class; on 'alsoFree' it is ignored [fearless-typestate]
void byValue(FEARLESS_LEAVES_IN("Closed") Connection c);
// CHECK-MESSAGES: :[[@LINE-1]]:14: warning: FEARLESS_LEAVES_IN belongs on a reference parameter; on 'c' it is ignored [fearless-typestate]
FEARLESS_EXPECTS("Open") void notAParameter();
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: FEARLESS_EXPECTS belongs on a parameter; on 'notAParameter' it is ignored [fearless-typestate]

// A state listed twice, and a hand-written annotation with a typo.
class FEARLESS_STATES("Idle,Busy,Idle") Worker {
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: state 'Idle' is listed twice in FEARLESS_STATES of 'Worker' [fearless-typestate]
public:
  FEARLESS_TRANSITION("Busy") void start();
  [[clang::annotate("fearless::requries:Busy")]] void finish();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: unknown annotation 'fearless::requries:Busy' [fearless-typestate]
};

// States that nothing changes: every object stays in the first state.
class FEARLESS_STATES("Ready,Done") Stuck {
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Stuck' declares states, but no member function or constructor changes them (FEARLESS_TRANSITION or FEARLESS_CONSUMES) [fearless-typestate]
public:
  FEARLESS_REQUIRES("Done") void result();
};

// Class templates are checked once, on the template.
template <typename T> class FEARLESS_STATES("Empty,Full") Slot {
public:
  FEARLESS_REQUIRES("Empty") FEARLESS_TRANSITION("Ful") void put(T);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: unknown state 'Ful' in FEARLESS_TRANSITION; the states of 'Slot' are 'Empty', 'Full' [fearless-typestate]
  FEARLESS_REQUIRES("Full") FEARLESS_TRANSITION("Empty") T take();
};
Slot<int> intSlot;
Slot<double> doubleSlot;

// ===== Negative cases =====

// Well-formed annotations, including by hand and on a declaration that
// the definition repeats.
class FEARLESS_STATES(" Unlocked , Locked ") Door {
public:
  FEARLESS_REQUIRES("Unlocked") FEARLESS_TRANSITION("Locked") void lock();
  FEARLESS_REQUIRES(" Locked ") FEARLESS_TRANSITION("Unlocked") void unlock();
  [[clang::annotate("fearless::tests_state:Locked")]] explicit operator bool() const;
};
void Door::lock() {}
FEARLESS_RETURNS_IN("Locked") Door lockedDoor();
void relock(FEARLESS_EXPECTS("Unlocked") FEARLESS_LEAVES_IN("Locked") Door &door);

// A class whose only change is being moved from is a state machine too.
class FEARLESS_STATES("Owning,Empty") FEARLESS_MOVED_FROM("Empty") Handle {
public:
  FEARLESS_REQUIRES("Owning") int get() const;
};

// A class whose state only a function's parameter changes.
class FEARLESS_STATES("Fresh,Used") Token {
public:
  FEARLESS_REQUIRES("Fresh") int value() const;
};
void spend(FEARLESS_LEAVES_IN("Used") Token &token);

// The other checks' annotations are theirs.
struct FEARLESS_SYNC Counter {
  void add();
};
