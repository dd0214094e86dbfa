// fearless::channel: every operation of every flavor and what it returns
// (sent / full / timeout / disconnected, received / empty / timeout /
// disconnected), the handles (copies, moves, moved-from misuse), message
// ownership (move-only and counted messages: none leaked, none destroyed
// twice), iteration, rendezvous hand-off, and the timers after / at / tick /
// never. Disconnect in every order is in channel_disconnect_test.cpp.
#include "fearless/channel.hpp"
#include "fearless/scope.hpp"
#include "fearless/select.hpp"

#include <gtest/gtest.h>

#include "channel_test_support.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <ranges>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

namespace ch = fearless::channel;
using namespace std::chrono_literals;
using namespace fearless_test;

/// Checks that every tracked message a test made is gone, exactly once.
class TrackedTest : public ::testing::Test {
protected:
  void SetUp() override {
    tracked::live = 0;
    tracked::faults = 0;
  }
  void TearDown() override {
    EXPECT_EQ(tracked::live.load(), 0) << "tracked messages leaked (or destroyed twice)";
    EXPECT_EQ(tracked::faults.load(), 0) << "a tracked message was used after it was destroyed";
  }
};

// --- bounded(n) ------------------------------------------------------------

TEST(ChannelBounded, CapacityLenEmptyAndFull) {
  auto [tx, rx] = ch::bounded<int>(3);
  EXPECT_EQ(tx.capacity(), std::optional<std::size_t>(3));
  EXPECT_EQ(rx.capacity(), std::optional<std::size_t>(3));
  EXPECT_EQ(tx.len(), 0u);
  EXPECT_TRUE(tx.is_empty());
  EXPECT_TRUE(rx.is_empty());
  EXPECT_FALSE(tx.is_full());

  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(tx.send(i));
    EXPECT_EQ(rx.len(), static_cast<std::size_t>(i));
    EXPECT_FALSE(rx.is_empty());
  }
  EXPECT_TRUE(tx.is_full());
  EXPECT_TRUE(rx.is_full());

  ch::send_result<int> full = tx.try_send(4);
  EXPECT_FALSE(full);
  EXPECT_TRUE(full.is_full());
  EXPECT_EQ(full.status(), ch::send_status::full);
  EXPECT_EQ(full.message(), 4);

  EXPECT_EQ(rx.recv(), std::optional<int>(1));
  EXPECT_EQ(tx.len(), 2u);
  EXPECT_FALSE(tx.is_full());
  EXPECT_TRUE(tx.try_send(4));
  for (int expected : {2, 3, 4}) {
    ch::recv_result<int> got = rx.try_recv();
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, expected);
  }
  EXPECT_TRUE(rx.is_empty());
  EXPECT_TRUE(rx.try_recv().is_empty());
}

TEST(ChannelBounded, FifoAcrossManyLapsOfTheRing) {
  auto [tx, rx] = ch::bounded<int>(4);
  int next_sent = 0;
  int next_received = 0;
  // Fill levels 1..4 in turn, so head and tail meet at every slot.
  for (int round = 0; round < 200; ++round) {
    const int burst = 1 + round % 4;
    for (int i = 0; i < burst; ++i)
      ASSERT_TRUE(tx.try_send(next_sent++));
    EXPECT_EQ(rx.len(), static_cast<std::size_t>(burst));
    for (int i = 0; i < burst; ++i) {
      ch::recv_result<int> got = rx.try_recv();
      ASSERT_TRUE(got);
      ASSERT_EQ(*got, next_received++);
    }
  }
  EXPECT_TRUE(rx.try_recv().is_empty());
}

TEST(ChannelBounded, CapacityOneAlternates) {
  auto [tx, rx] = ch::bounded<std::string>(1);
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(tx.try_send(std::to_string(i)));
    ASSERT_TRUE(tx.try_send("x").is_full());
    ASSERT_EQ(rx.recv(), std::optional<std::string>(std::to_string(i)));
  }
}

TEST(ChannelBounded, RejectsAnAbsurdCapacity) {
  EXPECT_THROW((void)ch::bounded<int>(std::numeric_limits<std::size_t>::max()),
               std::length_error);
}

TEST(ChannelBounded, SendBlocksWhileFullUntilAReceiverMakesRoom) {
  auto [tx, rx] = ch::bounded<int>(1);
  ASSERT_TRUE(tx.send(1));
  std::atomic<bool> second_sent{false};
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] {
      EXPECT_TRUE(tx.send(2));
      second_sent = true;
    });
    std::this_thread::sleep_for(30ms);  // time to block in send
    EXPECT_FALSE(second_sent.load()) << "send returned while the channel was full";
    EXPECT_EQ(rx.recv(), std::optional<int>(1));
    EXPECT_EQ(rx.recv(), std::optional<int>(2));
  });
  EXPECT_TRUE(second_sent.load());
}

// --- unbounded ---------------------------------------------------------------

TEST(ChannelUnbounded, NeverFullAndLenCountsAcrossBlocks) {
  auto [tx, rx] = ch::unbounded<int>();
  EXPECT_EQ(tx.capacity(), std::nullopt);
  EXPECT_TRUE(rx.is_empty());
  EXPECT_FALSE(tx.is_full());
  // Enough messages to fill several of the list's blocks; len is checked at
  // every step, across every block boundary, both while filling and draining.
  constexpr int count = 500;
  for (int i = 0; i < count; ++i) {
    ASSERT_TRUE(tx.try_send(i));
    ASSERT_EQ(tx.len(), static_cast<std::size_t>(i + 1));
    ASSERT_FALSE(tx.is_full());
  }
  for (int i = 0; i < count; ++i) {
    ch::recv_result<int> got = rx.try_recv();
    ASSERT_TRUE(got);
    ASSERT_EQ(*got, i);
    ASSERT_EQ(rx.len(), static_cast<std::size_t>(count - i - 1));
  }
  EXPECT_TRUE(rx.is_empty());
  EXPECT_TRUE(rx.try_recv().is_empty());
}

