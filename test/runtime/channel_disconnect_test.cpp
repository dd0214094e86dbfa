// fearless::channel: disconnect, in every order. The last sender's end
// disconnects the channel for receivers (they drain what is queued, then get
// "disconnected"); the last receiver's end makes every send fail and hand its
// message back. Threads blocked in send/recv/select at that moment wake with
// "disconnected". No message is leaked or destroyed twice whatever the order
// (counted with a tracked message type). And the pattern that lets a
// fearless::scope join its threads when its body throws: drop the sender.
#include "fearless/channel.hpp"
#include "fearless/scope.hpp"
#include "fearless/select.hpp"

#include <gtest/gtest.h>

#include "channel_test_support.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
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

std::size_t room_of(kind k) {
  switch (k) {
  case kind::zero: return 0;
  case kind::bounded1: return 1;
  case kind::bounded8: return 8;
  case kind::unbounded: return 100;  // as many as a test wants to queue
  }
  return 0;
}

/// Waits (polling) until `count` reaches `expected`; false after 10 s.
bool wait_for_count(const std::atomic<int>& count, int expected) {
  const auto give_up = ch::clock::now() + 10s;
  while (count.load() < expected) {
    if (ch::clock::now() > give_up)
      return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

class Disconnect : public ::testing::TestWithParam<kind> {
protected:
  void SetUp() override {
    tracked::live = 0;
    tracked::faults = 0;
  }
  void TearDown() override {
    EXPECT_EQ(tracked::live.load(), 0) << "tracked messages leaked";
    EXPECT_EQ(tracked::faults.load(), 0) << "a tracked message was destroyed twice";
  }
};

// --- senders gone ---------------------------------------------------------------

TEST_P(Disconnect, RecvDrainsQueuedMessagesBeforeReportingDisconnected) {
  auto [tx, rx] = make_channel<tracked>(GetParam());
  const int queued = static_cast<int>(std::min<std::size_t>(room_of(GetParam()), 5));
  for (int i = 0; i < queued; ++i)
    ASSERT_TRUE(tx.send(tracked(i)));
  drop(tx);
  EXPECT_EQ(tracked::live.load(), queued) << "queued messages must survive the senders";
  EXPECT_EQ(rx.len(), static_cast<std::size_t>(queued));
  // Every kind of receive drains first.
  for (int i = 0; i < queued; ++i) {
    std::optional<tracked> got;
    switch (i % 4) {
    case 0: got = rx.recv(); break;
    case 1: got = rx.try_recv().into_optional(); break;
    case 2: got = rx.recv_timeout(10s).into_optional(); break;
    default: got = rx.recv_deadline(ch::clock::now() + 10s).into_optional(); break;
    }
    ASSERT_TRUE(got) << "message " << i << " lost at disconnect";
    EXPECT_EQ(got->value(), i);
  }
  EXPECT_EQ(rx.recv(), std::nullopt);
  EXPECT_TRUE(rx.try_recv().is_disconnected());
  const ch::instant before = ch::clock::now();
  EXPECT_TRUE(rx.recv_timeout(30s).is_disconnected());
  EXPECT_TRUE(rx.recv_deadline(ch::clock::now() + 30s).is_disconnected());
  EXPECT_LT(ch::clock::now() - before, prompt) << "disconnected must not wait for the timeout";
  EXPECT_TRUE(rx.is_empty());
}

TEST_P(Disconnect, IterationDrainsThenEnds) {
  auto [tx, rx] = make_channel<tracked>(GetParam());
  const int queued = static_cast<int>(std::min<std::size_t>(room_of(GetParam()), 5));
  for (int i = 0; i < queued; ++i)
    ASSERT_TRUE(tx.send(tracked(i)));
  drop(tx);
  int expected = 0;
  for (auto& message : rx)
    EXPECT_EQ(message.value(), expected++);
  EXPECT_EQ(expected, queued);
}

TEST_P(Disconnect, OnlyTheLastSenderDisconnects) {
  auto [tx, rx] = make_channel<int>(GetParam());
  ch::sender<int> tx2 = tx;
  ch::sender<int> tx3 = tx2;
  drop(tx);
  drop(tx2);
  EXPECT_TRUE(rx.try_recv().is_empty()) << "tx3 still exists";
  EXPECT_TRUE(rx.recv_timeout(20ms).is_timeout());
  // Moving the last sender around does not disconnect either.
  ch::sender<int> moved = std::move(tx3);
  ch::sender<int> moved_again(std::move(moved));
  EXPECT_TRUE(rx.try_recv().is_empty());
  drop(moved_again);
  EXPECT_TRUE(rx.try_recv().is_disconnected());
}

TEST_P(Disconnect, ResetDropsAHandleLikeItsDestructor) {
  auto [tx, rx] = make_channel<int>(GetParam());
  ch::sender<int> tx2 = tx;
  ASSERT_TRUE(tx.valid());
  EXPECT_TRUE(tx.same_channel(tx2));
  tx.reset();
  EXPECT_FALSE(tx.valid());
  EXPECT_FALSE(tx.same_channel(tx2)) << "a reset handle belongs to no channel";
  // NOLINTNEXTLINE(fearless-typestate): the misuse under test
  EXPECT_THROW((void)tx.try_send(1), std::logic_error);
  tx.reset();  // twice: nothing more happens
  EXPECT_TRUE(rx.try_recv().is_empty()) << "tx2 still exists";
  tx2.reset();  // the last sender
  EXPECT_TRUE(rx.try_recv().is_disconnected());

  auto [tx3, rx3] = make_channel<int>(GetParam());
  rx3.reset();  // the last receiver
  EXPECT_FALSE(rx3.valid());
  // NOLINTNEXTLINE(fearless-typestate): the misuse under test
  EXPECT_THROW((void)rx3.try_recv(), std::logic_error);
  EXPECT_TRUE(tx3.send(7).is_disconnected());
}

TEST_P(Disconnect, ThreadsBlockedInEveryKindOfRecvWakeWhenTheLastSenderGoes) {
  auto [tx, rx] = make_channel<tracked>(GetParam());
  std::atomic<int> entered{0};
  std::atomic<int> woke{0};
  fearless::scope([&](fearless::scope_handle& s) {
    auto blocked = [&](auto wait) {
      s.spawn([&, wait, r = rx]() mutable {
        ++entered;
        wait(r);
        ++woke;
      });
    };
    blocked([](ch::receiver<tracked>& r) { EXPECT_EQ(r.recv(), std::nullopt); });
    blocked([](ch::receiver<tracked>& r) { EXPECT_TRUE(r.recv_timeout(1h).is_disconnected()); });
    blocked([](ch::receiver<tracked>& r) {
      EXPECT_TRUE(r.recv_deadline(ch::clock::now() + 1h).is_disconnected());
    });
    blocked([](ch::receiver<tracked>& r) {
      int count = 0;
      for (auto& message : r)
        count += message.value();
      EXPECT_EQ(count, 0);
    });
    blocked([](ch::receiver<tracked>& r) {
      const bool disconnected = ch::select(
          ch::recv(r, [](std::optional<tracked> m) { return !m.has_value(); }));
      EXPECT_TRUE(disconnected);
    });
    blocked([](ch::receiver<tracked>& r) {
      ch::selector sel;
      const std::size_t index = sel.recv(r);
      ch::selected_operation op = sel.select();
      EXPECT_EQ(op.index(), index);
      EXPECT_EQ(op.recv(r), std::nullopt);
    });
    EXPECT_TRUE(wait_for_count(entered, 6));
    std::this_thread::sleep_for(30ms);  // time to block
    EXPECT_EQ(woke.load(), 0) << "a receive returned on a connected, empty channel";
    drop(tx);  // the last sender: every blocked receive wakes
  });
  EXPECT_EQ(woke.load(), 6);
}

TEST_P(Disconnect, SelectOverSeveralChannelsWakesForTheOneThatDisconnects) {
  auto [tx_a, rx_a] = make_channel<int>(GetParam());
  auto [tx_b, rx_b] = make_channel<int>(GetParam());
  fearless::scope([&](fearless::scope_handle& s) {
    auto waiter = s.spawn([&] {
      return ch::select(ch::recv(rx_a, [](std::optional<int> m) { return m ? 10 : 1; }),
                        ch::recv(rx_b, [](std::optional<int> m) { return m ? 20 : 2; }));
    });
    std::this_thread::sleep_for(30ms);  // time to block
    drop(tx_b);
    EXPECT_EQ(waiter.join(), 2);
  });
  // The disconnected branch stays ready: a select never blocks on it again.
  EXPECT_EQ(ch::select(ch::recv(rx_b, [](std::optional<int> m) { return m.has_value(); })),
            false);
  EXPECT_TRUE(rx_a.try_recv().is_empty());
}

// --- receivers gone ---------------------------------------------------------------

TEST_P(Disconnect, SendsFailAndHandTheMessageBackOnceReceiversAreGone) {
  auto [tx, rx] = make_channel<tracked>(GetParam());
  drop(rx);
  ch::send_result<tracked> a = tx.send(tracked(1));
  ASSERT_TRUE(a.is_disconnected());
  EXPECT_EQ(a.message().value(), 1);
  ch::send_result<tracked> b = tx.try_send(tracked(2));
  ASSERT_TRUE(b.is_disconnected());
  EXPECT_EQ(b.message().value(), 2);
  ch::send_result<tracked> c = tx.send_timeout(tracked(3), 1h);
  ASSERT_TRUE(c.is_disconnected());
  EXPECT_EQ(c.message().value(), 3);
  ch::send_result<tracked> d = tx.send_deadline(tracked(4), ch::clock::now() + 1h);
  ASSERT_TRUE(d.is_disconnected());
  EXPECT_EQ(d.message().value(), 4);
  EXPECT_EQ(tracked::live.load(), 4);  // exactly the four handed back
  tracked back = std::move(d).message();
  EXPECT_EQ(back.value(), 4);
}

TEST_P(Disconnect, FullChannelReportsDisconnectedNotFull) {
  auto [tx, rx] = make_channel<int>(GetParam());
  for (std::size_t i = 0; i < room_of(GetParam()); ++i)
    ASSERT_TRUE(tx.send(static_cast<int>(i)));
  drop(rx);
  ch::send_result<int> r = tx.try_send(-1);
  EXPECT_TRUE(r.is_disconnected()) << static_cast<int>(r.status());
  EXPECT_EQ(r.message(), -1);
  EXPECT_TRUE(tx.send_timeout(-2, 10ms).is_disconnected());
}

TEST_P(Disconnect, OnlyTheLastReceiverDisconnects) {
  auto [tx, rx] = make_channel<int>(GetParam());
  ch::receiver<int> rx2 = rx;
  drop(rx);
  if (GetParam() == kind::zero) {
    ch::send_result<int> r = tx.try_send(1);
    EXPECT_TRUE(r.is_full()) << "rx2 still exists";
  } else {
    EXPECT_TRUE(tx.try_send(1));
    EXPECT_EQ(rx2.recv(), std::optional<int>(1));
  }
  drop(rx2);
  EXPECT_TRUE(tx.try_send(2).is_disconnected());
}

// The flavors whose sends block (an unbounded channel's never do).
class DisconnectBlockingSend : public Disconnect {};

TEST_P(DisconnectBlockingSend, ThreadsBlockedInEveryKindOfSendWakeWhenTheLastReceiverGoes) {
  auto [tx, rx] = make_channel<tracked>(GetParam());
  for (std::size_t i = 0; i < room_of(GetParam()); ++i)
    ASSERT_TRUE(tx.send(tracked(-1)));  // full: sends block now
  std::atomic<int> entered{0};
  std::atomic<int> woke{0};
  fearless::scope([&](fearless::scope_handle& s) {
    auto blocked = [&](int value, auto attempt) {
      s.spawn([&, value, attempt, t = tx]() mutable {
        ++entered;
        std::optional<ch::send_result<tracked>> r = attempt(t, tracked(value));
        ++woke;
        ASSERT_TRUE(r);
        ASSERT_TRUE(r->is_disconnected()) << "send " << value;
        EXPECT_EQ(r->message().value(), value) << "the message handed back is not the one sent";
      });
    };
    using result = std::optional<ch::send_result<tracked>>;
    blocked(1, [](ch::sender<tracked>& t, tracked m) -> result { return t.send(std::move(m)); });
    blocked(2, [](ch::sender<tracked>& t, tracked m) -> result {
      return t.send_timeout(std::move(m), 1h);
    });
    blocked(3, [](ch::sender<tracked>& t, tracked m) -> result {
      return t.send_deadline(std::move(m), ch::clock::now() + 1h);
    });
    blocked(4, [](ch::sender<tracked>& t, tracked m) -> result {
      return ch::select(ch::send(t, std::move(m), [](ch::send_result<tracked> r) {
        return result(std::move(r));
      }));
    });
    blocked(5, [](ch::sender<tracked>& t, tracked m) -> result {
      ch::selector sel;
      (void)sel.send(t);
      ch::selected_operation op = sel.select();
      return op.send(t, std::move(m));
    });
    EXPECT_TRUE(wait_for_count(entered, 5));
    std::this_thread::sleep_for(30ms);  // time to block
    EXPECT_EQ(woke.load(), 0) << "a send returned on a full channel";
    drop(rx);  // the last receiver: every blocked send wakes
  });
  EXPECT_EQ(woke.load(), 5);
}

// The flavors that queue messages (a rendezvous channel holds none).
class DisconnectQueueing : public Disconnect {};

TEST_P(DisconnectQueueing, QueuedMessagesOutliveTheReceiversUntilTheLastSender) {
  auto [tx, rx] = make_channel<tracked>(GetParam());
  const int queued = static_cast<int>(std::min<std::size_t>(room_of(GetParam()), 5));
  for (int i = 0; i < queued; ++i)
    ASSERT_TRUE(tx.send(tracked(i)));
  ch::sender<tracked> tx2 = tx;
  drop(rx);
  EXPECT_TRUE(tx.try_send(tracked(99)).is_disconnected());
  EXPECT_EQ(tracked::live.load(), queued);  // nobody can receive them, but...
  drop(tx);
  EXPECT_EQ(tracked::live.load(), queued);  // ...they go with the channel
  drop(tx2);
  EXPECT_EQ(tracked::live.load(), 0);
}

// --- both gone, in either order or at once ---------------------------------------

TEST_P(Disconnect, DropOrderDoesNotLeakOrDoubleFree) {
  for (int order = 0; order < 4; ++order) {
    auto [tx, rx] = make_channel<tracked>(GetParam());
    ch::sender<tracked> tx2 = tx;
    ch::receiver<tracked> rx2 = rx;
    const int queued = static_cast<int>(std::min<std::size_t>(room_of(GetParam()), 5));
    for (int i = 0; i < queued; ++i)
      ASSERT_TRUE(tx2.send(tracked(i)));
    switch (order) {
    case 0: drop(tx); drop(tx2); drop(rx); drop(rx2); break;
    case 1: drop(rx); drop(rx2); drop(tx); drop(tx2); break;
    case 2: drop(tx); drop(rx); drop(tx2); drop(rx2); break;
    default: drop(rx2); drop(tx2); drop(rx); drop(tx); break;
    }
    EXPECT_EQ(tracked::live.load(), 0) << "order " << order;
  }
}

TEST_P(Disconnect, LastSenderAndLastReceiverDroppedAtOnceFromTwoThreads) {
  // The two ends race to disconnect and to delete the channel: exactly one
  // must delete it, after both disconnects (ASan/TSan watch this).
  for (int round = 0; round < 200; ++round) {
    auto [tx, rx] = make_channel<tracked>(GetParam());
    const int queued = static_cast<int>(std::min<std::size_t>(room_of(GetParam()), 3));
    for (int i = 0; i < queued; ++i)
      ASSERT_TRUE(tx.send(tracked(i)));
    std::atomic<int> ready{0};
    auto drop_when_both_ready = [&ready](auto handle) {
      ++ready;
      while (ready.load() < 2)
        std::this_thread::yield();
      { auto gone = std::move(handle); }
    };
    std::thread a(drop_when_both_ready, std::move(tx));
    std::thread b(drop_when_both_ready, std::move(rx));
    a.join();
    b.join();
    ASSERT_EQ(tracked::live.load(), 0) << "round " << round;
  }
}

TEST_P(Disconnect, ProducerStopsWhenTheConsumerLeavesMidStream) {
  auto [tx, rx] = make_channel<tracked>(GetParam());
  std::atomic<int> handed_back{0};
  fearless::scope([&](fearless::scope_handle& s) {
    auto producer = s.spawn([&, tx = std::move(tx)]() mutable {
      int sent = 0;
      for (;;) {
        ch::send_result<tracked> r = tx.send(tracked(sent));
        if (!r) {
          EXPECT_TRUE(r.is_disconnected());
          EXPECT_EQ(r.message().value(), sent);
          ++handed_back;
          return sent;
        }
        ++sent;
        std::this_thread::yield();  // an unbounded channel would grow fast
      }
    });
    s.spawn([r = std::move(rx)]() mutable {
      for (int i = 0; i < 100; ++i) {
        std::optional<tracked> got = r.recv();
        ASSERT_TRUE(got);
        ASSERT_EQ(got->value(), i);
      }
    });  // ends: its receiver, the last one, disconnects the channel
    EXPECT_GE(producer.join(), 100);
  });
  EXPECT_EQ(handed_back.load(), 1);
}

TEST_P(Disconnect, ConsumersGetEverythingWhenProducersLeaveMidStream) {
  auto [tx, rx] = make_channel<tracked>(GetParam());
  constexpr int per_producer = 2000;
  std::atomic<long> sum{0};
  std::atomic<int> count{0};
  fearless::scope([&](fearless::scope_handle& s) {
    for (int p = 0; p < 2; ++p)
      s.spawn([p, t = tx]() mutable {
        for (int i = 0; i < per_producer; ++i)
          ASSERT_TRUE(t.send(tracked(p * per_producer + i)));
      });
    for (int c = 0; c < 2; ++c)
      s.spawn([&, r = rx]() mutable {
        for (auto& m : r) {
          sum += m.value();
          ++count;
        }
      });
    drop(tx);  // the producers hold the last senders now
    drop(rx);
  });
  constexpr long n = 2 * per_producer;
  EXPECT_EQ(count.load(), n);
  EXPECT_EQ(sum.load(), n * (n - 1) / 2);
}

TEST_P(Disconnect, SendersRacingTheLastReceiversDepartureEndEachMessageOnce) {
  // Three senders send until their send fails; the only receiver takes some
  // messages and leaves mid-stream. Every message then ends exactly once:
  // received, handed back to its sender, or destroyed with the channel.
  constexpr int senders = 3;
  constexpr int per_sender = 1000;
  static_assert(senders * per_sender <= tracked::max_counted);
  for (int round = 0; round < 20; ++round) {
    tracked::reset_ends();
    std::array<int, senders> created{};
    {
      auto [tx, rx] = make_channel<tracked>(GetParam());
      fearless::scope([&](fearless::scope_handle& s) {
        for (int id = 0; id < senders; ++id)
          s.spawn([&created, id, t = tx]() mutable {
            for (int k = 0; k < per_sender; ++k) {
              ++created[static_cast<std::size_t>(id)];
              ch::send_result<tracked> r = t.send(tracked(id * per_sender + k));
              if (!r) {
                EXPECT_TRUE(r.is_disconnected());
                EXPECT_EQ(r.message().value(), id * per_sender + k);
                return;
              }
            }
          });
        s.spawn([round, r = std::move(rx)]() mutable {
          for (int i = 0; i < round * 5; ++i)
            if (!r.recv())
              return;
        });  // leaves: the last receiver
        drop(tx);
      });
    }  // the channel is gone with its last handle
    for (int id = 0; id < senders; ++id)
      for (int k = 0; k < per_sender; ++k) {
        const int expected = k < created[static_cast<std::size_t>(id)] ? 1 : 0;
        ASSERT_EQ(tracked::ends[static_cast<std::size_t>(id * per_sender + k)].load(), expected)
            << "round " << round << ", message " << id * per_sender + k;
      }
  }
}

INSTANTIATE_TEST_SUITE_P(Flavors, Disconnect,
                         ::testing::Values(kind::zero, kind::bounded1, kind::bounded8,
                                           kind::unbounded),
                         kind_name);
INSTANTIATE_TEST_SUITE_P(Flavors, DisconnectBlockingSend,
                         ::testing::Values(kind::zero, kind::bounded1, kind::bounded8),
                         kind_name);
INSTANTIATE_TEST_SUITE_P(Flavors, DisconnectQueueing,
                         ::testing::Values(kind::bounded1, kind::bounded8, kind::unbounded),
                         kind_name);

// --- rendezvous specifics ---------------------------------------------------------

TEST(DisconnectZero, BlockedSenderWithItsOwnCopyKeepsTheChannelConnected) {
  auto [tx, rx] = ch::bounded<std::unique_ptr<int>>(0);
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([t = tx]() mutable { EXPECT_TRUE(t.send(std::make_unique<int>(5))); });
    drop(tx);  // not the last sender: the thread's copy is
    std::optional<std::unique_ptr<int>> got = rx.recv();
    ASSERT_TRUE(got && *got);
    EXPECT_EQ(**got, 5);
  });
  EXPECT_TRUE(rx.try_recv().is_disconnected());
}

