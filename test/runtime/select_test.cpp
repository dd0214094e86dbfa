// fearless::channel::select and fearless::channel::selector: the variadic
// form (recv / send / timeout / deadline / otherwise branches, handlers with
// and without arguments, the return value, a send branch's message handed
// back on disconnect), the dynamic selector (recv / send / remove / select /
// try_select / select_timeout / select_deadline, misuse of the selected
// operation), rendezvous through select on either or both sides of zero
// channels, timers in selects, and fairness measured statistically.
#include "fearless/channel.hpp"
#include "fearless/scope.hpp"
#include "fearless/select.hpp"

#include <gtest/gtest.h>

#include "channel_test_support.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

namespace ch = fearless::channel;
using namespace std::chrono_literals;
using namespace fearless_test;

// --- the variadic select ------------------------------------------------------

TEST(Select, RecvBranchGetsTheReadyMessageAndSelectReturnsItsHandlersResult) {
  auto [tx_a, rx_a] = ch::bounded<int>(4);
  auto [tx_b, rx_b] = ch::bounded<int>(4);
  ASSERT_TRUE(tx_b.send(5));
  const std::string chosen =
      ch::select(ch::recv(rx_a, [](std::optional<int> m) { return "a" + std::to_string(*m); }),
                 ch::recv(rx_b, [](std::optional<int> m) { return "b" + std::to_string(*m); }));
  EXPECT_EQ(chosen, "b5");
  EXPECT_TRUE(rx_b.is_empty());
}

TEST(Select, HandlersWithoutArgumentsStillCompleteTheOperation) {
  auto [tx, rx] = ch::bounded<int>(1);
  auto [out_tx, out_rx] = ch::bounded<int>(1);
  ASSERT_TRUE(tx.send(1));
  EXPECT_EQ(ch::select(ch::recv(rx, [] { return 10; })), 10);
  EXPECT_TRUE(rx.try_recv().is_empty()) << "the argument-less handler's message was not taken";
  EXPECT_EQ(ch::select(ch::send(out_tx, 2, [] { return 20; })), 20);
  EXPECT_EQ(out_rx.try_recv().into_optional(), std::optional<int>(2));
}

TEST(Select, VoidHandlersAndMixedHandlerKinds) {
  auto [tx, rx] = ch::unbounded<int>();
  auto [out_tx, out_rx] = ch::bounded<int>(0);  // never ready: nobody receives
  ASSERT_TRUE(tx.send(3));
  int seen = 0;
  ch::select(ch::recv(rx, [&](std::optional<int> m) { seen = *m; }),
             ch::send(out_tx, 4, [&] { seen = -1; }));
  EXPECT_EQ(seen, 3);
  static_assert(std::is_void_v<decltype(ch::select(ch::recv(rx, [] {}), ch::otherwise([] {})))>);
}

TEST(Select, SendBranchSendsAndItsHandlerGetsSuccess) {
  auto [tx, rx] = ch::bounded<std::string>(2);
  const bool sent = ch::select(
      ch::send(tx, "hi", [](ch::send_result<std::string> r) { return r.sent(); }));
  EXPECT_TRUE(sent);
  EXPECT_EQ(rx.recv(), std::optional<std::string>("hi"));
}

TEST(Select, SendBranchOnADisconnectedChannelHandsTheMessageBack) {
  auto [tx, rx] = ch::bounded<std::unique_ptr<int>>(4);
  drop(rx);
  auto box = std::make_unique<int>(17);
  int* const address = box.get();
  std::unique_ptr<int> back =
      ch::select(ch::send(tx, std::move(box), [](ch::send_result<std::unique_ptr<int>> r) {
        EXPECT_TRUE(r.is_disconnected());
        return std::move(r).message();
      }));
  EXPECT_EQ(back.get(), address);
}

TEST(Select, RecvBranchOnADisconnectedChannelGetsNoValue) {
  auto [tx, rx] = ch::bounded<int>(0);
  drop(tx);
  EXPECT_FALSE(ch::select(ch::recv(rx, [](std::optional<int> m) { return m.has_value(); })));
}

TEST(Select, TimeoutBranchRunsWhenNothingBecomesReady) {
  auto [tx, rx] = ch::bounded<int>(1);
  int result = 0;
  const auto took = time_of([&] {
    result = ch::select(ch::recv(rx, [](std::optional<int>) { return 1; }),
                        ch::timeout(50ms, [] { return 2; }));
  });
  EXPECT_EQ(result, 2);
  EXPECT_GE(took, 50ms);
  EXPECT_LT(took, prompt);
}

TEST(Select, DeadlineBranchRunsAtTheDeadline) {
  auto [tx, rx] = ch::bounded<int>(1);
  const ch::instant due = ch::clock::now() + 50ms;
  const int result = ch::select(ch::recv(rx, [](std::optional<int>) { return 1; }),
                                ch::deadline(due, [] { return 2; }));
  EXPECT_EQ(result, 2);
  EXPECT_GE(ch::clock::now(), due);
  EXPECT_LT(ch::clock::now(), due + prompt);
}

TEST(Select, TimeoutBranchNotRunWhenAnOperationIsReadyOrBecomesReady) {
  auto [tx, rx] = ch::bounded<int>(1);
  ASSERT_TRUE(tx.send(1));
  EXPECT_EQ(ch::select(ch::recv(rx, [](std::optional<int> m) { return *m; }),
                       ch::timeout(0ms, [] { return -1; })),
            1);
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] {
      std::this_thread::sleep_for(20ms);  // let the select block first
      EXPECT_TRUE(tx.send(2));
    });
    EXPECT_EQ(ch::select(ch::recv(rx, [](std::optional<int> m) { return *m; }),
                         ch::timeout(10s, [] { return -1; })),
              2);
  });
}

