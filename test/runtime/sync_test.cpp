// fearless::mutex<T>, rw_lock<T>, semaphore, wait_group, once_cell<T>,
// lazy<T>: data reached only through guards, exclusion under contention,
// and misuse reported (std::logic_error), never undefined.
#include "fearless/scope.hpp"
#include "fearless/sync.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

constexpr int threads = 4;
constexpr int rounds = 10000;

TEST(Mutex, SpellingsOfTheIssue) {
  fearless::mutex<std::vector<int>> m;
  m.lock()->push_back(1);
  fearless::rw_lock<std::map<int, int>> table;
  table.write()->emplace(1, 2);
  const int seen = table.read()->at(1);
  fearless::semaphore sem(2);
  { auto permit = sem.acquire(); }
  fearless::wait_group wg;
  EXPECT_EQ(m.lock()->size(), 1u);
  EXPECT_EQ(seen, 2);
  EXPECT_EQ(sem.available_permits(), 2u);
  EXPECT_EQ(wg.pending(), 0u);
}

TEST(Mutex, GuardsExcludeEachOther) {
  fearless::mutex<long> counter(0);
  fearless::scope([&](fearless::scope_handle &s) {
    for (int t = 0; t < threads; ++t)
      s.spawn([&] {
        for (int i = 0; i < rounds; ++i)
          ++*counter.lock();
      });
  });
  EXPECT_EQ(*counter.lock(), long{threads} * rounds);
}

TEST(Mutex, InPlaceConstructionAndIntoInner) {
  fearless::mutex<std::string> name(std::in_place, 3, 'x');
  name.lock()->append("y");
  EXPECT_EQ(std::move(name).into_inner(), "xxxy");
}

TEST(Mutex, TryLockFailsWhileAnotherThreadHoldsIt) {
  fearless::mutex<int> value(1);
  std::latch held(1), checked(1);
  fearless::scope([&](fearless::scope_handle &s) {
    s.spawn([&] {
      auto guard = value.lock();
      held.count_down();
      checked.wait();
    });
    held.wait();
    EXPECT_FALSE(value.try_lock().has_value());
    EXPECT_FALSE(value.try_lock_for(1ms).has_value());
    EXPECT_THROW(value.get_mut(), std::logic_error);
    checked.count_down();
  });
  auto guard = value.try_lock();
  ASSERT_TRUE(guard.has_value());
  EXPECT_EQ(**guard, 1);
}

TEST(Mutex, MovedFromAndUnlockedGuardsThrow) {
  fearless::mutex<int> value(7);
  auto first = value.lock();
  auto second = std::move(first);
  EXPECT_FALSE(first);
  EXPECT_THROW(*first, std::logic_error);
  EXPECT_EQ(*second, 7);
  second.unlock();
  EXPECT_FALSE(second);
  EXPECT_THROW(second.unlock(), std::logic_error);
  EXPECT_TRUE(value.try_lock().has_value());  // unlocked for real
}

TEST(Mutex, GetMutWithoutGuards) {
  fearless::mutex<int> value(1);
  value.get_mut() = 5;
  EXPECT_EQ(*value.lock(), 5);
}

TEST(RwLock, ReadersShareTheLock) {
  fearless::rw_lock<int> value(3);
  std::latch both_reading(2);
  fearless::scope([&](fearless::scope_handle &s) {
    for (int t = 0; t < 2; ++t)
      s.spawn([&] {
        auto guard = value.read();
        both_reading.arrive_and_wait();  // would never return if exclusive
        EXPECT_EQ(*guard, 3);
      });
  });
}

TEST(RwLock, WritersExcludeEveryone) {
  fearless::rw_lock<std::vector<int>> values;
  fearless::scope([&](fearless::scope_handle &s) {
    for (int t = 0; t < threads; ++t)
      s.spawn([&] {
        for (int i = 0; i < rounds / 10; ++i) {
          values.write()->push_back(i);
          const auto guard = values.read();
          EXPECT_FALSE(guard->empty());
        }
      });
  });
  EXPECT_EQ(values.read()->size(), std::size_t{threads} * (rounds / 10));
}

