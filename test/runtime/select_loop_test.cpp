// select ergonomics: biased select, handlers of different result types,
// selected_operation in a std::optional, and select_loop (break by value or
// select_control, closed channels disabled, the loop's deadline).
#include "fearless/cancellation.hpp"
#include "fearless/channel.hpp"
#include "fearless/scope.hpp"
#include "fearless/select.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace {

namespace ch = fearless::channel;
using namespace std::chrono_literals;

TEST(SelectBiased, TheFirstReadyBranchAlwaysWins) {
  auto [urgent_tx, urgent] = ch::unbounded<int>();
  auto [normal_tx, normal] = ch::unbounded<int>();
  for (int i = 0; i < 100; ++i) {
    (void)urgent_tx.send(i);
    (void)normal_tx.send(i);
  }
  for (int i = 0; i < 100; ++i) {
    const char which = ch::select_biased(ch::recv(urgent, [] { return 'u'; }),
                                         ch::recv(normal, [] { return 'n'; }));
    EXPECT_EQ(which, 'u');
  }
  EXPECT_EQ(ch::select_biased(ch::recv(urgent, [] { return 'u'; }),
                              ch::recv(normal, [] { return 'n'; })),
            'n');
}

TEST(SelectBiased, ASelectorCanBeBiasedAfterFairSelects) {
  auto [a_tx, a] = ch::unbounded<int>();
  auto [b_tx, b] = ch::unbounded<int>();
  for (int i = 0; i < 200; ++i) {
    (void)a_tx.send(i);
    (void)b_tx.send(i);
  }
  ch::selector sel;
  const std::size_t first = sel.recv(a);
  sel.recv(b);
  for (int i = 0; i < 20; ++i) {  // fair selects shuffle the selector's list
    ch::selected_operation op = sel.select();
    (void)(op.index() == first ? op.recv(a) : op.recv(b));
  }
  sel.set_biased(true);
  EXPECT_TRUE(sel.biased());
  for (int i = 0; i < 50; ++i) {
    ch::selected_operation op = sel.select();
    EXPECT_EQ(op.index(), first);
    (void)op.recv(a);
  }
}

TEST(SelectResults, VoidAndValueHandlersMakeAnOptional) {
  auto [tx, rx] = ch::unbounded<int>();
  auto r = ch::select(ch::recv(rx, [](std::optional<int> v) { return v.value_or(-1) * 2; }),
                      ch::otherwise([] {}));
  static_assert(std::is_same_v<decltype(r), std::optional<int>>);
  EXPECT_FALSE(r.has_value());
  (void)tx.send(21);
  r = ch::select(ch::recv(rx, [](std::optional<int> v) { return v.value_or(-1) * 2; }),
                 ch::otherwise([] {}));
  EXPECT_EQ(r, 42);
  // Different non-void types meet in their common type.
  (void)tx.send(1);
  auto d = ch::select(ch::recv(rx, [] { return 1; }), ch::timeout(1s, [] { return 2.5; }));
  static_assert(std::is_same_v<decltype(d), double>);
  EXPECT_EQ(d, 1.0);
}

TEST(SelectedOperation, AssignableToAnOptional) {
  auto [tx, rx] = ch::unbounded<std::string>();
  (void)tx.send("a");
  (void)tx.send("b");
  ch::selector sel;
  sel.recv(rx);
  std::optional<ch::selected_operation> op;
  op = sel.select();
  EXPECT_EQ(op->recv(rx), "a");
  op = sel.select();  // the previous one was completed: fine to overwrite
  EXPECT_EQ(op->recv(rx), "b");
  op = sel.try_select();
  EXPECT_FALSE(op.has_value());
}

TEST(SelectLoop, DrainsUntilEveryChannelClosesWithoutSpinning) {
  auto [a_tx, a] = ch::unbounded<int>();
  auto [b_tx, b] = ch::bounded<int>(1);
  int sum = 0;
  int a_closed_seen = 0;
  int b_closed_seen = 0;
  fearless::scope([&, a_tx = std::move(a_tx), b_tx = std::move(b_tx)](fearless::scope_handle& s) mutable {
    s.spawn([tx = std::move(a_tx)] {
      for (int i = 1; i <= 100; ++i)
        (void)tx.send(i);
    });
    s.spawn([tx = std::move(b_tx)] {
      std::this_thread::sleep_for(5ms);  // a closes long before b
      for (int i = 1; i <= 10; ++i)
        (void)tx.send(1000);
    });
    ch::select_loop(ch::recv(a, [&](std::optional<int> v) {
                      if (v)
                        sum += *v;
                      else
                        ++a_closed_seen;
                    }),
                    ch::recv(b, [&](std::optional<int> v) {
                      if (v)
                        sum += *v;
                      else
                        ++b_closed_seen;
                    }));
  });
  EXPECT_EQ(sum, 5050 + 10000);
  EXPECT_EQ(a_closed_seen, 1);  // disabled after its disconnection was seen once
  EXPECT_EQ(b_closed_seen, 1);
}

TEST(SelectLoop, AnEngagedOptionalStopsTheLoopAndIsItsResult) {
  auto [tx, rx] = ch::unbounded<int>();
  for (int i = 0; i < 10; ++i)
    (void)tx.send(i);
  int seen = 0;
  std::optional<int> found = ch::select_loop(ch::recv(rx, [&](std::optional<int> v) -> std::optional<int> {
    ++seen;
    if (v && *v == 6)
      return *v * 10;
    return std::nullopt;
  }));
  EXPECT_EQ(found, 60);
  EXPECT_EQ(seen, 7);
  EXPECT_EQ(rx.try_recv().value(), 7);  // the loop stopped right there
}