TEST(Select, OtherwiseRunsAtOnceOnlyWhenNothingIsReady) {
  auto [tx, rx] = ch::bounded<int>(1);
  std::string result;
  const auto took = time_of([&] {
    result = ch::select(ch::recv(rx, [](std::optional<int>) { return std::string("recv"); }),
                        ch::otherwise([] { return std::string("otherwise"); }));
  });
  EXPECT_EQ(result, "otherwise");
  EXPECT_LT(took, prompt);
  ASSERT_TRUE(tx.send(1));
  result = ch::select(ch::recv(rx, [](std::optional<int>) { return std::string("recv"); }),
                      ch::otherwise([] { return std::string("otherwise"); }));
  EXPECT_EQ(result, "recv");
  // A send branch with room is ready too.
  result = ch::select(ch::send(tx, 2, [] { return std::string("send"); }),
                      ch::otherwise([] { return std::string("otherwise"); }));
  EXPECT_EQ(result, "send");
}

TEST(Select, OnlyAFallbackBranch) {
  EXPECT_EQ(ch::select(ch::otherwise([] { return 7; })), 7);
  const auto took = time_of([] { EXPECT_EQ(ch::select(ch::timeout(30ms, [] { return 8; })), 8); });
  EXPECT_GE(took, 30ms);
  EXPECT_LT(took, prompt);
}

TEST(Select, ReturnsMoveOnlyResults) {
  auto [tx, rx] = ch::bounded<std::unique_ptr<int>>(1);
  ASSERT_TRUE(tx.send(std::make_unique<int>(4)));
  std::unique_ptr<int> got = ch::select(
      ch::recv(rx,
               [](std::optional<std::unique_ptr<int>>&& m) {
                 return m ? std::move(*m) : std::unique_ptr<int>();
               }),
      ch::otherwise([] { return std::unique_ptr<int>(); }));
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, 4);
}

TEST(Select, SendBranchOnAFullChannelWaitsForRoom) {
  auto [tx, rx] = ch::bounded<int>(1);
  ASSERT_TRUE(tx.send(0));
  std::atomic<bool> sent{false};
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] {
      ch::select(ch::send(tx, 1, [&](ch::send_result<int> r) { sent = r.sent(); }));
    });
    std::this_thread::sleep_for(30ms);  // time to block
    EXPECT_FALSE(sent.load()) << "a select sent into a full channel";
    EXPECT_EQ(rx.recv(), std::optional<int>(0));
    EXPECT_EQ(rx.recv(), std::optional<int>(1));
  });
  EXPECT_TRUE(sent.load());
}

TEST(Select, ASelectDoesNotPairWithItself) {
  auto [tx, rx] = ch::bounded<int>(0);
  EXPECT_EQ(ch::select(ch::send(tx, 1, [] { return 1; }),
                       ch::recv(rx, [](std::optional<int>) { return 2; }),
                       ch::otherwise([] { return 3; })),
            3);
  EXPECT_EQ(ch::select(ch::send(tx, 1, [] { return 1; }),
                       ch::recv(rx, [](std::optional<int>) { return 2; }),
                       ch::timeout(30ms, [] { return 3; })),
            3);
}

TEST(Select, AMovedFromHandleInABranchThrowsLogicError) {
  auto [tx, rx] = ch::bounded<int>(1);
  ch::receiver<int> rx_owner = std::move(rx);
  ch::sender<int> tx_owner = std::move(tx);
  // Using the moved-from handles is the misuse under test.
  // NOLINTBEGIN(bugprone-use-after-move)
  EXPECT_THROW(ch::select(ch::recv(rx, [] {}), ch::otherwise([] {})), std::logic_error);
  EXPECT_THROW(ch::select(ch::send(tx, 1, [] {}), ch::otherwise([] {})), std::logic_error);
  ch::selector sel;
  EXPECT_THROW((void)sel.recv(rx), std::logic_error);
  EXPECT_THROW((void)sel.send(tx), std::logic_error);
  // NOLINTEND(bugprone-use-after-move)
  EXPECT_EQ(sel.size(), 0u);
  // Nothing was reserved: the channel works as before.
  EXPECT_TRUE(tx_owner.try_send(2));
  EXPECT_EQ(rx_owner.try_recv().into_optional(), std::optional<int>(2));
}

class SelectEveryFlavor : public ::testing::TestWithParam<kind> {};

TEST_P(SelectEveryFlavor, BlockedSelectWakesForAMessageOnAnyBranch) {
  auto [tx_a, rx_a] = make_channel<int>(GetParam());
  auto [tx_b, rx_b] = make_channel<int>(GetParam());
  for (int round = 0; round < 20; ++round) {
    ch::sender<int>& target = round % 2 ? tx_b : tx_a;
    fearless::scope([&](fearless::scope_handle& s) {
      s.spawn([&] {
        if (round < 2)
          std::this_thread::sleep_for(20ms);  // the first rounds surely block
        EXPECT_TRUE(target.send(round));
      });
      const int got =
          ch::select(ch::recv(rx_a, [](std::optional<int> m) { return m ? *m : -1; }),
                     ch::recv(rx_b, [](std::optional<int> m) { return m ? 1000 + *m : -2; }),
                     ch::timeout(10s, [] { return -3; }));
      EXPECT_EQ(got, round % 2 ? 1000 + round : round);
    });
  }
}