TEST(RwLock, TryWriteFailsWhileReadAndTryReadWhileWritten) {
  fearless::rw_lock<int> value(1);
  std::latch held(1), checked(1);
  fearless::scope([&](fearless::scope_handle &s) {
    s.spawn([&] {
      auto reading = value.read();
      held.count_down();
      checked.wait();
    });
    held.wait();
    EXPECT_FALSE(value.try_write().has_value());
    EXPECT_FALSE(value.try_write_for(1ms).has_value());
    EXPECT_TRUE(value.try_read().has_value());
    EXPECT_THROW(value.get_mut(), std::logic_error);
    checked.count_down();
  });
  auto writing = value.write();
  std::latch tried(1);
  fearless::scope([&](fearless::scope_handle &s) {
    s.spawn([&] {
      EXPECT_FALSE(value.try_read().has_value());
      EXPECT_FALSE(value.try_read_for(1ms).has_value());
      tried.count_down();
    });
  });
  tried.wait();
  *writing = 2;
  writing.unlock();
  EXPECT_EQ(std::move(value).into_inner(), 2);
}

TEST(RwLock, MovedFromGuardsThrow) {
  fearless::rw_lock<int> value(1);
  auto reading = value.read();
  auto moved = std::move(reading);
  EXPECT_THROW(*reading, std::logic_error);
  moved.unlock();
  auto writing = value.write();
  auto moved_writer = std::move(writing);
  EXPECT_THROW(*writing, std::logic_error);
  EXPECT_EQ(*moved_writer, 1);
}

TEST(Semaphore, NeverMoreHoldersThanPermits) {
  fearless::semaphore sem(2);
  std::atomic<int> inside{0}, most{0};
  fearless::scope([&](fearless::scope_handle &s) {
    for (int t = 0; t < 6; ++t)
      s.spawn([&] {
        for (int i = 0; i < 200; ++i) {
          auto permit = sem.acquire();
          const int now = inside.fetch_add(1) + 1;
          int seen = most.load();
          while (now > seen && !most.compare_exchange_weak(seen, now)) {
          }
          inside.fetch_sub(1);
        }
      });
  });
  EXPECT_LE(most.load(), 2);
  EXPECT_GE(most.load(), 1);
  EXPECT_EQ(sem.available_permits(), 2u);
}

TEST(Semaphore, TryAcquireAndTimeout) {
  fearless::semaphore sem(1);
  auto first = sem.try_acquire();
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(sem.try_acquire().has_value());
  EXPECT_FALSE(sem.acquire_for(2ms).has_value());
  first->release();
  EXPECT_THROW(first->release(), std::logic_error);
  auto second = sem.acquire_for(1s);
  EXPECT_TRUE(second.has_value());
  sem.add_permits(2);
  EXPECT_EQ(sem.available_permits(), 2u);
}

TEST(Semaphore, PermitMovesCarryTheUnit) {
  fearless::semaphore sem(1);
  auto permit = sem.acquire();
  auto moved = std::move(permit);
  EXPECT_FALSE(permit);
  EXPECT_EQ(sem.available_permits(), 0u);
  moved = sem.try_acquire().value_or(std::move(moved));
  EXPECT_EQ(sem.available_permits(), 0u);
  { auto gone = std::move(moved); }
  EXPECT_EQ(sem.available_permits(), 1u);
  EXPECT_THROW(fearless::semaphore(fearless::semaphore::max_permits() + 1),
               std::length_error);
}

TEST(WaitGroup, WaitsForEveryPiece) {
  fearless::wait_group wg;
  std::atomic<int> finished{0};
  fearless::scope([&](fearless::scope_handle &s) {
    for (int t = 0; t < threads; ++t) {
      wg.add();
      s.spawn([&] {
        finished.fetch_add(1);
        wg.done();
      });
    }
    wg.wait();
    EXPECT_EQ(finished.load(), threads);
  });
  EXPECT_TRUE(wg.wait_for(0ms));
}

TEST(WaitGroup, TooManyDonesThrowAndTimeoutsReturnFalse) {
  fearless::wait_group wg;
  EXPECT_THROW(wg.done(), std::logic_error);
  wg.add(2);
  wg.done();
  EXPECT_FALSE(wg.wait_for(2ms));
  EXPECT_EQ(wg.pending(), 1u);
  wg.done();
  EXPECT_TRUE(wg.wait_for(0ms));
}

TEST(OnceCell, InitialisedOnceByConcurrentCallers) {
  fearless::once_cell<std::string> cell;
  std::atomic<int> runs{0};
  std::vector<const std::string *> seen(threads);
  fearless::scope([&](fearless::scope_handle &s) {
    for (int t = 0; t < threads; ++t)
      s.spawn([&, t] {
        seen[t] = &cell.get_or_init([&] {
          runs.fetch_add(1);
          return std::string("config");
        });
      });
  });
  EXPECT_EQ(runs.load(), 1);
  for (const std::string *value : seen)
    EXPECT_EQ(value, cell.get());
  EXPECT_EQ(*cell.get(), "config");
  EXPECT_FALSE(cell.set("other"));
}