TEST(ChannelUnbounded, InterleavedSendAndRecvKeepOrder) {
  auto [tx, rx] = ch::unbounded<int>();
  int sent = 0;
  int received = 0;
  for (int round = 0; round < 100; ++round) {
    for (int i = 0; i < 7; ++i)
      ASSERT_TRUE(tx.send(sent++));
    for (int i = 0; i < 5; ++i)
      ASSERT_EQ(rx.recv(), std::optional<int>(received++));
  }
  EXPECT_EQ(rx.len(), static_cast<std::size_t>(sent - received));
  while (received < sent)
    ASSERT_EQ(rx.recv(), std::optional<int>(received++));
}

TEST(ChannelUnbounded, SendTimeoutAndDeadlineNeverWait) {
  auto [tx, rx] = ch::unbounded<int>();
  EXPECT_TRUE(tx.send_timeout(1, 0ms));
  EXPECT_TRUE(tx.send_deadline(2, ch::clock::now() - 1s));
  EXPECT_EQ(rx.recv(), std::optional<int>(1));
  EXPECT_EQ(rx.recv(), std::optional<int>(2));
}

// --- bounded(0): rendezvous ---------------------------------------------------

TEST(ChannelZero, ReportsZeroCapacityAndNoMessages) {
  auto [tx, rx] = ch::bounded<int>(0);
  EXPECT_EQ(tx.capacity(), std::optional<std::size_t>(0));
  EXPECT_EQ(rx.len(), 0u);
  EXPECT_TRUE(rx.is_empty());
  EXPECT_TRUE(tx.is_full());
}

TEST(ChannelZero, TrySendWithoutAWaitingReceiverIsFull) {
  auto [tx, rx] = ch::bounded<int>(0);
  ch::send_result<int> r = tx.try_send(5);
  EXPECT_TRUE(r.is_full());
  EXPECT_EQ(r.message(), 5);
  EXPECT_TRUE(rx.try_recv().is_empty());
}

TEST(ChannelZero, TimeoutsWithoutAPeer) {
  auto [tx, rx] = ch::bounded<int>(0);
  std::optional<ch::send_result<int>> sent;
  const auto send_took = time_of([&] { sent.emplace(tx.send_timeout(9, 50ms)); });
  EXPECT_TRUE(sent->is_timeout());
  EXPECT_EQ(sent->message(), 9);
  EXPECT_GE(send_took, 50ms);
  EXPECT_LT(send_took, prompt);

  std::optional<ch::recv_result<int>> got;
  const auto recv_took = time_of([&] { got.emplace(rx.recv_timeout(50ms)); });
  EXPECT_TRUE(got->is_timeout());
  EXPECT_GE(recv_took, 50ms);
  EXPECT_LT(recv_took, prompt);
}

// A bounded(0) send returns only once a receiver has arrived and taken the
// message: each send must see the receiver's "about to receive i" mark.
// (With bounded(1) this test fails: the send returns at once.)
TEST(ChannelZero, SendDoesNotReturnBeforeAReceiverTookTheMessage) {
  auto [tx, rx] = ch::bounded<int>(0);
  constexpr int count = 300;
  std::atomic<int> receiving{-1};
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] {
      for (int i = 0; i < count; ++i) {
        if (i % 50 == 0)
          std::this_thread::sleep_for(2ms);  // let the sender block sometimes
        receiving.store(i);
        EXPECT_EQ(rx.recv(), std::optional<int>(i));
      }
    });
    for (int i = 0; i < count; ++i) {
      ASSERT_TRUE(tx.send(i));
      ASSERT_GE(receiving.load(), i) << "send " << i << " returned before any receiver took it";
    }
  });
}

TEST(ChannelZero, BlockedSenderStaysBlockedUntilRecv) {
  auto [tx, rx] = ch::bounded<int>(0);
  std::atomic<bool> returned{false};
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] {
      EXPECT_TRUE(tx.send(42));
      returned = true;
    });
    std::this_thread::sleep_for(50ms);
    EXPECT_FALSE(returned.load()) << "a rendezvous send returned without a receiver";
    EXPECT_EQ(rx.len(), 0u);  // the waiting message is not "in" the channel
    EXPECT_EQ(rx.recv(), std::optional<int>(42));
  });
  EXPECT_TRUE(returned.load());
}

TEST(ChannelZero, TrySendAndTryRecvPairWithABlockedPeer) {
  auto [tx, rx] = ch::bounded<int>(0);
  fearless::scope([&](fearless::scope_handle& s) {
    // A receiver blocks; try_send finds it.
    auto receiver_thread = s.spawn([&] { return rx.recv(); });
    ch::send_result<int> r = tx.try_send(1);
    while (!r) {  // until the receiver has actually blocked
      ASSERT_TRUE(r.is_full());
      std::this_thread::sleep_for(1ms);
      r = tx.try_send(std::move(r).message());
    }
    EXPECT_EQ(receiver_thread.join(), std::optional<int>(1));

    // A sender blocks; try_recv finds it.
    auto sender_thread = s.spawn([&] { return tx.send(2).sent(); });
    ch::recv_result<int> got = rx.try_recv();
    while (!got) {
      ASSERT_TRUE(got.is_empty());
      std::this_thread::sleep_for(1ms);
      got = rx.try_recv();
    }
    EXPECT_EQ(*got, 2);
    EXPECT_TRUE(sender_thread.join());
  });
}

TEST(ChannelZero, SendTimeoutSucceedsWhenAReceiverComes) {
  auto [tx, rx] = ch::bounded<int>(0);
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] {
      std::this_thread::sleep_for(30ms);  // let the sender wait first
      EXPECT_EQ(rx.recv(), std::optional<int>(3));
    });
    EXPECT_TRUE(tx.send_timeout(3, 10s));
  });
}

