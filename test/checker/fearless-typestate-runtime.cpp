// The runtime's own types carry type-state annotations: a selected operation
// must be completed exactly once before it is destroyed (FEARLESS_REQUIRES on
// its destructor, FEARLESS_RETURNS_IN on selector::select), a sender or
// receiver may not be used once reset or moved from (FEARLESS_MOVED_FROM),
// and a join handle may not be joined once moved from.
// RUN: %check_fearless_tidy -std=c++20 %s fearless-typestate %t -- -- -I%fearless_include

#include <fearless/channel.hpp>
#include <fearless/scope.hpp>
#include <fearless/select.hpp>
#include <utility>

namespace ch = fearless::channel;

void forgetsToComplete(ch::receiver<int> &a, ch::receiver<int> &b) {
  ch::selector sel;
  sel.recv(a);
  sel.recv(b);
  ch::selected_operation op = sel.select();
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: 'op' may be destroyed in state 'pending', but its destructor requires 'completed' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 'op' is constructed in state 'pending' here
  // CHECK-NOTES: :[[@LINE+2]]:7: note: assuming 'op.index() == 0' is false
  // CHECK-NOTES: :[[@LINE+3]]:1: note: 'op' is destroyed here
  if (op.index() == 0)
    (void)op.recv(a);
}

void completesTwice(ch::receiver<int> &a) {
  ch::selector sel;
  sel.recv(a);
  ch::selected_operation op = sel.select();
  (void)op.recv(a);
  (void)op.recv(a);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'op' may be in state 'completed' here, but 'recv' requires 'pending' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:9: note: 'op' enters state 'completed' here
}

void completesOnEveryPath(ch::receiver<int> &a, ch::receiver<int> &b) {
  ch::selector sel;
  sel.recv(a);
  sel.recv(b);
  ch::selected_operation op = sel.select();
  if (op.index() == 0)
    (void)op.recv(a);
  else
    (void)op.recv(b);
}

void sendAfterMove(ch::sender<int> tx) {
  ch::sender<int> moved = std::move(tx);
  (void)moved.send(1);
  (void)tx.send(2);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'tx' may be in state 'released' here, but 'send' requires 'connected' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-4]]:27: note: 'tx' enters state 'released' here
}

void recvAfterReset(ch::receiver<int> rx) {
  rx.reset();
  (void)rx.recv();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'rx' may be in state 'released' here, but 'recv' requires 'connected' [fearless-typestate]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'rx' enters state 'released' here
}

void reassignedAfterMove(ch::sender<int> tx, ch::sender<int> other) {
  ch::sender<int> moved = std::move(tx);
  tx = other;
  (void)tx.send(1);
}

void joinAfterMove() {
  fearless::scope([](fearless::scope_handle &s) {
    auto h = s.spawn([] { return 1; });
    auto g = std::move(h);
    (void)h.join();
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'h' may be in state 'joined' here, but 'join' requires 'joinable' [fearless-typestate]
    // CHECK-NOTES: :[[@LINE-3]]:14: note: 'h' enters state 'joined' here
    (void)g.join();
  });
}