TEST(OnceCell, AThrowingInitLeavesItEmpty) {
  fearless::once_cell<int> cell;
  EXPECT_EQ(cell.get(), nullptr);
  EXPECT_THROW(cell.get_or_init([]() -> int { throw std::runtime_error("no"); }),
               std::runtime_error);
  EXPECT_FALSE(cell.has_value());
  EXPECT_TRUE(cell.set(4));
  EXPECT_EQ(cell.get_or_init([] { return 5; }), 4);
  *cell.get_mut() = 6;
  EXPECT_EQ(*cell.get(), 6);
}

TEST(Lazy, ComputedOnFirstUse) {
  int runs = 0;
  fearless::lazy<std::string> text([&] {
    ++runs;
    return std::string("abc");
  });
  EXPECT_FALSE(text.is_initialized());
  EXPECT_EQ(text->size(), 3u);
  EXPECT_EQ(*text, "abc");
  EXPECT_EQ(runs, 1);
  fearless::lazy deduced([] { return 42; });
  EXPECT_EQ(*deduced, 42);
}

}  // namespace

// --- lifetimes and misuse ----------------------------------------------------

TEST(Mutex, SelfMoveAssignmentKeepsTheLock) {
  fearless::mutex<int> m(1);
  auto guard = m.lock();
  auto& same = guard;
  guard = std::move(same);
  EXPECT_TRUE(static_cast<bool>(guard));
  EXPECT_FALSE(m.try_lock().has_value());  // still locked by guard
  *guard = 2;
  guard.unlock();
  EXPECT_EQ(*m.lock(), 2);
}

TEST(RwLock, SelfMoveAssignmentKeepsTheLock) {
  fearless::rw_lock<int> table(1);
  auto writer = table.write();
  auto& same_writer = writer;
  writer = std::move(same_writer);
  EXPECT_TRUE(static_cast<bool>(writer));
  EXPECT_FALSE(table.try_read().has_value());
  writer.unlock();
  auto reader = table.read();
  auto& same_reader = reader;
  reader = std::move(same_reader);
  EXPECT_TRUE(static_cast<bool>(reader));
  EXPECT_FALSE(table.try_write().has_value());
}

// The waiter destroys the group or semaphore as soon as it wakes; the last
// done() or permit must not touch it after that (ASan and TSan see it if it
// does).
TEST(WaitGroup, TheWaiterMayDestroyTheGroupAtOnce) {
  for (int round = 0; round < 200; ++round) {
    auto wg = std::make_unique<fearless::wait_group>();
    wg->add(1);
    // The group is destroyed while the worker may still be inside done():
    // what this test proves safe, and what the race check rightly cannot.
    // NOLINTNEXTLINE(fearless-shared-mutable-capture)
    std::thread worker([group = wg.get()] { group->done(); });
    wg->wait();
    wg.reset();
    worker.join();
  }
}

TEST(Semaphore, AWaiterMayDestroyTheSemaphoreOnceItsPermitIsBack) {
  for (int round = 0; round < 200; ++round) {
    auto sem = std::make_unique<fearless::semaphore>(1);
    auto permit = std::make_unique<fearless::semaphore_permit>(sem->acquire());
    std::thread releaser([&permit] { permit.reset(); });
    { auto again = sem->acquire(); }
    releaser.join();
    sem.reset();
  }
}

TEST(Semaphore, AddPermitsCountsThePermitsOut) {
  fearless::semaphore sem(1);
  auto permit = sem.acquire();
  EXPECT_THROW(sem.add_permits(fearless::semaphore::max_permits()), std::length_error);
  sem.add_permits(fearless::semaphore::max_permits() - 1);
}

TEST(OnceCell, AFailedSetLeavesTheArgumentAlone) {
  fearless::once_cell<std::string> cell;
  std::string first = "first";
  EXPECT_TRUE(cell.set(std::move(first)));
  std::string second = "second";
  EXPECT_FALSE(cell.set(std::move(second)));
  EXPECT_EQ(second, "second");
  EXPECT_EQ(*cell.get(), "first");
  const std::string third = "third";
  EXPECT_FALSE(cell.set(third));
}