// --- statuses: empty vs timeout vs (dis)connected, for the queueing flavors --

class ChannelEveryFlavor : public ::testing::TestWithParam<kind> {};

TEST_P(ChannelEveryFlavor, TryRecvSaysEmptyThenDisconnected) {
  auto [tx, rx] = make_channel<int>(GetParam());
  ch::recv_result<int> empty = rx.try_recv();
  EXPECT_FALSE(empty);
  EXPECT_TRUE(empty.is_empty());
  EXPECT_EQ(empty.status(), ch::recv_status::empty);
  { auto gone = std::move(tx); }
  ch::recv_result<int> disconnected = rx.try_recv();
  EXPECT_FALSE(disconnected);
  EXPECT_TRUE(disconnected.is_disconnected());
  EXPECT_EQ(disconnected.status(), ch::recv_status::disconnected);
}

TEST_P(ChannelEveryFlavor, RecvTimeoutSaysTimeoutThenDisconnected) {
  auto [tx, rx] = make_channel<int>(GetParam());
  std::optional<ch::recv_result<int>> got;
  auto took = time_of([&] { got.emplace(rx.recv_timeout(50ms)); });
  EXPECT_TRUE(got->is_timeout());
  EXPECT_EQ(got->status(), ch::recv_status::timeout);
  EXPECT_GE(took, 50ms);
  EXPECT_LT(took, prompt);

  took = time_of([&] { got.emplace(rx.recv_deadline(ch::clock::now() + 50ms)); });
  EXPECT_TRUE(got->is_timeout());
  EXPECT_GE(took, 50ms);
  EXPECT_LT(took, prompt);

  // A deadline in the past and a zero or negative timeout do not wait.
  took = time_of([&] { got.emplace(rx.recv_deadline(ch::clock::now() - 1h)); });
  EXPECT_TRUE(got->is_timeout());
  EXPECT_LT(took, prompt);
  EXPECT_TRUE(rx.recv_timeout(0ms).is_timeout());
  EXPECT_TRUE(rx.recv_timeout(-5s).is_timeout());

  { auto gone = std::move(tx); }
  // Disconnected is reported at once, not after the timeout.
  took = time_of([&] { got.emplace(rx.recv_timeout(30s)); });
  EXPECT_TRUE(got->is_disconnected());
  EXPECT_LT(took, prompt);
  took = time_of([&] { got.emplace(rx.recv_deadline(ch::clock::now() + 30s)); });
  EXPECT_TRUE(got->is_disconnected());
  EXPECT_LT(took, prompt);
  EXPECT_EQ(rx.recv(), std::nullopt);
}

TEST_P(ChannelEveryFlavor, TimeoutsBeyondTheClocksRangeDoNotOverflow) {
  auto [tx, rx] = make_channel<int>(GetParam());
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] { EXPECT_TRUE(tx.send_timeout(1, std::chrono::hours::max())); });
    ch::recv_result<int> got = rx.recv_timeout(std::chrono::nanoseconds::max());
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, 1);
  });
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] { EXPECT_TRUE(tx.send_deadline(2, ch::instant::max())); });
    ch::recv_result<int> got = rx.recv_deadline(ch::instant::max());
    ASSERT_TRUE(got);
    EXPECT_EQ(*got, 2);
  });
}

TEST_P(ChannelEveryFlavor, TimeoutsOfAnyDurationType) {
  auto [tx, rx] = make_channel<int>(GetParam());
  const std::chrono::duration<double> fractional(0.03);
  std::optional<ch::recv_result<int>> got;
  auto took = time_of([&] { got.emplace(rx.recv_timeout(fractional)); });
  EXPECT_TRUE(got->is_timeout());
  EXPECT_GE(took, 30ms);
  EXPECT_LT(took, prompt);
  took = time_of([&] { got.emplace(rx.recv_timeout(std::chrono::microseconds(30'000))); });
  EXPECT_TRUE(got->is_timeout());
  EXPECT_GE(took, 30ms);
  EXPECT_LT(took, prompt);
  took = time_of([&] { got.emplace(rx.recv_timeout(std::chrono::seconds(0))); });
  EXPECT_TRUE(got->is_timeout());
  EXPECT_LT(took, prompt);
}

TEST_P(ChannelEveryFlavor, TrySendSaysDisconnectedOnceReceiversAreGone) {
  auto [tx, rx] = make_channel<int>(GetParam());
  { auto gone = std::move(rx); }
  ch::send_result<int> r = tx.try_send(7);
  EXPECT_TRUE(r.is_disconnected());
  EXPECT_EQ(r.status(), ch::send_status::disconnected);
  EXPECT_EQ(r.message(), 7);
  EXPECT_TRUE(tx.send(8).is_disconnected());
  EXPECT_TRUE(tx.send_timeout(9, 30s).is_disconnected());
  EXPECT_TRUE(tx.send_deadline(10, ch::clock::now() + 30s).is_disconnected());
}

TEST_P(ChannelEveryFlavor, MessagesCrossThreadsInOrder) {
  auto [tx, rx] = make_channel<int>(GetParam());
  constexpr int count = 2000;
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([tx = std::move(tx)]() mutable {
      for (int i = 0; i < count; ++i)
        ASSERT_TRUE(tx.send(i));
    });
    int expected = 0;
    for (int v : rx)
      ASSERT_EQ(v, expected++);
    EXPECT_EQ(expected, count);
  });
}

TEST_P(ChannelEveryFlavor, RecvTimeoutGetsAMessageThatArrivesInTime) {
  auto [tx, rx] = make_channel<int>(GetParam());
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] {
      std::this_thread::sleep_for(20ms);  // let the receiver wait first
      EXPECT_TRUE(tx.send(11));
    });
    ch::recv_result<int> got = rx.recv_timeout(10s);
    ASSERT_TRUE(got) << static_cast<int>(got.status());
    EXPECT_EQ(*got, 11);
  });
}

