// fearless::join and fearless::thread_pool: results, exceptions, nesting,
// explicit pools, the global pool's configuration, and an idle pool that
// sleeps instead of spinning.
#include "fearless/join.hpp"
#include "fearless/par_iter.hpp"
#include "fearless/scope.hpp"
#include "fearless/thread_pool.hpp"

#include <gtest/gtest.h>

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace {

long fib(int n) {
  if (n < 2)
    return n;
  auto [a, b] = fearless::join([n] { return fib(n - 1); }, [n] { return fib(n - 2); });
  return a + b;
}

TEST(Join, ReturnsBothResults) {
  auto [number, text] = fearless::join([] { return 42; }, [] { return std::string("answer"); });
  EXPECT_EQ(number, 42);
  EXPECT_EQ(text, "answer");
}

TEST(Join, VoidClosuresGiveMonostateOrNothing) {
  int left = 0;
  int right = 0;
  fearless::join([&left] { left = 1; }, [&right] { right = 2; });
  static_assert(std::is_void_v<decltype(fearless::join([] {}, [] {}))>);
  EXPECT_EQ(left + right, 3);
  auto [nothing, value] = fearless::join([] {}, [] { return 7; });
  static_assert(std::is_same_v<decltype(nothing), std::monostate>);
  EXPECT_EQ(value, 7);
}

TEST(Join, MoveOnlyResults) {
  auto [a, b] = fearless::join([] { return std::make_unique<int>(1); },
                               [] { return std::make_unique<int>(2); });
  EXPECT_EQ(*a + *b, 3);
}

TEST(Join, DeepRecursionDoesNotDeadlock) {
  EXPECT_EQ(fib(24), 46368);
}

void count_leaves(std::atomic<int>& calls, int depth) {
  if (depth == 0) {
    calls.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  fearless::join([&calls, depth] { count_leaves(calls, depth - 1); },
                 [&calls, depth] { count_leaves(calls, depth - 1); });
}

TEST(Join, RunsBothSidesOnceEachUnderNesting) {
  std::atomic<int> calls{0};
  count_leaves(calls, 14);
  EXPECT_EQ(calls.load(), 1 << 14);
}

TEST(Join, UsesMoreThanOneThreadWhenThereAreSeveral) {
  if (fearless::current_num_threads() < 2)
    GTEST_SKIP() << "one-thread pool";
  // Both sides wait until the other has started: this only finishes if they
  // run at the same time.
  std::atomic<int> started{0};
  auto side = [&started] {
    started.fetch_add(1);
    while (started.load() < 2)
      std::this_thread::yield();
  };
  fearless::join(side, side);
  EXPECT_EQ(started.load(), 2);
}

TEST(Join, ExceptionFromEitherSideReachesTheCaller) {
  EXPECT_THROW(fearless::join([] { throw std::runtime_error("left"); }, [] {}),
               std::runtime_error);
  EXPECT_THROW(fearless::join([] {}, [] { throw std::logic_error("right"); }), std::logic_error);
}

TEST(Join, WhenBothThrowTheFirstClosuresExceptionWins) {
  try {
    fearless::join([] { throw std::runtime_error("left"); },
                   [] { throw std::logic_error("right"); });
    FAIL() << "join did not throw";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "left");
  }
}

TEST(Join, TheOtherSideFinishesBeforeTheExceptionPropagates) {
  std::atomic<bool> right_done{false};
  EXPECT_THROW(fearless::join(
                   [] {
                     std::this_thread::sleep_for(std::chrono::milliseconds(1));
                     throw std::runtime_error("left");
                   },
                   [&right_done] {
                     std::this_thread::sleep_for(std::chrono::milliseconds(20));
                     right_done.store(true);
                   }),
               std::runtime_error);
  // Either the right side ran to the end, or it was never started (skipped
  // because the left failed first); it is never still running here.
  const bool done = right_done.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  EXPECT_EQ(right_done.load(), done);
}

TEST(Join, ThePoolStaysUsableAfterExceptions) {
  for (int i = 0; i < 100; ++i)
    EXPECT_THROW(fearless::join([] { return fib(10); }, []() -> int { throw 1; }), int);
  EXPECT_EQ(fib(15), 610);
}

TEST(Join, FromManyOutsideThreadsAtOnce) {
  std::vector<long> results(8, 0);
  fearless::scope([&results](fearless::scope_handle& s) {
    for (std::size_t i = 0; i < results.size(); ++i)
      s.spawn([&results, i] { results[i] = fib(16); });
  });
  for (long r : results)
    EXPECT_EQ(r, 987);
}

TEST(ThreadPool, InstallRunsOnThePoolsThreads) {
  fearless::thread_pool pool(3);
  EXPECT_EQ(pool.num_threads(), 3u);
  EXPECT_FALSE(pool.current_thread_index().has_value());
  const auto index = pool.install([&pool] { return pool.current_thread_index(); });
  ASSERT_TRUE(index.has_value());
  EXPECT_LT(*index, 3u);
  EXPECT_EQ(pool.install([] { return fearless::current_num_threads(); }), 3u);
}

TEST(ThreadPool, WorkStartedInsideInstallStaysInThePool) {
  fearless::thread_pool pool(2);
  std::atomic<int> items{0};
  std::atomic<int> outside_the_pool{0};
  pool.install([&] {
    fearless::par_range(0, 10000).with_max_len(1).for_each([&](int) {
      items.fetch_add(1, std::memory_order_relaxed);
      if (!pool.current_thread_index().has_value())
        outside_the_pool.fetch_add(1, std::memory_order_relaxed);
    });
  });
  EXPECT_EQ(items.load(), 10000);
  EXPECT_EQ(outside_the_pool.load(), 0);
}

TEST(ThreadPool, InstallRethrowsAndTheResultTypeDecays) {
  fearless::thread_pool pool(2);
  EXPECT_THROW(pool.install([]() -> int { throw std::out_of_range("x"); }), std::out_of_range);
  int value = 5;
  auto copy = pool.install([&value]() -> int& { return value; });
  static_assert(std::is_same_v<decltype(copy), int>);
  EXPECT_EQ(copy, 5);
}

TEST(ThreadPool, InstallFromManyThreadsAtOnce) {
  fearless::thread_pool pool(2);
  std::vector<long> results(6, 0);
  fearless::scope([&pool, &results](fearless::scope_handle& s) {
    for (std::size_t t = 0; t < results.size(); ++t)
      s.spawn([&pool, &results, t] {
        for (int round = 0; round < 10; ++round)
          results[t] = pool.install([] { return fib(14); });
      });
  });
  for (long r : results)
    EXPECT_EQ(r, 377);
}

TEST(ThreadPool, DefaultThreadNamesStayDistinctWithinLinuxsLimit) {
  fearless::thread_pool pool(12);
  std::atomic<int> named{0};
  pool.install([&named] {
    fearless::par_range(0, 1000).with_max_len(1).for_each([&named](int) {
      char buffer[16] = {};
      pthread_getname_np(pthread_self(), buffer, sizeof buffer);
      const std::string name(buffer);
      if (name.rfind("fearless-p-", 0) == 0 && name.size() > 11)
        named.fetch_add(1, std::memory_order_relaxed);
    });
  });
  EXPECT_EQ(named.load(), 1000);
}

TEST(ThreadPool, OnePoolInsideAnother) {
  fearless::thread_pool outer(2);
  fearless::thread_pool inner(1);
  const long result = outer.install([&] {
    return inner.install([] { return fib(18); }) + fib(10);
  });
  EXPECT_EQ(result, 2584 + 55);
}

TEST(ThreadPool, APoolWhoseWorkerWaitedOnAnotherPoolCanBeDestroyedAtOnce) {
  // The other pool's thread wakes our worker after setting the latch it
  // waits on; destroying our pool right after must not race with that wake
  // (AddressSanitizer would report a use after free).
  fearless::thread_pool other(1);
  for (int i = 0; i < 200; ++i) {
    fearless::thread_pool ours(1);
    EXPECT_EQ(ours.install([&other] { return other.install([] { return 7; }); }), 7);
  }
}

TEST(ThreadPool, ABlockingClosureWhoseOtherHalfWasMissedStillFinishes) {
  // `a` blocks until `b` has run. If the only other worker fell asleep just
  // as `b` was pushed, it must still find `b` (it looks around every 10 ms).
  fearless::thread_pool pool(2);
  for (int i = 0; i < 200; ++i) {
    std::atomic<bool> b_ran{false};
    pool.install([&b_ran] {
      fearless::join(
          [&b_ran] {
            while (!b_ran.load())
              std::this_thread::yield();
          },
          [&b_ran] { b_ran.store(true); });
    });
    if (i % 50 == 0)  // let the other worker fall asleep now and then
      std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  SUCCEED();
}

TEST(ThreadPool, ASingleThreadPoolRunsNestedWorkWithoutDeadlock) {
  fearless::thread_pool pool(1);
  EXPECT_EQ(pool.install([] { return fib(18); }), 2584);
  EXPECT_EQ(pool.install([] {
              return fearless::par_range(0, 1000).map([](int x) { return fib(x % 8); }).sum();
            }),
            fearless::par_range(0, 1000).map([](int x) { return fib(x % 8); }).sum());
}

TEST(ThreadPool, PoolsAreCreatedAndDestroyedRepeatedly) {
  for (int i = 0; i < 20; ++i) {
    fearless::thread_pool pool(static_cast<std::size_t>(1 + i % 3));
    EXPECT_EQ(pool.install([] { return fib(12); }), 144);
  }
}

TEST(ThreadPool, ZeroThreadsMeansOnePerHardwareThread) {
  fearless::thread_pool pool(0);
  const unsigned hardware = std::thread::hardware_concurrency();
  EXPECT_EQ(pool.num_threads(), hardware == 0 ? 1u : hardware);
}

TEST(ThreadPool, ThreadsAreNamedWithThePrefix) {
  fearless::thread_pool pool(fearless::thread_pool_options{2, "render"});
  const std::string name = pool.install([] {
    char buffer[16] = {};
    pthread_getname_np(pthread_self(), buffer, sizeof buffer);
    return std::string(buffer);
  });
  EXPECT_EQ(name.rfind("render-", 0), 0u) << name;
}

TEST(ThreadPool, ScopedThreadsCanBeSpawnedFromPoolWork) {
  fearless::thread_pool pool(2);
  const int total = pool.install([] {
    return fearless::scope([](fearless::scope_handle& s) {
      auto a = s.spawn([] { return fearless::par_range(0, 100).sum(); });
      auto b = s.spawn([] { return 1; });
      return a.join() + b.join();
    });
  });
  EXPECT_EQ(total, 4951);
}

double process_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

TEST(ThreadPool, AnIdlePoolSleeps) {
  fearless::thread_pool pool(2);
  (void)pool.install([] { return fib(15); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let the workers fall asleep
  const double before = process_cpu_seconds();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const double used = process_cpu_seconds() - before;
  // Spinning workers would burn ~0.6 s of CPU here.
  EXPECT_LT(used, 0.03) << "CPU seconds used by an idle pool in 0.3 s";
}

TEST(GlobalPool, TheCallerWorksInItWhileItWaits) {
  // The first closure of a join started outside the pools runs on the
  // calling thread itself.
  const auto caller = std::this_thread::get_id();
  const auto [where, unused] = fearless::join([] { return std::this_thread::get_id(); }, [] { return 0; });
  (void)unused;
  EXPECT_EQ(where, caller);
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  if (std::getenv("FEARLESS_NUM_THREADS") == nullptr) {
    EXPECT_EQ(fearless::current_num_threads(), hardware);
  }
}

TEST(GlobalPool, ConfiguringAfterFirstUseIsRefused) {
  (void)fearless::par_range(0, 10).sum();  // the global pool exists now
  EXPECT_THROW(fearless::configure_global_pool({4, "late"}), std::logic_error);
}

TEST(GlobalPool, CurrentThreadIndexIsEmptyOutsideAnyPool) {
  EXPECT_FALSE(fearless::current_thread_index().has_value());
  // Items run partly on the caller (working in the global pool: no index)
  // and partly on the pool's own threads (an index below num_threads - 1).
  std::atomic<int> on_pool_threads{0};
  std::atomic<int> bad_index{0};
  const std::size_t own_threads = fearless::current_num_threads() - 1;
  fearless::par_range(0, 200).with_max_len(1).for_each([&](int) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    if (auto index = fearless::current_thread_index()) {
      on_pool_threads.fetch_add(1);
      if (*index >= own_threads)
        bad_index.fetch_add(1);
    }
  });
  if (own_threads > 0) {
    EXPECT_GT(on_pool_threads.load(), 0);
  }
  EXPECT_EQ(bad_index.load(), 0);
}

}  // namespace
