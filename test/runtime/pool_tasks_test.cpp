// Tasks on the work-stealing pool: pool_scope (borrowing tasks, nested
// spawns, exceptions), fire-and-forget spawn, broadcast (once per pool
// thread, overlapping and nested) and par_bridge (input ranges and channel
// receivers).
#include "fearless/broadcast.hpp"
#include "fearless/channel.hpp"
#include "fearless/par_bridge.hpp"
#include "fearless/par_iter.hpp"
#include "fearless/pool_scope.hpp"
#include "fearless/scope.hpp"
#include "fearless/thread_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <list>
#include <memory>
#include <numeric>
#include <set>
#include <sstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

TEST(PoolScope, TasksMayBorrowAndAllFinishBeforeItReturns) {
  std::vector<int> out(1000, 0);
  const std::vector<int> in = [] {
    std::vector<int> v(1000);
    std::iota(v.begin(), v.end(), 0);
    return v;
  }();
  fearless::pool_scope([&](fearless::pool_scope_handle& s) {
    for (std::size_t i = 0; i < in.size(); ++i)
      s.spawn([&, i] { out[i] = in[i] * 2; });
  });
  for (std::size_t i = 0; i < in.size(); ++i)
    EXPECT_EQ(out[i], in[i] * 2);
}

long tree_sum(fearless::pool_scope_handle& s, std::atomic<long>& total, int depth) {
  total.fetch_add(1, std::memory_order_relaxed);
  if (depth > 0)
    for (int child = 0; child < 2; ++child)
      s.spawn([&total, depth](fearless::pool_scope_handle& inner) { tree_sum(inner, total, depth - 1); });
  return 0;
}

TEST(PoolScope, TasksSpawnTasksAndTheBodysValueIsReturned) {
  std::atomic<long> nodes{0};
  const int answer = fearless::pool_scope([&](fearless::pool_scope_handle& s) {
    tree_sum(s, nodes, 10);
    return 42;
  });
  EXPECT_EQ(answer, 42);
  EXPECT_EQ(nodes.load(), (1L << 11) - 1);
}

TEST(PoolScope, TheFirstExceptionIsRethrownAfterEveryTaskRan) {
  std::atomic<int> ran{0};
  EXPECT_THROW(fearless::pool_scope([&](fearless::pool_scope_handle& s) {
                 for (int i = 0; i < 100; ++i)
                   s.spawn([&, i] {
                     ran.fetch_add(1);
                     if (i == 50)
                       throw std::runtime_error("task 50");
                   });
               }),
               std::runtime_error);
  EXPECT_EQ(ran.load(), 100);
  EXPECT_THROW(fearless::pool_scope([](fearless::pool_scope_handle&) { throw std::invalid_argument("body"); }),
               std::invalid_argument);
}

TEST(PoolScope, RunsOnTheInstalledPool) {
  fearless::thread_pool pool(2);
  std::atomic<int> on_pool{0};
  pool.install([&] {
    fearless::pool_scope([&](fearless::pool_scope_handle& s) {
      for (int i = 0; i < 50; ++i)
        s.spawn([&] {
          if (pool.current_thread_index())
            on_pool.fetch_add(1);
        });
    });
  });
  EXPECT_EQ(on_pool.load(), 50);
}

TEST(Spawn, FireAndForgetRunsOnTheGlobalPool) {
  auto [tx, rx] = fearless::channel::unbounded<int>();
  for (int i = 0; i < 20; ++i)
    fearless::spawn([tx = tx, i] { (void)tx.send(i); });
  std::set<int> seen;
  for (int i = 0; i < 20; ++i)
    seen.insert(*rx.recv());
  EXPECT_EQ(seen.size(), 20u);
}

TEST(Broadcast, RunsOnceOnEveryPoolThread) {
  fearless::thread_pool pool(3);
  const auto indices = pool.install([] {
    return fearless::broadcast([](fearless::broadcast_context cx) {
      EXPECT_EQ(cx.num_threads, 3u);
      return cx.index;
    });
  });
  EXPECT_EQ(indices, (std::vector<std::size_t>{0, 1, 2}));
  std::atomic<int> calls{0};
  pool.install([&] { fearless::broadcast([&] { calls.fetch_add(1); }); });
  EXPECT_EQ(calls.load(), 3);
}

TEST(Broadcast, FromOutsideEveryPoolUsesTheGlobalPool) {
  const auto ids = fearless::broadcast([] { return std::this_thread::get_id(); });
  EXPECT_EQ(std::set<std::thread::id>(ids.begin(), ids.end()).size(), ids.size());
  EXPECT_EQ(std::count(ids.begin(), ids.end(), std::this_thread::get_id()), 0);
}