TEST_P(SelectEveryFlavor, BlockedSelectSendCompletesWhenAReceiverComes) {
  auto [tx, rx] = make_channel<int>(GetParam());
  // Fill the channel, so that the select must wait (unbounded: never).
  int queued = 0;
  while (GetParam() != kind::unbounded && tx.try_send(100 + queued))
    ++queued;
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] {
      std::this_thread::sleep_for(20ms);  // let the select block first
      for (int i = 0; i < queued; ++i)
        EXPECT_EQ(rx.recv(), std::optional<int>(100 + i));
      EXPECT_EQ(rx.recv(), std::optional<int>(1));
    });
    EXPECT_TRUE(ch::select(ch::send(tx, 1, [](ch::send_result<int> r) { return r.sent(); }),
                           ch::timeout(10s, [] { return false; })));
  });
}

INSTANTIATE_TEST_SUITE_P(Flavors, SelectEveryFlavor,
                         ::testing::Values(kind::zero, kind::bounded1, kind::bounded8,
                                           kind::unbounded),
                         kind_name);

// --- rendezvous through select ---------------------------------------------------

TEST(SelectZero, SelectSendPairsWithABlockedRecv) {
  auto [tx, rx] = ch::bounded<int>(0);
  fearless::scope([&](fearless::scope_handle& s) {
    auto receiver_thread = s.spawn([&] { return rx.recv(); });
    std::this_thread::sleep_for(30ms);  // time to block in recv
    EXPECT_TRUE(ch::select(ch::send(tx, 7, [](ch::send_result<int> r) { return r.sent(); }),
                           ch::timeout(10s, [] { return false; })));
    EXPECT_EQ(receiver_thread.join(), std::optional<int>(7));
  });
}

TEST(SelectZero, SelectRecvPairsWithABlockedSend) {
  auto [tx, rx] = ch::bounded<int>(0);
  std::atomic<bool> send_returned{false};
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] {
      EXPECT_TRUE(tx.send(8));
      send_returned = true;
    });
    std::this_thread::sleep_for(30ms);  // time to block in send
    EXPECT_FALSE(send_returned.load());
    EXPECT_EQ(ch::select(ch::recv(rx, [](std::optional<int> m) { return m.value_or(-1); }),
                         ch::timeout(10s, [] { return -2; })),
              8);
  });
  EXPECT_TRUE(send_returned.load());
}

TEST(SelectZero, TrySelectSendFindsABlockedReceiverAndOtherwiseDoesNot) {
  auto [tx, rx] = ch::bounded<int>(0);
  EXPECT_EQ(ch::select(ch::send(tx, 1, [] { return 1; }), ch::otherwise([] { return 0; })), 0)
      << "no receiver waits: a rendezvous send cannot complete";
  fearless::scope([&](fearless::scope_handle& s) {
    auto receiver_thread = s.spawn([&] { return rx.recv(); });
    int attempts = 0;
    while (ch::select(ch::send(tx, 2, [] { return 1; }), ch::otherwise([] { return 0; })) == 0) {
      ASSERT_LT(++attempts, 10000) << "the blocked receiver was never found";
      std::this_thread::sleep_for(1ms);
    }
    EXPECT_EQ(receiver_thread.join(), std::optional<int>(2));
  });
}

TEST(SelectZero, BlockedSelectRecvPairsWithALaterPlainSend) {
  auto [tx, rx] = ch::bounded<int>(0);
  fearless::scope([&](fearless::scope_handle& s) {
    auto selecting = s.spawn([&] {
      return ch::select(ch::recv(rx, [](std::optional<int> m) { return m.value_or(-1); }));
    });
    std::this_thread::sleep_for(30ms);  // time to block in select
    EXPECT_TRUE(tx.send(9));
    EXPECT_EQ(selecting.join(), 9);
  });
}

TEST(SelectZero, BlockedSelectSendPairsWithALaterPlainRecv) {
  auto [tx, rx] = ch::bounded<int>(0);
  std::atomic<bool> select_returned{false};
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] {
      EXPECT_TRUE(ch::select(ch::send(tx, 10, [](ch::send_result<int> r) { return r.sent(); })));
      select_returned = true;
    });
    std::this_thread::sleep_for(30ms);  // time to block in select
    EXPECT_FALSE(select_returned.load()) << "a rendezvous select send completed alone";
    EXPECT_EQ(rx.recv(), std::optional<int>(10));
  });
  EXPECT_TRUE(select_returned.load());
}

// A select send on a zero channel completes only once a receiver came: each
// must see the receiver's "about to receive i" mark.
TEST(SelectZero, SelectSendDoesNotCompleteBeforeAReceiverTookTheMessage) {
  auto [tx, rx] = ch::bounded<int>(0);
  auto [other_tx, other_rx] = ch::bounded<int>(0);  // never ready
  constexpr int count = 300;
  std::atomic<int> receiving{-1};
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] {
      for (int i = 0; i < count; ++i) {
        if (i % 50 == 0)
          std::this_thread::sleep_for(2ms);
        receiving.store(i);
        EXPECT_EQ(rx.recv(), std::optional<int>(i));
      }
    });
    for (int i = 0; i < count; ++i) {
      const int branch = ch::select(ch::send(tx, i, [] { return 0; }),
                                    ch::send(other_tx, -1, [] { return 1; }));
      ASSERT_EQ(branch, 0);
      ASSERT_GE(receiving.load(), i) << "select send " << i << " completed without a receiver";
    }
  });
}

