// fearless::scope: every spawned thread is joined before scope returns, join
// handles give results and exceptions, misuse is reported, not undefined.
#include "fearless/scope.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

TEST(Scope, JoinReturnsTheResult) {
  const std::vector<int> data{1, 2, 3, 4, 5, 6};
  const int total = fearless::scope([&](fearless::scope_handle &s) {
    const auto mid = data.begin() + 3;
    auto left = s.spawn([&] { return std::accumulate(data.begin(), mid, 0); });
    auto right = s.spawn([&] { return std::accumulate(mid, data.end(), 0); });
    return left.join() + right.join();
  });
  EXPECT_EQ(total, 21);
}

TEST(Scope, ThreadsNotJoinedByHandAreJoinedBeforeScopeReturns) {
  std::vector<int> slots(8, 0);
  fearless::scope([&](fearless::scope_handle &s) {
    for (std::size_t i = 0; i < slots.size(); ++i)
      s.spawn([&slots, i] { slots[i] = static_cast<int>(i) + 1; });
  });
  // Reading without synchronisation is safe only because scope joined all.
  for (std::size_t i = 0; i < slots.size(); ++i)
    EXPECT_EQ(slots[i], static_cast<int>(i) + 1);
}

TEST(Scope, JoinRethrowsTheThreadsException) {
  fearless::scope([](fearless::scope_handle &s) {
    auto failing = s.spawn([]() -> int { throw std::runtime_error("boom"); });
    EXPECT_THROW(failing.join(), std::runtime_error);
  });
}

TEST(Scope, UnobservedExceptionIsRethrownByScopeAfterJoiningAll) {
  std::atomic<int> finished{0};
  EXPECT_THROW(fearless::scope([&](fearless::scope_handle &s) {
                 s.spawn([] { throw std::runtime_error("first"); });
                 for (int i = 0; i < 4; ++i)
                   s.spawn([&] { ++finished; });
               }),
               std::runtime_error);
  EXPECT_EQ(finished.load(), 4);
}

TEST(Scope, ExceptionTakenByJoinIsNotRethrownAgain) {
  EXPECT_NO_THROW(fearless::scope([](fearless::scope_handle &s) {
    auto failing = s.spawn([] { throw std::runtime_error("seen"); });
    EXPECT_THROW(failing.join(), std::runtime_error);
  }));
}

TEST(Scope, BodyExceptionPropagatesAfterThreadsAreJoined) {
  std::atomic<bool> ran{false};
  try {
    fearless::scope([&](fearless::scope_handle &s) {
      s.spawn([&] { ran = true; });
      throw std::invalid_argument("body");
    });
    FAIL() << "scope did not rethrow the body's exception";
  } catch (const std::invalid_argument &e) {
    EXPECT_STREQ(e.what(), "body");
  }
  EXPECT_TRUE(ran.load());
}

TEST(Scope, SecondJoinThrowsLogicError) {
  fearless::scope([](fearless::scope_handle &s) {
    auto handle = s.spawn([] { return 7; });
    EXPECT_TRUE(handle.joinable());
    EXPECT_EQ(handle.join(), 7);
    EXPECT_FALSE(handle.joinable());
    // A second join is the misuse under test (fearless-typestate reports it).
    EXPECT_THROW(handle.join(), std::logic_error); // NOLINT(fearless-typestate)
  });
}

TEST(Scope, JoinOnMovedFromHandleThrowsLogicError) {
  fearless::scope([](fearless::scope_handle &s) {
    auto handle = s.spawn([] { return std::string("moved"); });
    auto owner = std::move(handle);
    EXPECT_THROW(handle.join(), std::logic_error); // NOLINT(fearless-typestate,bugprone-use-after-move)
    EXPECT_EQ(owner.join(), "moved");
  });
}

TEST(Scope, SpawnedThreadsMaySpawnMore) {
  std::atomic<int> count{0};
  fearless::scope([&](fearless::scope_handle &s) {
    for (int i = 0; i < 4; ++i)
      s.spawn([&] {
        ++count;
        for (int j = 0; j < 4; ++j)
          s.spawn([&] { ++count; });
      });
  });
  EXPECT_EQ(count.load(), 4 + 16);
}

TEST(Scope, ReturnsTheBodysResultAndSupportsVoidThreads) {
  int written = 0;
  const std::string result = fearless::scope([&](fearless::scope_handle &s) {
    s.spawn([&] { written = 42; }).join();
    return std::string("done");
  });
  EXPECT_EQ(result, "done");
  EXPECT_EQ(written, 42);
}

}  // namespace