TEST(DisconnectZero, BlockedSenderGetsItsUniquePtrBack) {
  auto [tx, rx] = ch::bounded<std::unique_ptr<int>>(0);
  auto box = std::make_unique<int>(9);
  int* const address = box.get();
  fearless::scope([&](fearless::scope_handle& s) {
    auto sender_thread = s.spawn([&, m = std::move(box)]() mutable {
      ch::send_result<std::unique_ptr<int>> r = tx.send(std::move(m));
      EXPECT_TRUE(r.is_disconnected());
      return std::move(r).message();
    });
    std::this_thread::sleep_for(30ms);  // time to block
    drop(rx);
    std::unique_ptr<int> back = sender_thread.join();
    EXPECT_EQ(back.get(), address);
  });
}

// --- scope + channels: an exception while threads block on a channel ------------

// The correct pattern: the channel's handles live inside the scope's body (or
// inside the spawned lambdas), so unwinding the body drops them and the
// blocked threads wake with "disconnected" before scope joins them. A sender
// declared *outside* fearless::scope would outlive the body, the consumer
// would stay blocked in recv, and scope would wait for it forever.
TEST(DisconnectScope, BodyThrowsWhileAConsumerIsBlockedInRecv) {
  std::atomic<int> consumed{0};
  std::atomic<bool> consumer_finished{false};
  EXPECT_THROW(fearless::scope([&](fearless::scope_handle& s) {
                 auto [tx, rx] = ch::bounded<int>(0);
                 s.spawn([&, rx = std::move(rx)]() mutable {
                   for (int v : rx)  // ends when the body's tx is destroyed
                     consumed += v;
                   consumer_finished = true;
                 });
                 ASSERT_TRUE(tx.send(1));
                 ASSERT_TRUE(tx.send(2));
                 throw std::runtime_error("the body failed");  // unwinding drops tx
               }),
               std::runtime_error);
  EXPECT_TRUE(consumer_finished.load());
  EXPECT_EQ(consumed.load(), 3);
}

