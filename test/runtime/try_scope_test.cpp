// fearless::try_scope and cancellation: the first failure cancels the
// others and is the one rethrown; tokens are polled, waited on and selected
// on; parent tokens cancel their children.
#include "fearless/cancellation.hpp"
#include "fearless/select.hpp"
#include "fearless/try_scope.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
namespace ch = fearless::channel;

TEST(Cancellation, TokensSeeTheCancelAndDoneDisconnects) {
  fearless::cancellation_source source;
  fearless::cancellation_token token = source.token();
  EXPECT_FALSE(token.cancelled());
  EXPECT_FALSE(token.wait_for(1ms));
  EXPECT_TRUE(token.done().try_recv().is_empty());
  source.cancel();
  source.cancel();  // idempotent
  EXPECT_TRUE(token.cancelled());
  EXPECT_TRUE(source.cancelled());
  EXPECT_TRUE(token.wait_for(1h));
  token.wait();
  EXPECT_TRUE(token.done().try_recv().is_disconnected());
}

TEST(Cancellation, AMovedFromTokenStillObserves) {
  fearless::cancellation_source source;
  fearless::cancellation_token token = source.token();
  fearless::cancellation_token taken = std::move(token);
  source.cancel();
  EXPECT_TRUE(token.cancelled());  // NOLINT(bugprone-use-after-move): a move copies
  EXPECT_TRUE(taken.cancelled());
}

TEST(Cancellation, ATokenOutlivesItsSource) {
  std::optional<fearless::cancellation_token> token;
  {
    fearless::cancellation_source source;
    token = source.token();
  }
  EXPECT_FALSE(token->cancelled());
}

TEST(Cancellation, WaitersWakeOnCancel) {
  fearless::cancellation_source source;
  std::atomic<int> woken{0};
  std::vector<std::thread> waiters;
  for (int i = 0; i < 4; ++i)
    waiters.emplace_back([token = source.token(), &woken] {
      token.wait();
      woken.fetch_add(1);
    });
  std::this_thread::sleep_for(10ms);
  EXPECT_EQ(woken.load(), 0);
  source.cancel();
  for (auto& t : waiters)
    t.join();
  EXPECT_EQ(woken.load(), 4);
}

TEST(Cancellation, DoneIsSelectableBesideChannels) {
  fearless::cancellation_source source;
  auto [tx, rx] = ch::unbounded<int>();
  std::thread canceller([&source] {
    std::this_thread::sleep_for(5ms);
    source.cancel();
  });
  const fearless::cancellation_token token = source.token();
  int received = 0;
  bool stopped = false;
  while (!stopped)
    ch::select(ch::recv(rx, [&](std::optional<int> v) { received += v.value_or(0); }),
               ch::recv(token.done(), [&] { stopped = true; }));
  canceller.join();
  EXPECT_EQ(received, 0);
  EXPECT_TRUE(token.cancelled());
  // In a selector too.
  ch::selector sel;
  sel.recv(rx);
  const std::size_t cancelled_index = sel.recv(token.done());
  // NOLINTNEXTLINE(fearless-typestate): an ASSERT that fails returns with the operation pending
  ch::selected_operation op = sel.select();
  ASSERT_EQ(op.index(), cancelled_index);
  EXPECT_FALSE(op.recv(token.done()));
  (void)tx;
}

TEST(Cancellation, AChildIsCancelledWithItsParentNotTheOtherWayRound) {
  fearless::cancellation_source parent;
  fearless::cancellation_source child(parent.token());
  fearless::cancellation_source grandchild(child.token());
  fearless::cancellation_source sibling(parent.token());
  child.cancel();
  EXPECT_TRUE(grandchild.cancelled());
  EXPECT_FALSE(parent.cancelled());
  EXPECT_FALSE(sibling.cancelled());
  parent.cancel();
  EXPECT_TRUE(sibling.cancelled());
  // A child of a cancelled parent starts cancelled.
  fearless::cancellation_source late(parent.token());
  EXPECT_TRUE(late.cancelled());
}

TEST(Cancellation, AMovedFromSourceThrows) {
  fearless::cancellation_source source;
  fearless::cancellation_source other = std::move(source);
  EXPECT_THROW(source.cancel(), std::logic_error);  // NOLINT(bugprone-use-after-move)
  EXPECT_THROW((void)source.token(), std::logic_error);  // NOLINT(bugprone-use-after-move)
  EXPECT_FALSE(other.cancelled());
}