TEST(SelectZero, SelectsOnBothSidesOfZeroChannels) {
  // Senders select over two zero channels, receivers select over both:
  // every message must go through, each once, in order per channel.
  auto [tx_a, rx_a] = ch::bounded<int>(0);
  auto [tx_b, rx_b] = ch::bounded<int>(0);
  constexpr int count = 2000;
  std::vector<int> seen(count, 0);
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&, a = std::move(tx_a), b = std::move(tx_b)]() mutable {
      for (int i = 0; i < count; ++i) {
        const bool sent = ch::select(
            ch::send(a, i, [](ch::send_result<int> r) { return r.sent(); }),
            ch::send(b, i, [](ch::send_result<int> r) { return r.sent(); }));
        ASSERT_TRUE(sent);
      }
    });  // drops both senders
    std::array<int, 2> last{-1, -1};
    std::array<bool, 2> open{true, true};
    const ch::receiver<int> nothing = ch::never<int>();
    int received = 0;
    while (open[0] || open[1]) {
      ch::select(ch::recv(open[0] ? rx_a : nothing,
                          [&](std::optional<int> m) {
                            if (!m) {
                              open[0] = false;
                              return;
                            }
                            EXPECT_GT(*m, last[0]);
                            last[0] = *m;
                            ++seen[static_cast<std::size_t>(*m)];
                            ++received;
                          }),
                 ch::recv(open[1] ? rx_b : nothing, [&](std::optional<int> m) {
                   if (!m) {
                     open[1] = false;
                     return;
                   }
                   EXPECT_GT(*m, last[1]);
                   last[1] = *m;
                   ++seen[static_cast<std::size_t>(*m)];
                   ++received;
                 }));
    }
    EXPECT_EQ(received, count);
  });
  for (int i = 0; i < count; ++i)
    ASSERT_EQ(seen[static_cast<std::size_t>(i)], 1) << "message " << i;
}

TEST(SelectZero, ThreadsSelectingBothSendAndRecvOnOneZeroChannelPairUp) {
  // Each thread offers to send and to receive on the same rendezvous
  // channel at once; a select never pairs with itself, so every completed
  // send is another thread's completed receive.
  auto [tx, rx] = ch::bounded<long>(0);
  constexpr int threads = 3;
  constexpr long target = 3000;
  std::atomic<long> pairs{0};
  std::array<long, threads> sent{};
  std::array<long, threads> received{};
  std::array<long, threads> sent_sum{};
  std::array<long, threads> received_sum{};
  fearless::scope([&](fearless::scope_handle& s) {
    for (int id = 0; id < threads; ++id)
      s.spawn([&, id] {
        const auto me = static_cast<std::size_t>(id);
        long next = id * 1'000'000L;
        while (pairs.load() < target)
          ch::select(ch::send(tx, next,
                              [&](ch::send_result<long> r) {
                                ASSERT_TRUE(r);
                                ++sent[me];
                                sent_sum[me] += next++;
                                ++pairs;
                              }),
                     ch::recv(rx,
                              [&](std::optional<long> m) {
                                ASSERT_TRUE(m);
                                EXPECT_NE(*m / 1'000'000L, id) << "received its own message";
                                ++received[me];
                                received_sum[me] += *m;
                              }),
                     ch::timeout(50ms, [] {}));  // the others may have stopped
      });
  });
  long total_sent = 0;
  long total_received = 0;
  long total_sent_sum = 0;
  long total_received_sum = 0;
  for (std::size_t i = 0; i < threads; ++i) {
    total_sent += sent[i];
    total_received += received[i];
    total_sent_sum += sent_sum[i];
    total_received_sum += received_sum[i];
  }
  EXPECT_GE(total_sent, target);
  EXPECT_EQ(total_sent, total_received);
  EXPECT_EQ(total_sent_sum, total_received_sum);
}

// --- timers in select -------------------------------------------------------------

TEST(SelectTimers, AfterFiresBeforeALongerTimeout) {
  const ch::instant start = ch::clock::now();
  ch::receiver<ch::instant> timer = ch::after(40ms);
  const int result =
      ch::select(ch::recv(timer, [&](std::optional<ch::instant> t) { return t ? 1 : -1; }),
                 ch::timeout(10s, [] { return 2; }));
  EXPECT_EQ(result, 1);
  EXPECT_GE(ch::clock::now() - start, 40ms);
  EXPECT_LT(ch::clock::now() - start, prompt);
}

TEST(SelectTimers, ATimeoutShorterThanTheTimerWins) {
  ch::receiver<ch::instant> timer = ch::after(1h);
  EXPECT_EQ(ch::select(ch::recv(timer, [] { return 1; }), ch::timeout(30ms, [] { return 2; })),
            2);
  EXPECT_EQ(ch::select(ch::recv(timer, [] { return 1; }), ch::otherwise([] { return 3; })), 3);
}

TEST(SelectTimers, NeverIsNeverChosen) {
  ch::receiver<int> nothing = ch::never<int>();
  auto [tx, rx] = ch::bounded<int>(1);
  EXPECT_EQ(ch::select(ch::recv(nothing, [] { return 1; }), ch::timeout(30ms, [] { return 2; })),
            2);
  ASSERT_TRUE(tx.send(5));
  EXPECT_EQ(ch::select(ch::recv(nothing, [] { return 1; }),
                       ch::recv(rx, [](std::optional<int> m) { return *m; })),
            5);
}

