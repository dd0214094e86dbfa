// The global pool takes its configuration before first use (its own test
// binary: the global pool is built once per process).
#include "fearless/par_iter.hpp"
#include "fearless/thread_pool.hpp"

#include <gtest/gtest.h>

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <string>

namespace {

TEST(GlobalPoolConfig, ConfiguredSizeAndNamesAreUsed) {
  fearless::configure_global_pool({3, "crunch"});
  EXPECT_THROW(fearless::configure_global_pool({2, "again"}), std::logic_error);
  // Three threads: the caller and two of the pool's own, named crunch-0, -1.
  EXPECT_EQ(fearless::current_num_threads(), 3u);
  std::atomic<int> named{0};
  std::atomic<int> misnamed{0};
  fearless::par_range(0, 200).with_max_len(1).for_each([&](int) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    if (!fearless::current_thread_index())
      return;  // the caller, working in the pool while it waits
    char buffer[16] = {};
    pthread_getname_np(pthread_self(), buffer, sizeof buffer);
    const std::string name(buffer);
    (name == "crunch-0" || name == "crunch-1" ? named : misnamed).fetch_add(1);
  });
  EXPECT_GT(named.load(), 0);
  EXPECT_EQ(misnamed.load(), 0);
  EXPECT_EQ(fearless::par_range(0, 1000).sum(), 499500);
}

}  // namespace
