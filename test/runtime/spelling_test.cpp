// The program of issue 15, as a test: the spellings a Rust or Go user
// reaches for first must compile (clang and g++, C++20) and give the
// answers they give in Rust.
#include <fearless/fearless.hpp>

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

int issue_program() {
  fearless::mutex<std::vector<int>> m;
  m.lock()->push_back(1);
  fearless::rw_lock<std::map<int, int>> table;
  table.write()->emplace(1, 2);
  int seen = table.read()->at(1);
  fearless::semaphore sem(2);
  { auto permit = sem.acquire(); }
  fearless::wait_group wg;
  std::vector<int> v{1, 2, 3, 4, 5, 6};
  long total = fearless::par_iter(v).flat_map([](int x) { return std::vector<int>{x, x}; })
                   .take(4).sum<long>();
  auto [even, odd] = fearless::par_iter(v).partition([](int x) { return x % 2 == 0; });
  auto squares = fearless::par_iter(v).map([](int x) { return std::pair{x, x * x}; })
                     .collect<std::unordered_map<int, int>>();
  auto [tx, rx] = fearless::channel::bounded<void>(1);
  (void)tx.send();
  bool got = static_cast<bool>(rx.recv());
  for (auto &&x : rx.try_iter()) (void)x;
  EXPECT_EQ(seen, 2);
  EXPECT_EQ(total, 6);  // 1 + 1 + 2 + 2
  EXPECT_EQ(even, (std::vector<int>{2, 4, 6}));
  EXPECT_EQ(odd, (std::vector<int>{1, 3, 5}));
  EXPECT_EQ(squares.size(), 6u);
  EXPECT_EQ(squares.at(5), 25);
  EXPECT_TRUE(got);
  EXPECT_EQ(m.lock()->size(), 1u);
  return (seen + total + even.size() + odd.size() + squares.size() + got) > 0 ? 0 : 1;
}

TEST(Spelling, TheIssueProgramCompilesAndRuns) { EXPECT_EQ(issue_program(), 0); }

}  // namespace