TEST(SelectTimers, TickInASelectLoop) {
  ch::receiver<ch::instant> ticker = ch::tick(20ms);
  ch::receiver<ch::instant> stop = ch::after(200ms);
  int ticks = 0;
  bool stopped = false;
  while (!stopped)
    ch::select(ch::recv(ticker, [&] { ++ticks; }), ch::recv(stop, [&] { stopped = true; }));
  // At most ten ticks fit in 200 ms (one more if the loop is preempted just
  // when both are due); a loaded machine may see fewer, and a tick never
  // bursts to make up for missed ones.
  EXPECT_GE(ticks, 1);
  EXPECT_LE(ticks, 11);
}

TEST(SelectTimers, AtInASelectorWithAChannel) {
  auto [tx, rx] = ch::bounded<int>(1);
  const ch::instant when = ch::clock::now() + 30ms;
  ch::receiver<ch::instant> timer = ch::at(when);
  ch::selector sel;
  const std::size_t rx_index = sel.recv(rx);
  const std::size_t timer_index = sel.recv(timer);
  std::optional<ch::selected_operation> op = sel.select_timeout(10s);
  ASSERT_TRUE(op);
  ASSERT_EQ(op->index(), timer_index);
  EXPECT_NE(rx_index, timer_index);
  EXPECT_EQ(op->recv(timer), std::optional<ch::instant>(when));
  EXPECT_GE(ch::clock::now(), when);
}

// --- fairness ------------------------------------------------------------------------
//
// With n selects over two always-ready operations, the count of one is
// Binomial(n, 1/2): mean n/2, standard deviation sqrt(n)/2 (50 for n =
// 10000). The bounds 45%..55% are 10 standard deviations away: a fair select
// fails them with probability below 1e-20; a select that always prefers the
// first ready branch fails them every time.

constexpr int fairness_rounds = 10000;

TEST(SelectFairness, TwoAlwaysReadyReceiversAreChosenEvenly) {
  auto [tx_a, rx_a] = ch::unbounded<int>();
  auto [tx_b, rx_b] = ch::unbounded<int>();
  for (int i = 0; i < fairness_rounds; ++i) {
    ASSERT_TRUE(tx_a.send(i));
    ASSERT_TRUE(tx_b.send(i));
  }
  int a = 0;
  for (int i = 0; i < fairness_rounds; ++i)
    a += ch::select(ch::recv(rx_a, [] { return 1; }), ch::recv(rx_b, [] { return 0; }));
  EXPECT_GE(a, fairness_rounds * 45 / 100);
  EXPECT_LE(a, fairness_rounds * 55 / 100);
}

TEST(SelectFairness, TwoAlwaysReadyBoundedReceiversRefilledAreChosenEvenly) {
  auto [tx_a, rx_a] = ch::bounded<int>(1);
  auto [tx_b, rx_b] = ch::bounded<int>(1);
  ASSERT_TRUE(tx_a.send(0));
  ASSERT_TRUE(tx_b.send(0));
  int a = 0;
  for (int i = 0; i < fairness_rounds; ++i) {
    const bool chose_a =
        ch::select(ch::recv(rx_a, [] { return true; }), ch::recv(rx_b, [] { return false; }));
    a += chose_a ? 1 : 0;
    ASSERT_TRUE((chose_a ? tx_a : tx_b).try_send(i));  // ready again
  }
  EXPECT_GE(a, fairness_rounds * 45 / 100);
  EXPECT_LE(a, fairness_rounds * 55 / 100);
}

TEST(SelectFairness, TwoAlwaysReadySendsAreChosenEvenly) {
  auto [tx_a, rx_a] = ch::bounded<int>(fairness_rounds);
  auto [tx_b, rx_b] = ch::unbounded<int>();
  int a = 0;
  for (int i = 0; i < fairness_rounds; ++i)
    a += ch::select(ch::send(tx_a, i, [] { return 1; }), ch::send(tx_b, i, [] { return 0; }));
  EXPECT_GE(a, fairness_rounds * 45 / 100);
  EXPECT_LE(a, fairness_rounds * 55 / 100);
  EXPECT_EQ(rx_a.len() + rx_b.len(), static_cast<std::size_t>(fairness_rounds));
}

TEST(SelectFairness, AReadySendAndAReadyRecvAreChosenEvenly) {
  auto [tx_in, rx_in] = ch::unbounded<int>();
  auto [tx_out, rx_out] = ch::unbounded<int>();
  for (int i = 0; i < fairness_rounds; ++i)
    ASSERT_TRUE(tx_in.send(i));
  int received = 0;
  for (int i = 0; i < fairness_rounds; ++i)
    received += ch::select(ch::recv(rx_in, [] { return 1; }),
                           ch::send(tx_out, i, [] { return 0; }));
  EXPECT_GE(received, fairness_rounds * 45 / 100);
  EXPECT_LE(received, fairness_rounds * 55 / 100);
}