TEST_P(ChannelEveryFlavor, SendersAndReceiversShareOneChannelThroughCopies) {
  auto [tx, rx] = make_channel<int>(GetParam());
  auto [other_tx, other_rx] = make_channel<int>(GetParam());
  ch::sender<int> tx2 = tx;
  ch::receiver<int> rx2 = rx;
  EXPECT_TRUE(tx.same_channel(tx2));
  EXPECT_TRUE(rx.same_channel(rx2));
  EXPECT_FALSE(tx.same_channel(other_tx));
  EXPECT_FALSE(rx.same_channel(other_rx));

  // Each message goes to exactly one receiver, whichever copy sent it.
  constexpr int per_sender = 500;
  std::vector<int> seen(2 * per_sender, 0);
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([tx = std::move(tx)]() mutable {
      for (int i = 0; i < per_sender; ++i)
        ASSERT_TRUE(tx.send(i));
    });
    s.spawn([tx2 = std::move(tx2)]() mutable {
      for (int i = per_sender; i < 2 * per_sender; ++i)
        ASSERT_TRUE(tx2.send(i));
    });
    auto drain = [](ch::receiver<int> r) {
      std::vector<int> got;
      for (int v : r)
        got.push_back(v);
      return got;
    };
    auto a = s.spawn([&, r = std::move(rx)]() mutable { return drain(std::move(r)); });
    auto b = s.spawn([&, r = std::move(rx2)]() mutable { return drain(std::move(r)); });
    for (int v : a.join())
      ++seen[static_cast<std::size_t>(v)];
    for (int v : b.join())
      ++seen[static_cast<std::size_t>(v)];
  });
  for (std::size_t i = 0; i < seen.size(); ++i)
    ASSERT_EQ(seen[i], 1) << "message " << i;
}

// Each side waits for the other's message, so a lost wake-up leaves both
// blocked: recv_timeout turns that into a failure instead of a hang. Each
// thread owns its handles, so a failing side disconnects the other.
TEST_P(ChannelEveryFlavor, PingPongLosesNoWakeUp) {
  auto [ping_tx, ping_rx] = make_channel<int>(GetParam());
  auto [pong_tx, pong_rx] = make_channel<int>(GetParam());
  constexpr int rounds = 3000;
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([rx = std::move(ping_rx), tx = std::move(pong_tx)]() mutable {
      for (int i = 0; i < rounds; ++i) {
        ch::recv_result<int> got = rx.recv_timeout(10s);
        ASSERT_TRUE(got) << "round " << i << ": " << static_cast<int>(got.status());
        ASSERT_TRUE(tx.send(*got + 1));
      }
    });
    s.spawn([tx = std::move(ping_tx), rx = std::move(pong_rx)]() mutable {
      for (int i = 0; i < rounds; ++i) {
        ASSERT_TRUE(tx.send(i));
        ch::recv_result<int> got = rx.recv_timeout(10s);
        ASSERT_TRUE(got) << "round " << i << ": " << static_cast<int>(got.status());
        ASSERT_EQ(*got, i + 1);
      }
    });
  });
}

TEST_P(ChannelEveryFlavor, PingPongThroughSelectsLosesNoWakeUp) {
  auto [ping_tx, ping_rx] = make_channel<int>(GetParam());
  auto [pong_tx, pong_rx] = make_channel<int>(GetParam());
  constexpr int rounds = 2000;
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([rx = std::move(ping_rx), tx = std::move(pong_tx)]() mutable {
      ch::selector inbox;
      (void)inbox.recv(rx);
      ch::selector outbox;
      (void)outbox.send(tx);
      for (int i = 0; i < rounds; ++i) {
        std::optional<ch::selected_operation> in = inbox.select_timeout(10s);
        ASSERT_TRUE(in) << "round " << i;
        std::optional<int> got = in->recv(rx);
        ASSERT_TRUE(got);
        std::optional<ch::selected_operation> out = outbox.select_timeout(10s);
        ASSERT_TRUE(out) << "round " << i;
        ASSERT_TRUE(out->send(tx, *got + 1));
      }
    });
    s.spawn([tx = std::move(ping_tx), rx = std::move(pong_rx)]() mutable {
      for (int i = 0; i < rounds; ++i) {
        ASSERT_TRUE(ch::select(ch::send(tx, i, [](ch::send_result<int> r) { return r.sent(); }),
                               ch::timeout(10s, [] { return false; })))
            << "round " << i;
        const int got = ch::select(ch::recv(rx, [](std::optional<int> m) { return m.value_or(-1); }),
                                   ch::timeout(10s, [] { return -2; }));
        ASSERT_EQ(got, i + 1) << "round " << i;
      }
    });
  });
}

INSTANTIATE_TEST_SUITE_P(Flavors, ChannelEveryFlavor,
                         ::testing::Values(kind::zero, kind::bounded1, kind::bounded8,
                                           kind::unbounded),
                         kind_name);

// --- bounded timeouts ----------------------------------------------------------

TEST(ChannelBounded, SendTimeoutAndDeadlineOnAFullChannel) {
  auto [tx, rx] = ch::bounded<int>(1);
  ASSERT_TRUE(tx.send(0));
  std::optional<ch::send_result<int>> r;
  auto took = time_of([&] { r.emplace(tx.send_timeout(1, 50ms)); });
  EXPECT_TRUE(r->is_timeout());
  EXPECT_EQ(r->status(), ch::send_status::timeout);
  EXPECT_EQ(r->message(), 1);
  EXPECT_GE(took, 50ms);
  EXPECT_LT(took, prompt);

  took = time_of([&] { r.emplace(tx.send_deadline(2, ch::clock::now() + 50ms)); });
  EXPECT_TRUE(r->is_timeout());
  EXPECT_EQ(r->message(), 2);
  EXPECT_GE(took, 50ms);
  EXPECT_LT(took, prompt);

  EXPECT_TRUE(tx.send_timeout(3, 0ms).is_timeout());
  EXPECT_TRUE(tx.send_deadline(4, ch::clock::now() - 1s).is_timeout());
  EXPECT_EQ(rx.len(), 1u);
  EXPECT_EQ(rx.recv(), std::optional<int>(0));
  EXPECT_TRUE(tx.send_timeout(5, 0ms));  // room now: no waiting needed
  EXPECT_EQ(rx.recv(), std::optional<int>(5));
}

