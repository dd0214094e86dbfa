// fearless::par_sort, par_sort_unstable, par_sort_by_key: the same order as
// the standard algorithms on inputs that trouble sorts (sorted, reversed,
// all equal, few distinct values, organ pipe), stability, move-only
// elements, and a comparator that throws.
#include "fearless/detail/platform.hpp"
#include "fearless/par_sort.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

using u64 = std::uint64_t;

#if defined(FEARLESS_TSAN) || defined(FEARLESS_ASAN)
constexpr std::size_t large = 200'000;  // the sanitizers are 5-20x slower
#else
constexpr std::size_t large = 2'000'000;
#endif

enum class shape { random, sorted, reversed, all_equal, few_distinct, organ_pipe };

std::vector<u64> make_input(shape s, std::size_t n) {
  std::mt19937_64 gen(n * 31 + static_cast<std::size_t>(s));
  std::vector<u64> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    switch (s) {
    case shape::random: v[i] = gen(); break;
    case shape::sorted: v[i] = i; break;
    case shape::reversed: v[i] = n - i; break;
    case shape::all_equal: v[i] = 42; break;
    case shape::few_distinct: v[i] = gen() % 4; break;
    case shape::organ_pipe: v[i] = i < n / 2 ? i : n - i; break;
    }
  }
  return v;
}

std::string shape_case_name(
    const ::testing::TestParamInfo<std::tuple<shape, std::size_t>>& info) {
  static const char* const names[] = {"random", "sorted", "reversed", "all_equal", "few_distinct", "organ_pipe"};
  return std::string(names[static_cast<int>(std::get<0>(info.param))]) + "_n" +
         std::to_string(std::get<1>(info.param));
}

class Shapes : public ::testing::TestWithParam<std::tuple<shape, std::size_t>> {};

INSTANTIATE_TEST_SUITE_P(
    Inputs, Shapes,
    ::testing::Combine(::testing::Values(shape::random, shape::sorted, shape::reversed,
                                         shape::all_equal, shape::few_distinct, shape::organ_pipe),
                       ::testing::Values(0, 1, 2, 100, 5000, 100000, large)),
    shape_case_name);

TEST_P(Shapes, UnstableSortMatchesStdSort) {
  auto input = make_input(std::get<0>(GetParam()), std::get<1>(GetParam()));
  auto expected = input;
  std::sort(expected.begin(), expected.end());
  fearless::par_sort_unstable(input);
  EXPECT_EQ(input, expected);
}

TEST_P(Shapes, StableSortMatchesStdSortDescending) {
  auto input = make_input(std::get<0>(GetParam()), std::get<1>(GetParam()));
  auto expected = input;
  std::sort(expected.begin(), expected.end(), std::greater<>());
  fearless::par_sort(input, std::greater<>());
  EXPECT_EQ(input, expected);
}

TEST_P(Shapes, StableSortKeepsEqualElementsInOrder) {
  const auto keys = make_input(std::get<0>(GetParam()), std::get<1>(GetParam()));
  std::vector<std::pair<u64, std::size_t>> records;
  for (std::size_t i = 0; i < keys.size(); ++i)
    records.emplace_back(keys[i] % 64, i);
  fearless::par_sort_by_key(records, [](const auto& r) { return r.first; });
  for (std::size_t i = 1; i < records.size(); ++i) {
    ASSERT_LE(records[i - 1].first, records[i].first);
    if (records[i - 1].first == records[i].first) {
      ASSERT_LT(records[i - 1].second, records[i].second) << "at " << i;
    }
  }
}

// Plain integers sorted with < take the radix path from 2^16 elements: every
// width and signedness, negative numbers, extreme values and skewed inputs
// must come out as std::sort has them.
template <typename T>
class IntegerRadix : public ::testing::Test {};
using radix_types = ::testing::Types<std::int8_t, std::uint8_t, std::int16_t, std::uint16_t,
                                     std::int32_t, std::uint32_t, std::int64_t, std::uint64_t,
                                     char, long long>;
TYPED_TEST_SUITE(IntegerRadix, radix_types);

