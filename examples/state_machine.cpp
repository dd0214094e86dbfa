// BUGGY on purpose: state machines driven through invalid transitions.
// fearless-typestate and fearless-unjoined-thread report them; run
// `scripts/demo`.
//
// The article's type-state pattern: each transition returns the machine in
// its new state, and in Rust the old one is gone. In C++ the old object is
// still there and still callable.
#include <fearless/typestate.hpp>

#include <cstdio>
#include <thread>
#include <utility>

namespace {

struct Idle {};
struct Running {};

template <typename State> class StateMachine {
public:
  StateMachine<Running> start() {  // finding: should be &&-qualified
    std::puts("started");
    return {};
  }
  StateMachine<Idle> stop() && {
    std::puts("stopped");
    return {};
  }
  void status() const { std::puts("status"); }
};

// A run-time state machine, declared with the annotations.
class FEARLESS_STATES("Closed,Open") Connection {
public:
  FEARLESS_REQUIRES("Closed") FEARLESS_TRANSITION("Open") void open() { std::puts("open"); }
  FEARLESS_REQUIRES("Open") void send(int value) { std::printf("send %d\n", value); }
  FEARLESS_REQUIRES("Open") FEARLESS_TRANSITION("Closed") void close() { std::puts("close"); }
};

void drive() {
  StateMachine<Idle> machine;
  auto running = machine.start();
  machine.status();  // finding: 'machine' was consumed by the transition 'start'
  auto idle = std::move(running).stop();
  idle.status();
}

void talk(bool greet) {
  Connection connection;
  if (greet)
    connection.open();
  connection.send(42);  // finding: may still be 'Closed'
  connection.close();   // finding: may still be 'Closed'
}

void background(bool quick) {
  std::thread worker([] { std::puts("working"); });
  if (quick)
    return;  // finding: 'worker' is destroyed while joinable
  worker.join();
}

}  // namespace

int main() {
  drive();
  talk(true);
  background(false);
}
