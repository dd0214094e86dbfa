// The article's Rayon examples written with fearless (as in
// examples/parallel_iterators.cpp), each checked against the sequential loop
// it replaces.
#include "fearless/join.hpp"
#include "fearless/par_iter.hpp"
#include "fearless/par_sort.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

namespace {

std::vector<int> one_to(int n) {
  std::vector<int> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 1);
  return v;
}

TEST(ArticleExamples, ParallelSum) {
  const auto numbers = one_to(100000);
  // Rayon: numbers.par_iter().sum::<i64>()
  EXPECT_EQ(fearless::par_iter(numbers).sum<long>(), 5000050000L);
  // Rayon: numbers.par_iter().map(|&x| x as i64 * x as i64).sum()
  const long squares = fearless::par_iter(numbers).map([](int x) { return long{x} * x; }).sum();
  long expected = 0;
  for (int x : numbers)
    expected += long{x} * x;
  EXPECT_EQ(squares, expected);
}

TEST(ArticleExamples, ParallelFilter) {
  const auto numbers = one_to(100000);
  // Rayon: numbers.par_iter().filter(|&&x| x % 3 == 0).cloned().collect::<Vec<_>>()
  const auto multiples = fearless::par_iter(numbers).filter([](int x) { return x % 3 == 0; }).collect();
  std::vector<int> expected;
  std::copy_if(numbers.begin(), numbers.end(), std::back_inserter(expected), [](int x) { return x % 3 == 0; });
  EXPECT_EQ(multiples, expected);
  EXPECT_EQ(fearless::par_iter(numbers).filter([](int x) { return x % 3 == 0; }).count(), expected.size());
}

TEST(ArticleExamples, ParallelProduct) {
  // Rayon: (1..=20u64).into_par_iter().product()
  EXPECT_EQ(fearless::par_range(std::uint64_t{1}, std::uint64_t{21}).product(), 2432902008176640000ull);
  // Wrapping arithmetic gives the same answer however the work is split.
  std::uint64_t expected = 1;
  for (std::uint64_t i = 1; i <= 100000; ++i)
    expected *= i | 1;
  EXPECT_EQ(fearless::par_range(std::uint64_t{1}, std::uint64_t{100001}).map([](std::uint64_t i) { return i | 1; }).product(),
            expected);
}

struct record {
  int id;
  std::string email;
  int age;
};

struct user {
  int id;
  std::string domain;
  bool adult;
};

bool validate(const record& r) { return r.email.find('@') != std::string::npos && r.age >= 0; }

user transform(const record& r) {
  return {r.id, r.email.substr(r.email.find('@') + 1), r.age >= 18};
}

TEST(ArticleExamples, RecordsAreValidatedAndTransformedInOrder) {
  std::vector<record> records;
  for (int i = 0; i < 50000; ++i)
    records.push_back({i, i % 17 == 0 ? "broken" : "user" + std::to_string(i) + "@host" + std::to_string(i % 5),
                       i % 23 == 0 ? -1 : i % 90});
  // Rayon: records.par_iter().filter(validate).map(transform).collect()
  const auto users = fearless::par_iter(records).filter(validate).map(transform).collect();
  std::vector<user> expected;
  for (const auto& r : records)
    if (validate(r))
      expected.push_back(transform(r));
  ASSERT_EQ(users.size(), expected.size());
  for (std::size_t i = 0; i < users.size(); ++i) {
    ASSERT_EQ(users[i].id, expected[i].id);
    ASSERT_EQ(users[i].domain, expected[i].domain);
    ASSERT_EQ(users[i].adult, expected[i].adult);
  }
  // Rayon: records.par_iter().all(validate), .any(...), .position_any(...)
  EXPECT_FALSE(fearless::par_iter(records).all(validate));
  const auto bad = fearless::par_iter(records).position_any([](const record& r) { return !validate(r); });
  ASSERT_TRUE(bad.has_value());
  EXPECT_FALSE(validate(records[*bad]));
  // Rayon: users.par_sort_by_key(|u| u.domain.clone())
  auto sorted = users;
  fearless::par_sort_by_key(sorted, [](const user& u) { return u.domain; });
  EXPECT_TRUE(std::is_sorted(sorted.begin(), sorted.end(),
                             [](const user& a, const user& b) { return a.domain < b.domain; }));
}

TEST(ArticleExamples, JoinSplitsARecursion) {
  // Rayon: let (a, b) = rayon::join(|| sum(left), || sum(right));
  const auto numbers = one_to(1 << 16);
  auto sum = [](auto&& self, const int* first, std::size_t n) -> long {
    if (n <= 1024)
      return std::accumulate(first, first + n, 0L);
    auto [a, b] = fearless::join([&] { return self(self, first, n / 2); },
                                 [&] { return self(self, first + n / 2, n - n / 2); });
    return a + b;
  };
  EXPECT_EQ(sum(sum, numbers.data(), numbers.size()), (1L << 16) * ((1L << 16) + 1) / 2);
}

}  // namespace