TYPED_TEST(IntegerRadix, MatchesStdSortAcrossTheThreshold) {
  using T = TypeParam;
  std::mt19937_64 gen(11);
  for (std::size_t n : {std::size_t{65535}, std::size_t{65536}, std::size_t{300001}}) {
    for (int pattern = 0; pattern < 4; ++pattern) {
      std::vector<T> data(n);
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t r = gen();
        switch (pattern) {
        case 0: data[i] = static_cast<T>(r); break;                    // full range, negatives
        case 1: data[i] = static_cast<T>(r % 3) ; break;              // few values, small
        case 2: data[i] = static_cast<T>(i % 2 ? std::numeric_limits<T>::min()
                                               : std::numeric_limits<T>::max()); break;
        case 3: data[i] = static_cast<T>((r & 0xff) << ((sizeof(T) - 1) * 8)); break;  // top byte only
        }
      }
      auto expected = data;
      std::sort(expected.begin(), expected.end());
      auto unstable = data;
      fearless::par_sort_unstable(unstable);
      ASSERT_EQ(unstable, expected) << "n=" << n << " pattern=" << pattern;
      fearless::par_sort(data, std::less<T>());
      ASSERT_EQ(data, expected) << "n=" << n << " pattern=" << pattern;
    }
  }
}

TEST(ParSort, ByKeyWithAPointerToMember) {
  struct person {
    std::string name;
    int age;
  };
  std::vector<person> people{{"ada", 36}, {"alan", 41}, {"grace", 36}, {"edsger", 30}};
  fearless::par_sort_by_key(people, &person::age);
  EXPECT_EQ(people[0].name, "edsger");
  EXPECT_EQ(people[1].name, "ada");
  EXPECT_EQ(people[2].name, "grace");
  EXPECT_EQ(people[3].name, "alan");
  fearless::par_sort_unstable_by_key(people, &person::name);
  EXPECT_EQ(people[0].name, "ada");
  EXPECT_EQ(people[3].name, "grace");
}

TEST(ParSort, MoveOnlyElements) {
  std::mt19937 gen(3);
  std::vector<std::unique_ptr<int>> a, b;
  for (int i = 0; i < 50000; ++i) {
    const int v = static_cast<int>(gen() % 1000);
    a.push_back(std::make_unique<int>(v));
    b.push_back(std::make_unique<int>(v));
  }
  auto by_value = [](const std::unique_ptr<int>& x, const std::unique_ptr<int>& y) { return *x < *y; };
  fearless::par_sort(a, by_value);
  fearless::par_sort_unstable(b, by_value);
  ASSERT_TRUE(std::is_sorted(a.begin(), a.end(), by_value));
  ASSERT_TRUE(std::is_sorted(b.begin(), b.end(), by_value));
  for (const auto& p : a)
    ASSERT_NE(p, nullptr);
}

TEST(ParSort, OtherRandomAccessContainersAndSubranges) {
  std::deque<int> d;
  for (int i = 0; i < 20000; ++i)
    d.push_back((i * 7919) % 20011);
  fearless::par_sort_unstable(d);
  EXPECT_TRUE(std::is_sorted(d.begin(), d.end()));
  std::vector<int> v{9, 8, 7, 6, 5, 4, 3, 2, 1};
  fearless::par_sort(std::span<int>(v).subspan(2, 5));
  EXPECT_EQ(v, (std::vector<int>{9, 8, 3, 4, 5, 6, 7, 2, 1}));
}

TEST(ParSort, AThrowingComparatorReachesTheCallerAndLeavesValidElements) {
  // Like std::sort, the elements are then valid but in an unspecified state
  // (elements a merge was moving when the comparator threw are left
  // moved-from);
  // nothing leaks or is destroyed twice (AddressSanitizer checks that).
  std::vector<std::string> input;
  for (std::size_t i = 0; i < 100000; ++i)
    input.push_back("item-" + std::to_string((i * 7919) % 100003));
  std::atomic<int> calls{0};
  auto flaky = [&calls](const std::string& a, const std::string& b) {
    if (calls.fetch_add(1, std::memory_order_relaxed) == 300000)
      throw std::runtime_error("comparator failed");
    return a < b;
  };
  for (int variant = 0; variant < 2; ++variant) {
    auto data = input;
    calls.store(0);
    if (variant == 0)
      EXPECT_THROW(fearless::par_sort(data, flaky), std::runtime_error);
    else
      EXPECT_THROW(fearless::par_sort_unstable(data, flaky), std::runtime_error);
    EXPECT_EQ(data.size(), input.size());
    // The pool is fine afterwards.
    fearless::par_sort(data);
    EXPECT_TRUE(std::is_sorted(data.begin(), data.end()));
  }
}

}  // namespace