TEST(ChannelBounded, SendTimeoutSucceedsWhenRoomAppears) {
  auto [tx, rx] = ch::bounded<int>(1);
  ASSERT_TRUE(tx.send(0));
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] {
      std::this_thread::sleep_for(30ms);  // let the sender wait first
      EXPECT_EQ(rx.recv(), std::optional<int>(0));
    });
    EXPECT_TRUE(tx.send_timeout(1, 10s));
  });
  EXPECT_EQ(rx.recv(), std::optional<int>(1));
}

// --- handles -----------------------------------------------------------------

TEST(ChannelHandles, MovedFromSenderThrowsLogicError) {
  auto [tx, rx] = ch::bounded<int>(4);
  ch::sender<int> owner = std::move(tx);
  // Using the moved-from handle is the misuse under test.
  // NOLINTBEGIN(bugprone-use-after-move,fearless-typestate)
  EXPECT_THROW((void)tx.send(1), std::logic_error);
  EXPECT_THROW((void)tx.try_send(1), std::logic_error);
  EXPECT_THROW((void)tx.send_timeout(1, 1ms), std::logic_error);
  EXPECT_THROW((void)tx.send_deadline(1, ch::clock::now()), std::logic_error);
  EXPECT_THROW((void)tx.len(), std::logic_error);
  EXPECT_THROW((void)tx.capacity(), std::logic_error);
  EXPECT_THROW((void)tx.is_empty(), std::logic_error);
  EXPECT_THROW((void)tx.is_full(), std::logic_error);
  ch::sender<int> copy_of_moved = tx;  // a copy of nothing is nothing
  EXPECT_THROW((void)copy_of_moved.send(1), std::logic_error);
  // Moving did not disconnect the channel, and the new owner works.
  EXPECT_TRUE(rx.try_recv().is_empty());
  EXPECT_TRUE(owner.send(2));
  EXPECT_EQ(rx.recv(), std::optional<int>(2));
  // A moved-from handle can be assigned a live one again.
  tx = owner;
  EXPECT_TRUE(tx.send(3));
  EXPECT_EQ(rx.recv(), std::optional<int>(3));
  // NOLINTEND(bugprone-use-after-move,fearless-typestate)
}

TEST(ChannelHandles, MovedFromReceiverThrowsLogicError) {
  auto [tx, rx] = ch::unbounded<int>();
  ch::receiver<int> owner = std::move(rx);
  // NOLINTBEGIN(bugprone-use-after-move,fearless-typestate)
  EXPECT_THROW((void)rx.recv(), std::logic_error);
  EXPECT_THROW((void)rx.try_recv(), std::logic_error);
  EXPECT_THROW((void)rx.recv_timeout(1ms), std::logic_error);
  EXPECT_THROW((void)rx.recv_deadline(ch::clock::now()), std::logic_error);
  EXPECT_THROW((void)rx.len(), std::logic_error);
  EXPECT_THROW((void)rx.capacity(), std::logic_error);
  EXPECT_THROW((void)rx.is_empty(), std::logic_error);
  EXPECT_THROW((void)rx.is_full(), std::logic_error);
  EXPECT_THROW((void)rx.begin(), std::logic_error);
  ch::receiver<int> copy_of_moved = rx;
  EXPECT_THROW((void)copy_of_moved.try_recv(), std::logic_error);
  // The channel is still connected: the sender's send succeeds.
  EXPECT_TRUE(tx.send(1));
  EXPECT_EQ(owner.recv(), std::optional<int>(1));
  rx = owner;
  EXPECT_TRUE(tx.send(2));
  EXPECT_EQ(rx.recv(), std::optional<int>(2));
  // NOLINTEND(bugprone-use-after-move,fearless-typestate)
}

TEST(ChannelHandles, MovedFromTimerAndNeverReceiversThrowToo) {
  ch::receiver<ch::instant> timer = ch::after(1h);
  ch::receiver<ch::instant> owner = std::move(timer);
  // NOLINTNEXTLINE(fearless-typestate,bugprone-use-after-move)
  EXPECT_THROW((void)timer.try_recv(), std::logic_error);
  ch::receiver<int> nothing = ch::never<int>();
  ch::receiver<int> nothing_owner = std::move(nothing);
  // NOLINTNEXTLINE(fearless-typestate,bugprone-use-after-move)
  EXPECT_THROW((void)nothing.recv_timeout(1ms), std::logic_error);
  EXPECT_TRUE(owner.try_recv().is_empty());
  EXPECT_TRUE(nothing_owner.try_recv().is_empty());
}

TEST(ChannelHandles, AssigningASenderReleasesItsOldChannel) {
  auto [tx_a, rx_a] = ch::bounded<int>(2);
  auto [tx_b, rx_b] = ch::bounded<int>(2);
  tx_a = tx_b;  // tx_a was channel A's only sender
  EXPECT_TRUE(rx_a.try_recv().is_disconnected());
  EXPECT_TRUE(tx_a.same_channel(tx_b));
  EXPECT_TRUE(tx_a.send(1));
  EXPECT_EQ(rx_b.recv(), std::optional<int>(1));

  ch::receiver<int> rx_c = rx_b;
  rx_b = std::move(rx_a);  // rx_b's old channel keeps rx_c
  EXPECT_TRUE(tx_b.send(2));
  EXPECT_EQ(rx_c.recv(), std::optional<int>(2));
  EXPECT_TRUE(rx_b.try_recv().is_disconnected());  // now channel A's receiver
}

