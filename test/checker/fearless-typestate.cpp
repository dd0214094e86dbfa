// RUN: %check_fearless_tidy -std=c++20 %s fearless-typestate %t -- -- -I%fearless_include -pthread

#include <fearless/scope.hpp>
#include <fearless/typestate.hpp>

#include <future>
#include <span>
#include <string>
#include <thread>
#include <utility>

class FEARLESS_STATES("Initialized,Running,Stopped") Machine {
public:
  Machine();
  FEARLESS_TRANSITION("Running") explicit Machine(int preset);
  FEARLESS_REQUIRES("Initialized") FEARLESS_TRANSITION("Running") void start();
  FEARLESS_REQUIRES("Running") void process(int job);
  FEARLESS_REQUIRES("Running|Initialized") FEARLESS_TRANSITION("Stopped") void stop();
  FEARLESS_CONSUMES std::string report();
  int id() const;
};
void inspect(Machine &);
void look(const Machine &);

// ===== Positive cases =====

// P1: a call in the wrong state right after construction
void wrongStateAfterConstruction() {
  Machine m;
  m.process(1);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'm' may be in state 'Initialized' here, but 'process' requires 'Running' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'm' is constructed in state 'Initialized' here
}
// P2: after a stop
void afterStop() {
  Machine m;
  m.start();
  m.stop();
  m.process(2);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'm' may be in state 'Stopped' here, but 'process' requires 'Running' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'm' enters state 'Stopped' here
}
// P3: started on one branch only
void oneBranchOnly(bool ready) {
  Machine m;
  if (ready)
    m.start();
  m.process(3);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'm' may be in state 'Initialized' here, but 'process' requires 'Running' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: 'm' is constructed in state 'Initialized' here
}
// P4: a loop that stops inside
void loopThatStops(int n) {
  Machine m;
  m.start();
  for (int i = 0; i < n; ++i) {
    m.process(i);
    if (i == 5)
      m.stop();
      // CHECK-NOTES: :[[@LINE-3]]:7: warning: 'm' may be in state 'Stopped' here, but 'process' requires 'Running' [fearless-typestate]
      // CHECK-NOTES: :[[@LINE-2]]:7: note: 'm' enters state 'Stopped' here
      // CHECK-NOTES: :[[@LINE-3]]:9: warning: 'm' may be in state 'Stopped' here, but 'stop' requires 'Initialized' or 'Running' [fearless-typestate]
      // CHECK-NOTES: :[[@LINE-4]]:7: note: 'm' enters state 'Stopped' here
  }
}
// P5: started twice
void startTwice() {
  Machine m;
  m.start();
  m.start();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'm' may be in state 'Running' here, but 'start' requires 'Initialized' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'm' enters state 'Running' here
}
// P6: consumed twice
void consumeTwice() {
  Machine m;
  m.start();
  (void)m.report();
  (void)m.report();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'm' is used after 'report' consumed it [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:11: note: 'report' consumes 'm' here
}
// P7: any call after a consuming call, annotated or not
int usedAfterConsume() {
  Machine m;
  (void)m.report();
  return m.id();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'm' is used after 'report' consumed it [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:11: note: 'report' consumes 'm' here
}
// P8: a constructor that starts in another state
void constructorTransition() {
  Machine m(3);
  m.start();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'm' may be in state 'Running' here, but 'start' requires 'Initialized' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'm' is constructed in state 'Running' here
}
// P9: the state known again after an unknown call and a transition
void knownAgain() {
  Machine m;
  inspect(m);
  m.stop();
  m.process(4);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'm' may be in state 'Stopped' here, but 'process' requires 'Running' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'm' enters state 'Stopped' here
}
// P10: std::thread joined twice
void threadJoinedTwice() {
  std::thread t([] {});
  t.join();
  t.join();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 't' may be in state 'not joinable' here, but 'join' requires 'joinable' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 't' enters state 'not joinable' here
}
// P11: join after detach
void joinAfterDetach() {
  std::thread t([] {});
  t.detach();
  t.join();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 't' may be in state 'not joinable' here, but 'join' requires 'joinable' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 't' enters state 'not joinable' here
}
// P12: a default-constructed thread has nothing to join
void joinDefault() {
  std::thread t;
  t.join();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 't' may be in state 'not joinable' here, but 'join' requires 'joinable' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 't' is constructed in state 'not joinable' here
}
// P13: future get twice
int futureGetTwice() {
  auto f = std::async(std::launch::async, [] { return 1; });
  int a = f.get();
  return a + f.get();
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'f' may be in state 'invalid' here, but 'get' requires 'valid' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:11: note: 'f' enters state 'invalid' here
}
// P14: promise satisfied twice
void promiseTwice() {
  std::promise<int> p;
  p.set_value(1);
  p.set_exception(nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'p' may be in state 'satisfied' here, but 'set_exception' requires 'unsatisfied' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'p' enters state 'satisfied' here
}
// P15: a join handle joined twice
void joinHandleTwice() {
  fearless::scope([](fearless::scope_handle &s) {
    auto h = s.spawn([] { return 1; });
    (void)h.join();
    (void)h.join();
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'h' may be in state 'joined' here, but 'join' requires 'joinable' [fearless-typestate]
    // CHECK-NOTES: :[[@LINE-3]]:11: note: 'h' enters state 'joined' here
  });
}
// P16: a thread moved out, then joined
void joinAfterMove() {
  std::thread t([] {});
  std::thread u = std::move(t);
  u.join();
  t.join();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 't' may be in state 'not joinable' here, but 'join' requires 'joinable' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-4]]:19: note: 't' enters state 'not joinable' here
}

// The article's type-state pattern: each transition returns the machine in
// its new state; the old object must not be used again.
struct Idle {};
struct Active {};
template <typename State> class StateMachine {
public:
  StateMachine<Active> start();
  StateMachine<Idle> stop() &&;
  StateMachine<Idle> reset() const;
  int ticks() const;
};
// P17: a transition that is not &&-qualified, then the old object used
int templateWithoutRvalue() {
  StateMachine<Idle> machine;
  auto running = machine.start();
  return machine.ticks();
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'machine' was consumed by the transition 'start' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:26: note: 'start' consumes 'machine' here
  // CHECK-NOTES: :[[@LINE-12]]:24: note: make the transition 'start' '&&'-qualified so that the compiler rejects calls on an object that is still in use
}
// P18: a &&-qualified transition through std::move, then the old object
int templateWithMove() {
  StateMachine<Idle> machine;
  auto running = machine.start();
  auto idle = std::move(running).stop();
  return running.ticks() + idle.ticks();
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'running' was consumed by the transition 'stop' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:34: note: 'stop' consumes 'running' here
}
// P19: a transition in a loop consumes the object on the next iteration
int templateInLoop(int n) {
  StateMachine<Idle> machine;
  int ticks = 0;
  for (int i = 0; i < n; ++i)
    ticks += machine.start().ticks();
    // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'machine' was consumed by the transition 'start' [fearless-typestate]
    // CHECK-NOTES: :[[@LINE-2]]:22: note: 'start' consumes 'machine' here
  return ticks;
}
// P20: consumed on one path only
int templateOnePath(bool go) {
  StateMachine<Idle> machine;
  if (go)
    (void)machine.start();
  return machine.ticks();
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'machine' was consumed by the transition 'start' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:19: note: 'start' consumes 'machine' here
}

// ===== Negative cases =====

// N1: a correct sequence
void correctSequence() {
  Machine m;
  m.start();
  m.process(1);
  m.process(2);
  m.stop();
}
// N2: both branches start
void bothBranches(bool fast) {
  Machine m;
  if (fast)
    m.start();
  else
    m.start();
  m.process(1);
}
// N3: a loop in the right state
void loopRunning(int n) {
  Machine m;
  m.start();
  for (int i = 0; i < n; ++i)
    m.process(i);
  m.stop();
}
// N4: an unknown call makes the state unknown: nothing is reported
void unknownCall() {
  Machine m;
  inspect(m);
  m.process(1);
}
// N5: a const reference does not change the state
void constReference() {
  Machine m;
  m.start();
  look(m);
  m.process(1);
}
// N6: reassignment resets the state
void reassigned() {
  Machine m;
  m.start();
  m.stop();
  m = Machine();
  m.start();
  m.process(1);
}
// N7: members without annotations are allowed in every state
int unannotated() {
  Machine m;
  m.stop();
  return m.id();
}
// N8: a parameter's state is the caller's business
void parameter(Machine m) { m.process(1); }
// N9: stop allowed from two states
void stopFromInitialized() {
  Machine m;
  m.stop();
}
// N10: joinable() guards
void joinableGuards() {
  std::thread t([] {});
  if (t.joinable())
    t.join();
  if (t.joinable())
    t.join();
}
// N11: valid() checked before the second get
int validChecked() {
  auto f = std::async(std::launch::async, [] { return 1; });
  int a = f.get();
  if (f.valid())
    a += f.get();
  return a;
}
// N12: a thread assigned a new one after a join
void reassignedThread() {
  std::thread t([] {});
  t.join();
  t = std::thread([] {});
  t.join();
}
// N13: each thread joined once
void joinedOnce() {
  std::thread a([] {});
  std::thread b([] {});
  a.join();
  b.join();
}
// N14: the template pattern used correctly
int templateCorrect() {
  StateMachine<Idle> machine;
  auto running = std::move(machine).start();
  auto idle = std::move(running).stop();
  return idle.ticks();
}
// N15: a consumed object assigned a new value
void consumedThenAssigned() {
  Machine m;
  (void)m.report();
  m = Machine();
  m.start();
}
// N16: a promise satisfied once
void promiseOnce() {
  std::promise<int> p;
  std::future<int> f = p.get_future();
  p.set_value(1);
  (void)f.get();
}
// N17: a join handle joined once
int joinHandleOnce() {
  return fearless::scope([](fearless::scope_handle &s) {
    auto h = s.spawn([] { return 1; });
    return h.join();
  });
}
// N18: captured by reference in a lambda: unknown afterwards
void capturedByReference() {
  Machine m;
  auto prepare = [&] { m.start(); };
  prepare();
  m.process(1);
}
// N19: a future from a parameter: unknown state
int futureParameter(std::future<int> f) { return f.get(); }
// N20: join on one branch, detach on the other
void joinOrDetach(bool wait) {
  std::thread t([] {});
  if (wait)
    t.join();
  else
    t.detach();
}
// N22: a const member returning another specialisation is a conversion
// or a view (to_float(), as_const(), transpose()), not a transition
int templateConstConversion() {
  StateMachine<Idle> machine;
  auto copy = machine.reset();
  return machine.ticks() + copy.ticks();
}
// N23: the standard library's templates are not state machines
// (std::span::first returns another span specialisation)
int spanViews() {
  int values[4] = {1, 2, 3, 4};
  std::span<int, 4> all(values);
  auto head = all.first<2>();
  auto tail = all.last<2>();
  return head[0] + tail[0] + static_cast<int>(all.size());
}
// N24: `if (t.joinable() == true)` and `t.get_id() != std::thread::id()`
void comparisonGuards(bool start) {
  std::thread t;
  if (start)
    t = std::thread([] {});
  if (t.joinable() == true)
    t.join();
  std::thread u;
  if (start)
    u = std::thread([] {});
  if (u.get_id() != std::thread::id())
    u.join();
}
// N25: aliases hide what happens to the object: not tracked
void aliased() {
  std::thread t([] {});
  std::thread &r = t;
  r.join();
}
// N21: a moved-to thread joined
void movedThread() {
  std::thread t([] {});
  std::thread u = std::move(t);
  u.join();
}
