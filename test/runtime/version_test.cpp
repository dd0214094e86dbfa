// The runtime's version macros and constants agree with the project's.
#include "fearless/fearless.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

TEST(Version, MatchesTheProjectVersion) {
  const std::string Expected = FEARLESS_PROJECT_VERSION;
  const std::string Actual = std::to_string(FEARLESS_VERSION_MAJOR) + "." +
                             std::to_string(FEARLESS_VERSION_MINOR) + "." +
                             std::to_string(FEARLESS_VERSION_PATCH);
  EXPECT_EQ(Actual, Expected);
}

TEST(Version, ConstantsMatchTheMacros) {
  static_assert(fearless::version.major == FEARLESS_VERSION_MAJOR);
  static_assert(fearless::version.minor == FEARLESS_VERSION_MINOR);
  static_assert(fearless::version.patch == FEARLESS_VERSION_PATCH);
  EXPECT_EQ(fearless::version.major, FEARLESS_VERSION_MAJOR);
}

}  // namespace