TEST(ChannelHandles, SelfAssignmentKeepsTheChannel) {
  auto [tx, rx] = ch::bounded<int>(2);
  ch::sender<int>& same_tx = tx;
  ch::receiver<int>& same_rx = rx;
  tx = same_tx;
  rx = same_rx;
  EXPECT_TRUE(tx.send(1));
  EXPECT_EQ(rx.recv(), std::optional<int>(1));
  EXPECT_TRUE(rx.try_recv().is_empty());  // still connected
}

TEST(ChannelHandles, HandlesAreCopyableAndNothrowMovable) {
  static_assert(std::is_copy_constructible_v<ch::sender<int>>);
  static_assert(std::is_nothrow_move_constructible_v<ch::sender<int>>);
  static_assert(std::is_copy_constructible_v<ch::receiver<int>>);
  static_assert(std::is_nothrow_move_constructible_v<ch::receiver<int>>);
  static_assert(std::is_copy_constructible_v<ch::sender<std::unique_ptr<int>>>);
  static_assert(std::ranges::input_range<ch::receiver<int>>);
  static_assert(std::input_iterator<ch::receiver<int>::iterator>);
  SUCCEED();
}

// --- messages: move-only and counted --------------------------------------------

class ChannelMoveOnly : public ::testing::TestWithParam<kind> {};

TEST_P(ChannelMoveOnly, UniquePtrMessagesArriveAndComeBackWhenNotSent) {
  auto [tx, rx] = make_channel<std::unique_ptr<int>>(GetParam());
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&] {
      for (int i = 0; i < 100; ++i)
        ASSERT_TRUE(tx.send(std::make_unique<int>(i)));
    });
    for (int i = 0; i < 100; ++i) {
      std::optional<std::unique_ptr<int>> got = rx.recv();
      ASSERT_TRUE(got && *got);
      ASSERT_EQ(**got, i);
    }
  });
  // try_send that cannot send hands back the very same object.
  auto box = std::make_unique<int>(7);
  int* address = box.get();
  if (GetParam() != kind::unbounded) {
    for (int i = 0; i < 8 && GetParam() != kind::zero; ++i)
      (void)tx.try_send(std::make_unique<int>(-1));  // fill it
    ch::send_result<std::unique_ptr<int>> full = tx.try_send(std::move(box));
    ASSERT_TRUE(full.is_full());
    box = std::move(full).message();
    EXPECT_EQ(box.get(), address);
  }
  { auto gone = std::move(rx); }
  ch::send_result<std::unique_ptr<int>> r = tx.send(std::move(box));
  ASSERT_TRUE(r.is_disconnected());
  std::unique_ptr<int> back = std::move(r).message();
  EXPECT_EQ(back.get(), address);
  EXPECT_EQ(*back, 7);
}

TEST_P(ChannelMoveOnly, IterationOverMoveOnlyMessages) {
  auto [tx, rx] = make_channel<std::unique_ptr<int>>(GetParam());
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([tx = std::move(tx)]() mutable {
      for (int i = 0; i < 50; ++i)
        ASSERT_TRUE(tx.send(std::make_unique<int>(i)));
    });
    std::vector<std::unique_ptr<int>> kept;
    for (auto& p : rx)
      kept.push_back(std::move(p));
    ASSERT_EQ(kept.size(), 50u);
    for (int i = 0; i < 50; ++i)
      EXPECT_EQ(*kept[static_cast<std::size_t>(i)], i);
  });
}

INSTANTIATE_TEST_SUITE_P(Flavors, ChannelMoveOnly,
                         ::testing::Values(kind::zero, kind::bounded1, kind::bounded8,
                                           kind::unbounded),
                         kind_name);

class ChannelTracked : public TrackedTest, public ::testing::WithParamInterface<kind> {};

TEST_P(ChannelTracked, EveryMessageIsDestroyedExactlyOnce) {
  {
    auto [tx, rx] = make_channel<tracked>(GetParam());
    fearless::scope([&](fearless::scope_handle& s) {
      s.spawn([&] {
        for (int i = 0; i < 300; ++i)
          ASSERT_TRUE(tx.send(tracked(i)));
      });
      for (int i = 0; i < 300; ++i) {
        std::optional<tracked> got = rx.recv();
        ASSERT_TRUE(got);
        ASSERT_EQ(got->value(), i);
      }
    });
    EXPECT_EQ(tracked::live.load(), 0) << "received messages are gone, none is queued";
    ch::send_result<tracked> unsent = tx.try_send(tracked(99));  // full or queued
    if (!unsent) {
      EXPECT_EQ(unsent.message().value(), 99);
      EXPECT_EQ(tracked::live.load(), 1);  // only the one handed back
    }
  }
}

// (A rendezvous channel holds no messages: see the blocked-sender tests of
// channel_disconnect_test.cpp for its messages handed back.)
class ChannelLeftovers : public TrackedTest, public ::testing::WithParamInterface<kind> {};

TEST_P(ChannelLeftovers, MessagesLeftInTheChannelAreDestroyedWithIt) {
  const std::size_t room = GetParam() == kind::bounded1 ? 1 : 8;
  for (bool senders_first : {true, false}) {
    auto [tx, rx] = make_channel<tracked>(GetParam());
    // Go around the ring (and across list blocks) before leaving some behind.
    int next = 0;
    for (int round = 0; round < 40; ++round) {
      for (std::size_t i = 0; i < room; ++i)
        ASSERT_TRUE(tx.try_send(tracked(next++)));
      for (std::size_t i = 0; i < room; ++i)
        ASSERT_TRUE(rx.try_recv());
    }
    for (std::size_t i = 0; i < room; ++i)
      ASSERT_TRUE(tx.try_send(tracked(next++)));
    EXPECT_EQ(tracked::live.load(), static_cast<long>(room));
    if (senders_first) {
      { auto gone = std::move(tx); }
      EXPECT_EQ(tracked::live.load(), static_cast<long>(room)) << "receivers may still drain";
      { auto gone = std::move(rx); }
    } else {
      { auto gone = std::move(rx); }
      { auto gone = std::move(tx); }
    }
    EXPECT_EQ(tracked::live.load(), 0);
    EXPECT_EQ(tracked::faults.load(), 0);
  }
}