TEST(SelectLoop, BreakLoopStopsItAndHandlersMayMixResultKinds) {
  auto [tx, rx] = ch::unbounded<int>();
  fearless::cancellation_source stop;
  const fearless::cancellation_token token = stop.token();
  for (int i = 0; i < 5; ++i)
    (void)tx.send(i);
  int received = 0;
  auto result = ch::select_loop_biased(
      ch::recv(token.done(), [] { return ch::select_control::break_loop; }),
      ch::recv(rx, [&](std::optional<int>) -> std::optional<std::string> {
        if (++received == 3)
          stop.cancel();  // the next round sees the cancellation first
        return std::nullopt;
      }),
      ch::otherwise([] { return ch::select_control::continue_loop; }));
  static_assert(std::is_same_v<decltype(result), std::optional<std::string>>);
  EXPECT_FALSE(result.has_value());
  EXPECT_EQ(received, 3);
}

TEST(SelectLoop, TheTimeoutIsTheWholeLoops) {
  auto [tx, rx] = ch::unbounded<int>();
  int timeouts = 0;
  int messages = 0;
  std::thread sender([tx = tx] {
    for (int i = 0; i < 3; ++i) {
      (void)tx.send(i);
      std::this_thread::sleep_for(1ms);
    }
  });
  ch::select_loop(ch::recv(rx, [&] { ++messages; }), ch::timeout(50ms, [&] { ++timeouts; }));
  sender.join();
  EXPECT_EQ(timeouts, 1);
  EXPECT_EQ(messages, 3);
}

TEST(SelectLoop, ASendBranchSendsItsVariableEachRound) {
  auto [tx, rx] = ch::bounded<int>(16);
  int next = 0;
  ch::select_loop(ch::send(tx, next, [&](ch::send_result<int> sent) {
    EXPECT_TRUE(sent);
    next += 1;
    return next == 5 ? ch::select_control::break_loop : ch::select_control::continue_loop;
  }));
  std::vector<int> got;
  while (auto v = rx.try_recv())
    got.push_back(*v);
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(SelectLoop, EventsAreSentAnewEachRound) {
  auto [tx, rx] = ch::bounded<void>(8);
  int sent = 0;
  ch::select_loop(ch::send(tx, [&] {
    return ++sent == 3 ? ch::select_control::break_loop : ch::select_control::continue_loop;
  }));
  EXPECT_EQ(rx.len(), 3u);
}

TEST(SelectorReady, TryReadyLooksWithoutTaking) {
  auto [tx, rx] = ch::bounded<int>(1);
  auto [other_tx, other] = ch::unbounded<int>();
  ch::selector sel;
  const std::size_t first = sel.recv(rx);
  sel.recv(other);
  EXPECT_FALSE(sel.try_ready().has_value());
  (void)tx.send(7);
  EXPECT_EQ(sel.try_ready(), first);
  EXPECT_EQ(rx.try_recv().value(), 7);  // still there: ready() reserved nothing
  // A full bounded channel is not ready to send; an emptied one is.
  ch::selector sends;
  const std::size_t send_index = sends.send(tx);
  (void)tx.send(1);
  EXPECT_FALSE(sends.try_ready().has_value());
  (void)rx.try_recv();
  EXPECT_EQ(sends.try_ready(), send_index);
  (void)other_tx;
}

TEST(SelectorReady, ReadyWaitsForAMessageOrADisconnection) {
  auto [tx, rx] = ch::unbounded<int>();
  ch::selector sel;
  const std::size_t index = sel.recv(rx);
  std::thread sender([tx = tx] {
    std::this_thread::sleep_for(5ms);
    (void)tx.send(1);
  });
  EXPECT_EQ(sel.ready(), index);
  EXPECT_EQ(rx.try_recv().value(), 1);
  sender.join();
  EXPECT_FALSE(sel.ready_timeout(2ms).has_value());
  tx.reset();  // the last sender: recv now fails at once, so it is ready
  EXPECT_EQ(sel.ready(), index);
}

TEST(SelectorReady, ARendezvousIsReadyWhenAPeerWaits) {
  auto [tx, rx] = ch::bounded<int>(0);
  ch::selector sel;
  const std::size_t index = sel.recv(rx);
  EXPECT_FALSE(sel.try_ready().has_value());
  std::thread sender([tx = tx] { (void)tx.send(42); });
  EXPECT_EQ(sel.ready(), index);
  EXPECT_EQ(rx.recv(), 42);
  sender.join();
}

TEST(SelectorReady, AWatcherDoesNotTakeAWakeUpFromABlockedReceiver) {
  auto [tx, rx] = ch::unbounded<int>();
  ch::selector sel;
  sel.recv(rx);
  std::optional<int> got;
  std::thread receiver([&got, rx = rx] { got = rx.recv(); });
  std::thread watcher([&sel] { (void)sel.ready_timeout(1s); });
  std::this_thread::sleep_for(5ms);  // both are waiting now, most likely
  (void)tx.send(5);
  receiver.join();
  watcher.join();
  EXPECT_EQ(got, 5);
}

TEST(SelectorReady, TimersAreReadyWhenDue) {
  ch::receiver<ch::instant> timer = ch::after(3ms);
  ch::selector sel;
  const std::size_t index = sel.recv(timer);
  EXPECT_FALSE(sel.try_ready().has_value());
  EXPECT_EQ(sel.ready(), index);
  EXPECT_TRUE(timer.try_recv().has_value());
}

}  // namespace
