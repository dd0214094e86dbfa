// The global pool takes its configuration before first use (its own test
// binary: the global pool is built once per process).
#include "fearless/par_iter.hpp"
#include "fearless/thread_pool.hpp"

#include <gtest/gtest.h>

#include <pthread.h>

#include <stdexcept>
#include <string>

namespace {

TEST(GlobalPoolConfig, ConfiguredSizeAndNamesAreUsed) {
  fearless::configure_global_pool({3, "crunch"});
  EXPECT_THROW(fearless::configure_global_pool({2, "again"}), std::logic_error);
  EXPECT_EQ(fearless::current_num_threads(), 3u);
  const std::string name = fearless::join(
                               [] {
                                 char buffer[16] = {};
                                 pthread_getname_np(pthread_self(), buffer, sizeof buffer);
                                 return std::string(buffer);
                               },
                               [] { return 0; })
                               .first;
  EXPECT_EQ(name.rfind("crunch-", 0), 0u) << name;
  EXPECT_EQ(fearless::par_range(0, 1000).sum(), 499500);
}

}  // namespace