TEST_F(TrackedTest, UnboundedDestroysManyLeftoverBlocks) {
  auto [tx, rx] = ch::unbounded<tracked>();
  for (int i = 0; i < 1000; ++i)
    ASSERT_TRUE(tx.send(tracked(i)));
  for (int i = 0; i < 333; ++i) {
    std::optional<tracked> got = rx.recv();
    ASSERT_TRUE(got);
    ASSERT_EQ(got->value(), i);
  }
  EXPECT_EQ(tracked::live.load(), 1000 - 333);
  EXPECT_EQ(rx.len(), static_cast<std::size_t>(1000 - 333));
}

INSTANTIATE_TEST_SUITE_P(Flavors, ChannelTracked,
                         ::testing::Values(kind::zero, kind::bounded1, kind::bounded8,
                                           kind::unbounded),
                         kind_name);
INSTANTIATE_TEST_SUITE_P(QueueingFlavors, ChannelLeftovers,
                         ::testing::Values(kind::bounded1, kind::bounded8, kind::unbounded),
                         kind_name);

// --- iteration ---------------------------------------------------------------

TEST(ChannelIteration, RangeForReceivesUntilDisconnected) {
  auto [tx, rx] = ch::bounded<int>(16);
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([tx = std::move(tx)]() mutable {
      for (int i = 0; i < 100; ++i)
        if (!tx.send(i))
          break;
    });  // the lambda's sender, the last one, disconnects when it ends
    int expected = 0;
    for (int v : rx)
      EXPECT_EQ(v, expected++);
    EXPECT_EQ(expected, 100);
  });
  EXPECT_TRUE(rx.try_recv().is_disconnected());
}

TEST(ChannelIteration, IteratorProtocol) {
  auto [tx, rx] = ch::unbounded<std::string>();
  ASSERT_TRUE(tx.send("a"));
  ASSERT_TRUE(tx.send("bb"));
  { auto gone = std::move(tx); }
  auto it = rx.begin();
  ASSERT_FALSE(it == rx.end());
  EXPECT_EQ(*it, "a");
  EXPECT_EQ(it->size(), 1u);
  ++it;
  ASSERT_FALSE(it == rx.end());
  EXPECT_EQ(*it, "bb");
  it++;
  EXPECT_TRUE(it == rx.end());
}

TEST(ChannelIteration, EmptyDisconnectedChannelIteratesNothing) {
  auto [tx, rx] = ch::bounded<int>(0);
  { auto gone = std::move(tx); }
  int count = 0;
  for (int v : rx)
    count += v + 1;
  EXPECT_EQ(count, 0);
}

// --- results -------------------------------------------------------------------

TEST(ChannelResults, SendResultOfASentMessageHasNoMessage) {
  auto [tx, rx] = ch::bounded<int>(1);
  ch::send_result<int> ok = tx.send(1);
  EXPECT_TRUE(ok);
  EXPECT_TRUE(ok.sent());
  EXPECT_EQ(ok.status(), ch::send_status::sent);
  EXPECT_FALSE(ok.is_full() || ok.is_timeout() || ok.is_disconnected());
  EXPECT_THROW((void)ok.message(), std::logic_error);
  EXPECT_THROW((void)std::move(ok).message(), std::logic_error);
}

TEST(ChannelResults, RecvResultAccessors) {
  auto [tx, rx] = ch::bounded<std::string>(1);
  ch::recv_result<std::string> none = rx.try_recv();
  EXPECT_FALSE(none.has_value());
  EXPECT_THROW((void)none.value(), std::logic_error);
  EXPECT_THROW((void)*none, std::logic_error);
  EXPECT_THROW((void)none->size(), std::logic_error);
  EXPECT_EQ(std::move(none).into_optional(), std::nullopt);

  ASSERT_TRUE(tx.send("hello"));
  ch::recv_result<std::string> got = rx.try_recv();
  EXPECT_TRUE(got.has_value());
  EXPECT_EQ(got.status(), ch::recv_status::received);
  EXPECT_FALSE(got.is_empty() || got.is_timeout() || got.is_disconnected());
  EXPECT_EQ(got->size(), 5u);
  EXPECT_EQ(got.value(), "hello");
  EXPECT_EQ(std::move(got).into_optional(), std::optional<std::string>("hello"));

  ASSERT_TRUE(tx.send("moved"));
  std::string taken = *rx.try_recv();  // from an rvalue result: moved out
  EXPECT_EQ(taken, "moved");
}

// --- timers --------------------------------------------------------------------

TEST(ChannelTimers, AfterDeliversOnceAtTheDueInstant) {
  const ch::instant start = ch::clock::now();
  ch::receiver<ch::instant> timer = ch::after(50ms);
  EXPECT_EQ(timer.capacity(), std::optional<std::size_t>(1));
  EXPECT_TRUE(timer.try_recv().is_empty());
  EXPECT_TRUE(timer.is_empty());
  std::optional<ch::instant> fired = timer.recv();
  const ch::instant now = ch::clock::now();
  ASSERT_TRUE(fired);
  EXPECT_GE(*fired, start + 50ms);  // the instant it was due...
  EXPECT_LE(*fired, now);           // ...which had come when recv returned
  EXPECT_GE(now - start, 50ms);
  EXPECT_LT(now - start, prompt);
  // One message only, and the timer never disconnects.
  EXPECT_TRUE(timer.try_recv().is_empty());
  EXPECT_TRUE(timer.recv_timeout(20ms).is_timeout());
  EXPECT_TRUE(timer.is_empty());
}