TEST(SelectFairness, ThreeAlwaysReadyReceiversAreChosenEvenly) {
  // Each count is Binomial(10000, 1/3): sd 47; 2860..3810 is 10 sd each way.
  std::vector<ch::sender<int>> txs;
  std::vector<ch::receiver<int>> rxs;
  for (int i = 0; i < 3; ++i) {
    auto [tx, rx] = ch::unbounded<int>();
    txs.push_back(std::move(tx));
    rxs.push_back(std::move(rx));
  }
  for (int i = 0; i < fairness_rounds; ++i)
    for (auto& tx : txs)
      ASSERT_TRUE(tx.send(i));
  std::array<int, 3> chosen{};
  for (int i = 0; i < fairness_rounds; ++i)
    ++chosen[static_cast<std::size_t>(ch::select(ch::recv(rxs[0], [] { return 0; }),
                                                 ch::recv(rxs[1], [] { return 1; }),
                                                 ch::recv(rxs[2], [] { return 2; })))];
  for (int c : chosen) {
    EXPECT_GE(c, 2860);
    EXPECT_LE(c, 3810);
  }
}

TEST(SelectFairness, SelectorChoosesTwoAlwaysReadyReceiversEvenly) {
  auto [tx_a, rx_a] = ch::unbounded<int>();
  auto [tx_b, rx_b] = ch::unbounded<int>();
  for (int i = 0; i < fairness_rounds; ++i) {
    ASSERT_TRUE(tx_a.send(i));
    ASSERT_TRUE(tx_b.send(i));
  }
  ch::selector sel;
  const std::size_t a_index = sel.recv(rx_a);
  const std::size_t b_index = sel.recv(rx_b);
  int a = 0;
  for (int i = 0; i < fairness_rounds; ++i) {
    // NOLINTNEXTLINE(fearless-typestate): an ASSERT that fails returns with the operation pending
    ch::selected_operation op = sel.select();
    if (op.index() == a_index) {
      ++a;
      ASSERT_TRUE(op.recv(rx_a));
    } else {
      ASSERT_EQ(op.index(), b_index);
      ASSERT_TRUE(op.recv(rx_b));
    }
  }
  EXPECT_GE(a, fairness_rounds * 45 / 100);
  EXPECT_LE(a, fairness_rounds * 55 / 100);
}

// --- the dynamic selector ---------------------------------------------------------------

TEST(Selector, IndicesCountFromZeroAndSelectCompletesTheChosenOperation) {
  auto [tx_a, rx_a] = ch::bounded<int>(1);
  auto [tx_b, rx_b] = ch::bounded<int>(1);
  ch::selector sel;
  EXPECT_EQ(sel.size(), 0u);
  EXPECT_EQ(sel.recv(rx_a), 0u);
  EXPECT_EQ(sel.send(tx_b), 1u);
  EXPECT_EQ(sel.size(), 2u);

  // Only the send has room (rx_a is empty).
  // NOLINTNEXTLINE(fearless-typestate): an ASSERT that fails returns with the operation pending
  ch::selected_operation op = sel.select();
  ASSERT_EQ(op.index(), 1u);
  EXPECT_TRUE(op.send(tx_b, 42));
  EXPECT_EQ(rx_b.recv(), std::optional<int>(42));

  // Now make only the receive ready: fill b so the send is not ready.
  ASSERT_TRUE(tx_b.send(0));
  ASSERT_TRUE(tx_a.send(5));
  // NOLINTNEXTLINE(fearless-typestate): an ASSERT that fails returns with the operation pending
  ch::selected_operation op2 = sel.select();
  ASSERT_EQ(op2.index(), 0u);
  EXPECT_EQ(op2.recv(rx_a), std::optional<int>(5));
}

TEST(Selector, TrySelectOnlyReturnsWhatIsReady) {
  auto [tx, rx] = ch::bounded<int>(1);
  ch::selector sel;
  (void)sel.recv(rx);
  EXPECT_FALSE(sel.try_select().has_value());
  ASSERT_TRUE(tx.send(1));
  std::optional<ch::selected_operation> op = sel.try_select();
  ASSERT_TRUE(op);
  EXPECT_EQ(op->recv(rx), std::optional<int>(1));
}

TEST(Selector, SelectTimeoutAndDeadlineGiveUp) {
  auto [tx, rx] = ch::bounded<int>(1);
  ch::selector sel;
  (void)sel.recv(rx);
  {
    const ch::instant start = ch::clock::now();
    std::optional<ch::selected_operation> op = sel.select_timeout(50ms);
    const auto took = ch::clock::now() - start;
    ASSERT_FALSE(op.has_value());
    EXPECT_GE(took, 50ms);
    EXPECT_LT(took, prompt);
  }
  {
    const ch::instant start = ch::clock::now();
    std::optional<ch::selected_operation> op = sel.select_deadline(start + 50ms);
    const auto took = ch::clock::now() - start;
    ASSERT_FALSE(op.has_value());
    EXPECT_GE(took, 50ms);
    EXPECT_LT(took, prompt);
  }

  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] {
      std::this_thread::sleep_for(20ms);  // let the selector block first
      EXPECT_TRUE(tx.send(3));
    });
    std::optional<ch::selected_operation> got = sel.select_timeout(10s);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->recv(rx), std::optional<int>(3));
  });
}

TEST(Selector, WithNoOperationsOnlyTimesOut) {
  ch::selector sel;
  EXPECT_FALSE(sel.try_select().has_value());
  const ch::instant start = ch::clock::now();
  std::optional<ch::selected_operation> op = sel.select_timeout(30ms);
  const auto took = ch::clock::now() - start;
  EXPECT_FALSE(op.has_value());
  EXPECT_GE(took, 30ms);
  EXPECT_LT(took, prompt);
}

