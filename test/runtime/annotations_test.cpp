// The annotation macros expand to clang::annotate where it exists and to
// nothing elsewhere, and annotated declarations stay ordinary C++.
#include "fearless/annotations.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string_view>

namespace {

#define FEARLESS_STRINGIFY_EXPANSION(...) FEARLESS_STRINGIFY(__VA_ARGS__)
#define FEARLESS_STRINGIFY(...) #__VA_ARGS__

struct FEARLESS_SYNC Counter {
  int value = 0;
};

int callLater(FEARLESS_ESCAPING std::function<int()> task) { return task(); }

TEST(Annotations, ExpandToTheFixedAnnotationStrings) {
  constexpr std::string_view Sync = FEARLESS_STRINGIFY_EXPANSION(FEARLESS_SYNC);
  constexpr std::string_view Escaping =
      FEARLESS_STRINGIFY_EXPANSION(FEARLESS_ESCAPING);
#if defined(__clang__)
  EXPECT_EQ(Sync, "[[clang::annotate(\"fearless::sync\")]]");
  EXPECT_EQ(Escaping, "[[clang::annotate(\"fearless::escaping\")]]");
#else
  EXPECT_EQ(Sync, "");
  EXPECT_EQ(Escaping, "");
#endif
}

TEST(Annotations, AnnotatedDeclarationsBehaveNormally) {
  Counter counter;
  counter.value = 41;
  // An escaping callable owns what it uses (fearless-thread-escaping-borrow).
  EXPECT_EQ(callLater([value = counter.value] { return value + 1; }), 42);
}

}  // namespace