TEST(ChannelTimers, RecvTimeoutShorterThanTheTimerTimesOut) {
  ch::receiver<ch::instant> timer = ch::after(1h);
  std::optional<ch::recv_result<ch::instant>> got;
  const auto took = time_of([&] { got.emplace(timer.recv_timeout(30ms)); });
  EXPECT_TRUE(got->is_timeout());
  EXPECT_GE(took, 30ms);
  EXPECT_LT(took, prompt);
}

TEST(ChannelTimers, AtAPastInstantIsReadyAtOnce) {
  const ch::instant when = ch::clock::now() - 1s;
  ch::receiver<ch::instant> timer = ch::at(when);
  EXPECT_FALSE(timer.is_empty());
  EXPECT_TRUE(timer.is_full());
  EXPECT_EQ(timer.len(), 1u);
  ch::recv_result<ch::instant> got = timer.try_recv();
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, when);
  EXPECT_TRUE(timer.try_recv().is_empty());
  EXPECT_EQ(timer.len(), 0u);
}

TEST(ChannelTimers, AtAFutureInstantWaitsForIt) {
  const ch::instant when = ch::clock::now() + 40ms;
  ch::receiver<ch::instant> timer = ch::at(when);
  ch::recv_result<ch::instant> got = timer.recv_deadline(when + 10s);
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, when);
  EXPECT_GE(ch::clock::now(), when);
}

TEST(ChannelTimers, AfterZeroAndHugeDelays) {
  EXPECT_TRUE(ch::after(0ms).try_recv());
  EXPECT_TRUE(ch::after(-1s).try_recv());
  ch::receiver<ch::instant> far = ch::after(std::chrono::hours::max());
  EXPECT_TRUE(far.try_recv().is_empty());
  EXPECT_TRUE(far.recv_timeout(1ms).is_timeout());
}

TEST(ChannelTimers, CopiesOfATimerShareItsOneMessage) {
  ch::receiver<ch::instant> a = ch::after(10ms);
  ch::receiver<ch::instant> b = a;
  EXPECT_TRUE(a.same_channel(b));
  std::atomic<int> delivered{0};
  fearless::scope([&](fearless::scope_handle& s) {
    for (ch::receiver<ch::instant>* r : {&a, &b})
      s.spawn([&, r] {
        if (r->recv_timeout(300ms))
          ++delivered;
      });
  });
  EXPECT_EQ(delivered.load(), 1);
}

TEST(ChannelTimers, TickDeliversPeriodically) {
  const ch::instant start = ch::clock::now();
  ch::receiver<ch::instant> ticker = ch::tick(20ms);
  EXPECT_EQ(ticker.capacity(), std::optional<std::size_t>(1));
  std::vector<ch::instant> ticks;
  for (int i = 0; i < 5; ++i) {
    std::optional<ch::instant> t = ticker.recv();
    ASSERT_TRUE(t);
    ticks.push_back(*t);
  }
  EXPECT_GE(ticks.front(), start + 20ms);  // the first one after one period
  for (std::size_t i = 1; i < ticks.size(); ++i)
    EXPECT_GE(ticks[i] - ticks[i - 1], 20ms) << "tick " << i;
  EXPECT_GE(ch::clock::now() - start, 100ms);
  EXPECT_LT(ch::clock::now() - start, 10 * prompt);
}

TEST(ChannelTimers, TickDoesNotBurstAfterASlowReceiver) {
  constexpr auto period = 100ms;
  ch::receiver<ch::instant> ticker = ch::tick(period);
  std::this_thread::sleep_for(3 * period + period / 2);  // three ticks missed
  const ch::instant before = ch::clock::now();
  ch::recv_result<ch::instant> first = ticker.try_recv();
  ASSERT_TRUE(first);
  // The missed ticks were not queued: nothing is due right after.
  EXPECT_TRUE(ticker.try_recv().is_empty());
  EXPECT_TRUE(ticker.is_empty());
  // The next one is due a period after the last one was received.
  std::optional<ch::instant> next = ticker.recv();
  ASSERT_TRUE(next);
  EXPECT_GE(*next, before + period);
  EXPECT_GE(ch::clock::now(), before + period);
}

TEST(ChannelTimers, TickRecvTimeoutShorterThanThePeriodTimesOut) {
  ch::receiver<ch::instant> ticker = ch::tick(1h);
  EXPECT_TRUE(ticker.try_recv().is_empty());
  EXPECT_TRUE(ticker.recv_timeout(20ms).is_timeout());
}

TEST(ChannelTimers, TickRejectsANonPositivePeriod) {
  EXPECT_THROW((void)ch::tick(0ms), std::invalid_argument);
  EXPECT_THROW((void)ch::tick(-1s), std::invalid_argument);
}

TEST(ChannelTimers, NeverDeliversNothingAndNeverDisconnects) {
  ch::receiver<std::string> nothing = ch::never<std::string>();
  EXPECT_TRUE(nothing.try_recv().is_empty());
  EXPECT_TRUE(nothing.is_empty());
  EXPECT_EQ(nothing.len(), 0u);
  std::optional<ch::recv_result<std::string>> got;
  const auto took = time_of([&] { got.emplace(nothing.recv_timeout(30ms)); });
  EXPECT_TRUE(got->is_timeout());
  EXPECT_GE(took, 30ms);
  EXPECT_LT(took, prompt);
  EXPECT_TRUE(nothing.recv_deadline(ch::clock::now() + 10ms).is_timeout());
  ch::receiver<std::string> copy = nothing;
  EXPECT_TRUE(copy.same_channel(nothing));
  EXPECT_TRUE(copy.try_recv().is_empty());
}

}  // namespace
