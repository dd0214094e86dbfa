// Channels without data (bounded<void>), try_iter(), and the receiver's
// iterator as a standard input iterator (containers, std::ranges).
#include <fearless/channel.hpp>
#include <fearless/scope.hpp>
#include <fearless/select.hpp>

#include <gtest/gtest.h>


#include <algorithm>
#include <atomic>
#include <chrono>
#include <iterator>
#include <memory>
#include <ranges>
#include <vector>

namespace {

namespace ch = fearless::channel;

TEST(UnitChannel, SendAndRecvCarryOnlyTheEvent) {
  auto [tx, rx] = ch::bounded<void>(2);
  EXPECT_TRUE(tx.send().sent());
  EXPECT_TRUE(tx.try_send().sent());
  EXPECT_TRUE(tx.try_send().is_full());
  EXPECT_TRUE(rx.recv());
  EXPECT_TRUE(rx.try_recv().has_value());
  EXPECT_TRUE(rx.try_recv().is_empty());
  tx.reset();
  EXPECT_FALSE(rx.recv());  // disconnected
}

TEST(UnitChannel, RendezvousSignalsBetweenThreads) {
  auto [done_tx, done_rx] = ch::bounded<void>(0);
  std::atomic<int> finished{0};
  fearless::scope([&](fearless::scope_handle& s) {
    for (int i = 0; i < 4; ++i)
      s.spawn([&, tx = done_tx] {
        finished.fetch_add(1);
        (void)tx.send();
      });
    done_tx.reset();
    int signals = 0;
    while (done_rx.recv())
      ++signals;
    EXPECT_EQ(signals, 4);
  });
  EXPECT_EQ(finished.load(), 4);
}

TEST(UnitChannel, UnboundedTimeoutsAndSelect) {
  auto [tx, rx] = ch::unbounded<void>();
  EXPECT_TRUE(rx.recv_timeout(std::chrono::milliseconds(1)).is_timeout());
  EXPECT_TRUE(tx.send_timeout(std::chrono::milliseconds(1)).sent());
  bool received = false;
  ch::select(ch::recv(rx, [&](std::optional<fearless::unit> u) { received = u.has_value(); }));
  EXPECT_TRUE(received);
  auto [stop_tx, stop_rx] = ch::bounded<void>(1);
  ch::select(ch::send(stop_tx, [](ch::send_result<fearless::unit> r) { EXPECT_TRUE(r.sent()); }));
  ch::selector sel;
  const std::size_t stop = sel.recv(stop_rx);
  // NOLINTNEXTLINE(fearless-typestate): an ASSERT that fails returns with the operation pending
  ch::selected_operation op = sel.select();
  ASSERT_EQ(op.index(), stop);
  EXPECT_TRUE(op.recv(stop_rx));
}

TEST(TryIter, YieldsOnlyWhatIsThereNow) {
  auto [tx, rx] = ch::unbounded<int>();
  for (int i = 0; i < 5; ++i)
    (void)tx.send(i);
  std::vector<int> now;
  for (int v : rx.try_iter())
    now.push_back(v);
  EXPECT_EQ(now, (std::vector<int>{0, 1, 2, 3, 4}));
  int more = 0;
  for (int v : rx.try_iter())  // empty, senders alive: ends at once
    more += v + 1;
  EXPECT_EQ(more, 0);
}

TEST(ReceiverIterator, FillsAContainerFromAnIteratorPair) {
  static_assert(std::input_iterator<ch::receiver<int>::iterator>);
  static_assert(std::ranges::input_range<const ch::receiver<int>&>);
  auto [tx, rx] = ch::bounded<int>(8);
  for (int i = 1; i <= 4; ++i)
    (void)tx.send(i);
  tx.reset();
  std::vector all(rx.begin(), rx.end());
  EXPECT_EQ(all, (std::vector<int>{1, 2, 3, 4}));
}

TEST(ReceiverIterator, RangesAlgorithmsDrainTheChannel) {
  auto [tx, rx] = ch::unbounded<int>();
  for (int i = 0; i < 10; ++i)
    (void)tx.send(i);
  tx.reset();
  EXPECT_EQ(std::ranges::count_if(rx, [](int v) { return v % 2 == 0; }), 5);
}

TEST(ReceiverIterator, MoveOnlyMessagesStillIterate) {
  auto [tx, rx] = ch::unbounded<std::unique_ptr<int>>();
  (void)tx.send(std::make_unique<int>(7));
  tx.reset();
  int sum = 0;
  for (auto& p : rx)
    sum += *p;
  EXPECT_EQ(sum, 7);
}

}  // namespace

namespace {

TEST(UnitChannels, NeverVoidNeverFires) {
  fearless::channel::receiver<void> off = fearless::channel::never<void>();
  EXPECT_TRUE(off.try_recv().is_empty());
  EXPECT_TRUE(off.recv_timeout(std::chrono::milliseconds(1)).is_timeout());
}

}  // namespace
