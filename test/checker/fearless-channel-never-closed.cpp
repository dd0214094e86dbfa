// fearless-channel-never-closed: a loop that receives until every sender is
// gone, while a sender of the same channel owned by the same function stays
// alive until after the loop (Go's missing close(ch), Rust's missing
// drop(tx)). Positive and negative cases side by side.
// RUN: %check_fearless_tidy -std=c++20 %s fearless-channel-never-closed %t -- -- -I%fearless_include -pthread

#include <fearless/channel.hpp>
#include <fearless/scope.hpp>

#include <thread>
#include <utility>
#include <vector>

void use(int);
void start_producer(fearless::channel::sender<int> tx);

// ===== Positive =====

// The producer got a copy; the function's own sender is never dropped.
void copiedIntoTheProducer() {
  auto [tx, rx] = fearless::channel::bounded<int>(4);
  std::thread producer([tx] { tx.send(1); });
  for (int v : rx)
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: this loop receives from 'rx' until every sender of its channel is gone, but the sender 'tx' stays alive until after the loop: the loop can never end [fearless-channel-never-closed]
    // CHECK-NOTES: :[[@LINE-4]]:9: note: 'tx' is declared here and is neither reset, moved nor destroyed before the loop ends; reset() it, or move it into the last producer
    use(v);
  producer.join();
}

// recv() until it returns nothing: the same wait.
void recvUntilEmpty() {
  auto [tx, rx] = fearless::channel::unbounded<int>();
  tx.send(1);
  while (auto v = rx.recv())
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: this loop receives from 'rx' until every sender of its channel is gone, but the sender 'tx' stays alive until after the loop: the loop can never end [fearless-channel-never-closed]
    // CHECK-NOTES: :[[@LINE-4]]:9: note: 'tx' is declared here and is neither reset, moved nor destroyed before the loop ends; reset() it, or move it into the last producer
    use(*v);
}

// A scope's body drains while the enclosing function's sender lives on.
void scopeBodyDrains() {
  auto [tx, rx] = fearless::channel::bounded<int>(1);
  fearless::scope([&](fearless::scope_handle &s) {
    for (int i = 0; i < 3; ++i)
      s.spawn([tx, i] { tx.send(i); });
    for (int v : rx)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: this loop receives from 'rx' until every sender of its channel is gone, but the sender 'tx' stays alive until after the loop: the loop can never end [fearless-channel-never-closed]
      // CHECK-NOTES: :[[@LINE-6]]:9: note: 'tx' is declared here and is neither reset, moved nor destroyed before the loop ends; reset() it, or move it into the last producer
      use(v);
  });
}

// A consumer thread drains; the owner sends and joins, never dropping tx.
void consumerThread() {
  auto [tx, rx] = fearless::channel::bounded<int>(1);
  std::thread consumer([&] {
    for (int v : rx)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: this loop receives from 'rx' until every sender of its channel is gone, but the sender 'tx' stays alive until after the loop: the loop can never end [fearless-channel-never-closed]
      // CHECK-NOTES: :[[@LINE-4]]:9: note: 'tx' is declared here and is neither reset, moved nor destroyed before the loop ends; reset() it, or move it into the last producer
      use(v);
  });
  tx.send(1);
  consumer.join();
}

// ===== Negative =====

void resetBeforeTheLoop() {
  auto [tx, rx] = fearless::channel::bounded<int>(4);
  std::thread producer([tx] { tx.send(1); });
  tx.reset();
  for (int v : rx)
    use(v);
  producer.join();
}

void movedIntoTheProducer() {
  auto [tx, rx] = fearless::channel::bounded<int>(4);
  std::thread producer([tx = std::move(tx)] { tx.send(1); });
  for (int v : rx)
    use(v);
  producer.join();
}

void movedIntoAFunction() {
  auto [tx, rx] = fearless::channel::bounded<int>(4);
  start_producer(std::move(tx));
  while (auto v = rx.recv())
    use(*v);
}

void assignedOver() {
  auto [tx, rx] = fearless::channel::bounded<int>(4);
  auto [other_tx, other_rx] = fearless::channel::bounded<int>(4);
  tx = other_tx; // the first channel's sender is gone
  for (int v : rx)
    use(v);
}

// The consumer runs while the owner goes on, and the owner drops its sender.
void consumerThreadWithReset() {
  auto [tx, rx] = fearless::channel::bounded<int>(1);
  std::thread consumer([&] {
    for (int v : rx)
      use(v);
  });
  tx.send(1);
  tx.reset();
  consumer.join();
}

// Loops that end on their own.
void leavesByBreak() {
  auto [tx, rx] = fearless::channel::bounded<int>(4);
  tx.send(0);
  for (int v : rx) {
    if (v == 0)
      break;
    use(v);
  }
}

void countedReceives() {
  auto [tx, rx] = fearless::channel::bounded<int>(4);
  tx.send(1);
  for (int i = 0; i < 1; ++i)
    use(*rx.recv());
}

// A loop over something else.
void notAChannel(const std::vector<int> &values) {
  auto [tx, rx] = fearless::channel::bounded<int>(4);
  for (int v : values)
    tx.send(v);
  tx.reset();
  for (int v : rx)
    use(v);
}