TEST(Selector, RemovedOperationsAreNeverChosenAndOthersKeepTheirIndex) {
  auto [tx_a, rx_a] = ch::unbounded<int>();
  auto [tx_b, rx_b] = ch::unbounded<int>();
  auto [tx_c, rx_c] = ch::unbounded<int>();
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(tx_a.send(i));
    ASSERT_TRUE(tx_b.send(i));
    ASSERT_TRUE(tx_c.send(i));
  }
  ch::selector sel;
  const std::size_t a = sel.recv(rx_a);
  const std::size_t b = sel.recv(rx_b);
  const std::size_t c = sel.recv(rx_c);
  sel.remove(b);
  EXPECT_EQ(sel.size(), 2u);
  EXPECT_THROW(sel.remove(b), std::out_of_range);
  EXPECT_THROW(sel.remove(99), std::out_of_range);
  for (int i = 0; i < 100; ++i) {
    // NOLINTNEXTLINE(fearless-typestate): an ASSERT that fails returns with the operation pending
    ch::selected_operation op = sel.select();
    ASSERT_NE(op.index(), b);
    ASSERT_TRUE(op.index() == a || op.index() == c);
    ASSERT_TRUE(op.recv(op.index() == a ? rx_a : rx_c));
  }
  EXPECT_EQ(rx_b.len(), 100u);
  // A new operation gets a new index, not the removed one.
  const std::size_t b_again = sel.recv(rx_b);
  EXPECT_EQ(b_again, 3u);
}

TEST(Selector, AVectorOfManyReceivers) {
  // More operations than the selector keeps inline (it spills to the heap).
  constexpr std::size_t count = 20;
  std::vector<ch::sender<int>> txs;
  std::vector<ch::receiver<int>> rxs;
  for (std::size_t i = 0; i < count; ++i) {
    auto [tx, rx] = ch::bounded<int>(1);
    txs.push_back(std::move(tx));
    rxs.push_back(std::move(rx));
  }
  ch::selector sel;
  for (const auto& rx : rxs)
    (void)sel.recv(rx);  // index i for rxs[i]
  EXPECT_EQ(sel.size(), count);

  // Each receiver in turn holds the only message: select finds exactly it.
  for (std::size_t i = 0; i < count; ++i) {
    ASSERT_TRUE(txs[i].send(static_cast<int>(i)));
    // NOLINTNEXTLINE(fearless-typestate): an ASSERT that fails returns with the operation pending
    ch::selected_operation op = sel.select();
    ASSERT_EQ(op.index(), i);
    EXPECT_EQ(op.recv(rxs[op.index()]), std::optional<int>(static_cast<int>(i)));
  }

  // Remove the even ones: a message there is never selected.
  for (std::size_t i = 0; i < count; i += 2)
    sel.remove(i);
  EXPECT_EQ(sel.size(), count / 2);
  for (std::size_t i = 0; i < count; ++i)
    ASSERT_TRUE(txs[i].send(static_cast<int>(i)));
  for (std::size_t n = 0; n < count / 2; ++n) {
    // NOLINTNEXTLINE(fearless-typestate): an ASSERT that fails returns with the operation pending
    ch::selected_operation op = sel.select();
    ASSERT_EQ(op.index() % 2, 1u);
    EXPECT_EQ(op.recv(rxs[op.index()]), std::optional<int>(static_cast<int>(op.index())));
  }
  EXPECT_FALSE(sel.try_select().has_value());
  for (std::size_t i = 0; i < count; i += 2)
    EXPECT_EQ(rxs[i].len(), 1u);

  // Remove everything, then add again.
  for (std::size_t i = 1; i < count; i += 2)
    sel.remove(i);
  EXPECT_EQ(sel.size(), 0u);
  EXPECT_FALSE(sel.try_select().has_value());
  const std::size_t again = sel.recv(rxs[0]);
  std::optional<ch::selected_operation> op = sel.try_select();
  ASSERT_TRUE(op);
  EXPECT_EQ(op->index(), again);
  EXPECT_EQ(op->recv(rxs[0]), std::optional<int>(0));
}

TEST(Selector, ManyReceiversFedByThreads) {
  constexpr std::size_t count = 12;
  constexpr int per_channel = 200;
  std::vector<ch::sender<int>> txs;
  std::vector<ch::receiver<int>> rxs;
  for (std::size_t i = 0; i < count; ++i) {
    auto [tx, rx] = ch::bounded<int>(i % 3 == 0 ? 0 : 2);
    txs.push_back(std::move(tx));
    rxs.push_back(std::move(rx));
  }
  fearless::scope([&](fearless::scope_handle& s) {
    for (std::size_t i = 0; i < count; ++i)
      s.spawn([i, tx = std::move(txs[i])]() mutable {
        for (int k = 0; k < per_channel; ++k)
          ASSERT_TRUE(tx.send(static_cast<int>(i) * per_channel + k));
      });
    ch::selector sel;
    for (const auto& rx : rxs)
      (void)sel.recv(rx);
    std::vector<int> next(count, 0);
    std::size_t open = count;
    while (open > 0) {
      ch::selected_operation op = sel.select();
      const std::size_t i = op.index();
      std::optional<int> m = op.recv(rxs[i]);
      if (!m) {
        sel.remove(i);
        --open;
        continue;
      }
      ASSERT_EQ(*m, static_cast<int>(i) * per_channel + next[i]) << "channel " << i;
      ++next[i];
    }
    for (std::size_t i = 0; i < count; ++i)
      EXPECT_EQ(next[i], per_channel);
  });
}