TEST(Broadcast, ConcurrentBroadcastsAllRunEverywhere) {
  fearless::thread_pool pool(2);
  std::atomic<int> calls{0};
  fearless::scope([&](fearless::scope_handle& s) {
    for (int t = 0; t < 4; ++t)
      s.spawn([&] {
        for (int round = 0; round < 10; ++round)
          pool.install([&] { fearless::broadcast([&] { calls.fetch_add(1); }); });
      });
  });
  EXPECT_EQ(calls.load(), 4 * 10 * 2);
}

TEST(Broadcast, BroadcastsNestAndExceptionsComeBack) {
  fearless::thread_pool pool(2);
  std::atomic<int> inner{0};
  pool.install([&] {
    fearless::broadcast([&] {
      const auto ones = fearless::broadcast([] { return 1; });
      inner.fetch_add(static_cast<int>(ones.size()));
    });
  });
  EXPECT_EQ(inner.load(), 4);
  EXPECT_THROW(pool.install([] {
                 fearless::broadcast([](fearless::broadcast_context cx) {
                   if (cx.index == 1)
                     throw std::runtime_error("thread 1");
                 });
               }),
               std::runtime_error);
}

TEST(ParBridge, AnInputRangeIsProcessedOnceItemByItem) {
  std::list<int> numbers(2000);
  std::iota(numbers.begin(), numbers.end(), 1);
  EXPECT_EQ(fearless::par_bridge(numbers).map([](int x) { return static_cast<long>(x); }).sum(),
            2000L * 2001 / 2);
  // A named range can be bridged again.
  auto evens = fearless::par_bridge(numbers).filter([](int x) { return x % 2 == 0; });
  EXPECT_EQ(evens.count(), 1000u);
  EXPECT_EQ(evens.count(), 1000u);
  std::istringstream text("3 1 4 1 5 9 2 6");
  auto digits = fearless::par_bridge(std::ranges::subrange(std::istream_iterator<int>(text),
                                                           std::istream_iterator<int>()))
                    .collect();
  std::sort(digits.begin(), digits.end());
  EXPECT_EQ(digits, (std::vector<int>{1, 1, 2, 3, 4, 5, 6, 9}));
}

TEST(ParBridge, AnRvalueRangeIsMovedInAndConsumedOnce) {
  std::list<std::string> words{"a", "bb", "ccc"};
  auto lengths = fearless::par_bridge(std::move(words)).map([](std::string&& w) { return w.size(); });
  EXPECT_EQ(lengths.sum(), 6u);
  EXPECT_THROW((void)lengths.sum(), std::logic_error);
}

TEST(ParBridge, AReceiverIsBridgedByReceivingAndMovesItsMessages) {
  auto [tx, rx] = fearless::channel::unbounded<std::unique_ptr<int>>();
  for (int i = 1; i <= 100; ++i)
    (void)tx.send(std::make_unique<int>(i));
  tx.reset();
  auto bridged = fearless::par_bridge(rx);  // rx is not const: still the receiver overload
  EXPECT_EQ(bridged.map([](std::unique_ptr<int>&& p) { return static_cast<long>(*p); }).sum(), 5050L);
  EXPECT_THROW((void)bridged.count(), std::logic_error);
}

TEST(Spawn, FromACallerWorkingInTheGlobalPoolTheTaskStillRuns) {
  auto [tx, rx] = fearless::channel::unbounded<int>();
  // The par_iter callable may run on this thread, working in a seat of the
  // global pool that it leaves once the terminal is done.
  fearless::par_range(0, 4).for_each([tx = tx](int i) { fearless::spawn([tx, i] { (void)tx.send(i); }); });
  int seen = 0;
  for (int i = 0; i < 4; ++i)
    seen += rx.recv_timeout(std::chrono::seconds(10)).has_value() ? 1 : 0;
  EXPECT_EQ(seen, 4);
}

TEST(ParBridge, AReceiverIsDrainedUntilItsSendersAreGone) {
  auto [tx, rx] = fearless::channel::bounded<int>(16);
  long total = 0;
  fearless::scope([&, tx = std::move(tx)](fearless::scope_handle& s) mutable {
    for (int p = 0; p < 2; ++p)
      s.spawn([tx = tx, p] {
        for (int i = 0; i < 500; ++i)
          (void)tx.send(p * 1000 + i);
      });
    { auto gone = std::move(tx); }  // drop ours: the producers hold the rest
    total = fearless::par_bridge(rx).map([](int x) { return static_cast<long>(x); }).sum();
  });
  EXPECT_EQ(total, 2 * (499L * 500 / 2) + 1000L * 500);
}

}  // namespace