TEST(DisconnectScope, BodyThrowsWhileAProducerIsBlockedInSend) {
  std::atomic<bool> producer_saw_disconnect{false};
  EXPECT_THROW(fearless::scope([&](fearless::scope_handle& s) {
                 auto [tx, rx] = ch::bounded<std::string>(1);
                 s.spawn([&, tx = std::move(tx)]() mutable {
                   for (int i = 0;; ++i) {
                     ch::send_result<std::string> r = tx.send(std::to_string(i));
                     if (!r) {
                       producer_saw_disconnect = r.is_disconnected();
                       return;
                     }
                   }
                 });
                 EXPECT_EQ(rx.recv(), std::optional<std::string>("0"));
                 throw std::logic_error("the body failed");  // unwinding drops rx
               }),
               std::logic_error);
  EXPECT_TRUE(producer_saw_disconnect.load());
}

TEST(DisconnectScope, WorkerThrowsWhileTheBodyIsBlockedInRecv) {
  // The worker's sender is captured by its lambda, which is destroyed when
  // the thread ends (also by an exception): the body's loop then ends, and
  // scope rethrows the worker's exception.
  int received = 0;
  EXPECT_THROW(fearless::scope([&](fearless::scope_handle& s) {
                 auto [tx, rx] = ch::unbounded<int>();
                 s.spawn([tx = std::move(tx)]() mutable {
                   ASSERT_TRUE(tx.send(1));
                   throw std::runtime_error("the worker failed");
                 });
                 for (int v : rx)
                   received += v;
               }),
               std::runtime_error);
  EXPECT_EQ(received, 1);
}

TEST(DisconnectScope, WorkersBlockedInSelectWakeWhenTheBodyThrows) {
  std::atomic<int> stopped{0};
  EXPECT_THROW(fearless::scope([&](fearless::scope_handle& s) {
                 auto [jobs_tx, jobs_rx] = ch::bounded<int>(0);
                 auto [results_tx, results_rx] = ch::unbounded<int>();
                 for (int w = 0; w < 3; ++w)
                   s.spawn([&, jobs = jobs_rx, results = results_tx]() mutable {
                     for (;;) {
                       std::optional<int> job = ch::select(ch::recv(
                           jobs, [](std::optional<int> j) { return j; }));
                       if (!job) {
                         ++stopped;
                         return;
                       }
                       if (!results.send(*job * 2))
                         return;
                     }
                   });
                 drop(jobs_rx);
                 drop(results_tx);
                 ASSERT_TRUE(jobs_tx.send(21));
                 EXPECT_EQ(results_rx.recv(), std::optional<int>(42));
                 throw std::runtime_error("the body failed");
               }),
               std::runtime_error);
  EXPECT_EQ(stopped.load(), 3);
}

}  // namespace