TEST(Selector, SelectedOperationOnTheWrongHandleThrowsLogicError) {
  auto [tx_a, rx_a] = ch::bounded<int>(1);
  auto [tx_b, rx_b] = ch::bounded<int>(1);
  ASSERT_TRUE(tx_a.send(1));
  ch::selector sel;
  (void)sel.recv(rx_a);
  (void)sel.recv(rx_b);
  // NOLINTNEXTLINE(fearless-typestate): an ASSERT that fails returns with the operation pending
  ch::selected_operation op = sel.select();
  ASSERT_EQ(op.index(), 0u);
  EXPECT_THROW((void)op.recv(rx_b), std::logic_error);        // another receiver
  // NOLINTNEXTLINE(fearless-typestate): the misuse under test
  EXPECT_THROW((void)op.send(tx_a, 2), std::logic_error);     // the right channel, wrong side
  // NOLINTNEXTLINE(fearless-typestate): the misuse under test
  EXPECT_EQ(op.recv(rx_a), std::optional<int>(1));            // still completes
  // NOLINTNEXTLINE(fearless-typestate): the misuse under test
  EXPECT_THROW((void)op.recv(rx_a), std::logic_error);        // but only once
  EXPECT_TRUE(rx_a.is_empty());
}

TEST(Selector, SelectedSendOnTheWrongSenderThrowsLogicError) {
  auto [tx_a, rx_a] = ch::bounded<int>(1);
  auto [tx_b, rx_b] = ch::bounded<int>(1);
  ASSERT_TRUE(tx_b.send(0));  // b full: only a can be chosen
  ch::selector sel;
  (void)sel.send(tx_a);
  (void)sel.send(tx_b);
  // NOLINTNEXTLINE(fearless-typestate): an ASSERT that fails returns with the operation pending
  ch::selected_operation op = sel.select();
  ASSERT_EQ(op.index(), 0u);
  EXPECT_THROW((void)op.send(tx_b, 1), std::logic_error);
  // NOLINTNEXTLINE(fearless-typestate): the misuse under test
  EXPECT_THROW((void)op.recv(rx_a), std::logic_error);
  // NOLINTNEXTLINE(fearless-typestate): the misuse under test
  EXPECT_TRUE(op.send(tx_a, 2));
  EXPECT_EQ(rx_a.recv(), std::optional<int>(2));
  EXPECT_EQ(rx_b.len(), 1u);
}

TEST(Selector, SelectedOperationCanBeMovedAndCompletedByItsNewOwner) {
  auto [tx, rx] = ch::bounded<int>(1);
  ASSERT_TRUE(tx.send(6));
  ch::selector sel;
  (void)sel.recv(rx);
  std::optional<ch::selected_operation> op = sel.try_select();
  ASSERT_TRUE(op);
  ch::selected_operation owner = std::move(*op);
  op.reset();  // the moved-from one owes nothing
  EXPECT_EQ(owner.recv(rx), std::optional<int>(6));
}

void drop_a_selected_operation_uncompleted() {
  auto [tx, rx] = ch::bounded<int>(1);
  (void)tx.send(1);
  ch::selector sel;
  (void)sel.recv(rx);
  std::optional<ch::selected_operation> op = sel.try_select();
  op.reset();  // the misuse under test: never completed
}

void overwrite_a_selected_operation_uncompleted() {
  auto [tx, rx] = ch::bounded<int>(2);
  (void)tx.send(1);
  (void)tx.send(2);
  ch::selector sel;
  (void)sel.recv(rx);
  std::optional<ch::selected_operation> op = sel.try_select();
  op = sel.try_select();  // the misuse under test: the first was never completed
}

TEST(SelectorDeathTest, DroppingASelectedOperationUncompletedAborts) {
  // "threadsafe": the child re-runs the binary instead of forking a process
  // that may have had threads (and sanitizer threads).
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(drop_a_selected_operation_uncompleted(), "destroyed without completing");
  EXPECT_DEATH(overwrite_a_selected_operation_uncompleted(), "overwritten before that");
}

TEST(Selector, SelectorOverZeroChannelsPairsWithBlockedPeers) {
  auto [tx_a, rx_a] = ch::bounded<int>(0);
  auto [tx_b, rx_b] = ch::bounded<int>(0);
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] { EXPECT_TRUE(tx_b.send(11)); });   // blocks until received
    auto receiver_thread = s.spawn([&] { return rx_a.recv(); });  // blocks until sent
    ch::selector sel;
    const std::size_t recv_b = sel.recv(rx_b);
    const std::size_t send_a = sel.send(tx_a);
    bool received = false;
    bool sent = false;
    while (!received || !sent) {
      std::optional<ch::selected_operation> op = sel.select_timeout(10s);
      ASSERT_TRUE(op);
      if (op->index() == recv_b) {
        EXPECT_EQ(op->recv(rx_b), std::optional<int>(11));
        received = true;
        sel.remove(recv_b);
      } else {
        ASSERT_EQ(op->index(), send_a);
        EXPECT_TRUE(op->send(tx_a, 12));
        sent = true;
        sel.remove(send_a);
      }
    }
    EXPECT_EQ(receiver_thread.join(), std::optional<int>(12));
  });
}

}  // namespace