TEST(TryScope, ReturnsTheBodysResultWhenNothingFails) {
  std::vector<int> data{1, 2, 3, 4};
  const int total = fearless::try_scope([&](fearless::try_scope_handle& s) {
    auto left = s.spawn([&] { return data[0] + data[1]; });
    auto right = s.spawn([&](const fearless::cancellation_token& token) {
      EXPECT_FALSE(token.cancelled());
      return data[2] + data[3];
    });
    return left.join() + right.join();
  });
  EXPECT_EQ(total, 10);
}

TEST(TryScope, TheFirstFailureCancelsTheOthersAndIsRethrown) {
  std::atomic<int> stopped_by_cancel{0};
  try {
    fearless::try_scope([&](fearless::try_scope_handle& s) {
      for (int i = 0; i < 3; ++i)
        s.spawn([&](const fearless::cancellation_token& token) {
          token.wait();  // until some thread fails
          stopped_by_cancel.fetch_add(1);
          throw std::runtime_error("cancelled");
        });
      s.spawn([] {
        std::this_thread::sleep_for(5ms);
        throw std::invalid_argument("the cause");
      });
    });
    FAIL() << "try_scope did not rethrow";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the cause");
  }
  EXPECT_EQ(stopped_by_cancel.load(), 3);
}

TEST(TryScope, AFailureTakenThroughJoinStillCancelsButIsNotRethrown) {
  bool others_cancelled = false;
  fearless::try_scope([&](fearless::try_scope_handle& s) {
    auto failing = s.spawn([]() -> int { throw std::runtime_error("handled"); });
    auto waiting = s.spawn([](const fearless::cancellation_token& token) { token.wait(); });
    EXPECT_THROW((void)failing.join(), std::runtime_error);
    waiting.join();
    others_cancelled = s.token().cancelled();
  });
  EXPECT_TRUE(others_cancelled);
}

TEST(TryScope, ABodyThatThrowsCancelsAndJoinsItsThreads) {
  std::atomic<bool> worker_saw_cancel{false};
  EXPECT_THROW(fearless::try_scope([&](fearless::try_scope_handle& s) {
                 s.spawn([&](fearless::cancellation_token token) {
                   token.wait();
                   worker_saw_cancel = true;
                 });
                 throw std::runtime_error("body");
               }),
               std::runtime_error);
  EXPECT_TRUE(worker_saw_cancel.load());
}

TEST(TryScope, CancelStopsPollingWorkers) {
  std::atomic<long> spins{0};
  fearless::try_scope([&](fearless::try_scope_handle& s) {
    for (int i = 0; i < 2; ++i)
      s.spawn([&](const fearless::cancellation_token& token) {
        while (!token.cancelled())
          spins.fetch_add(1, std::memory_order_relaxed);
      });
    std::this_thread::sleep_for(2ms);
    s.cancel();
  });
  EXPECT_GT(spins.load(), 0);
}

TEST(TryScope, TheTokenIsCancelledOnceTheScopeReturns) {
  std::optional<fearless::cancellation_token> kept;
  fearless::try_scope([&](fearless::try_scope_handle& s) { kept = s.token(); });
  EXPECT_TRUE(kept->cancelled());
}

TEST(TryScope, AParentTokenCancelsTheScope) {
  fearless::cancellation_source shutdown;
  std::thread stopper([&shutdown] {
    std::this_thread::sleep_for(5ms);
    shutdown.cancel();
  });
  fearless::try_scope(shutdown.token(), [&](fearless::try_scope_handle& s) {
    s.spawn([](const fearless::cancellation_token& token) { token.wait(); });
  });
  stopper.join();
}

TEST(TryScope, ThreadsSpawnedByThreadsAreJoinedToo) {
  std::atomic<int> ran{0};
  fearless::try_scope([&](fearless::try_scope_handle& s) {
    s.spawn([&] {
      s.spawn([&] { ran.fetch_add(1); });
      ran.fetch_add(1);
    });
  });
  EXPECT_EQ(ran.load(), 2);
}

}  // namespace
