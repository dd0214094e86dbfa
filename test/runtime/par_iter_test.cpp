// fearless::par_iter and friends: every adaptor and terminal against the
// sequential answer on random inputs of several sizes, order preservation,
// par_iter_mut's one-visit-per-element, nesting, exceptions, explicit pools.
#include "fearless/detail/platform.hpp"
#include "fearless/join.hpp"
#include "fearless/par_iter.hpp"
#include "fearless/par_sort.hpp"
#include "fearless/thread_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <ranges>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

using u64 = std::uint64_t;

std::vector<u64> random_values(std::size_t n, u64 seed = 7) {
  std::mt19937_64 gen(seed);
  std::vector<u64> values(n);
  for (auto& v : values)
    v = gen();
  return values;
}

u64 mix(u64 x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

#if defined(FEARLESS_TSAN) || defined(FEARLESS_ASAN)
constexpr std::size_t large = 200'000;  // the sanitizers are 5-20x slower
#else
constexpr std::size_t large = 1'000'000;
#endif

class Sized : public ::testing::TestWithParam<std::size_t> {
protected:
  std::vector<u64> values = random_values(GetParam());
};

INSTANTIATE_TEST_SUITE_P(Sizes, Sized, ::testing::Values(0, 1, 2, 7, 1000, large),
                         [](const auto& info) { return "n" + std::to_string(info.param); });

// --- terminals ---------------------------------------------------------------

TEST_P(Sized, Sum) {
  EXPECT_EQ(fearless::par_iter(values).sum(), std::accumulate(values.begin(), values.end(), u64{0}));
}

TEST_P(Sized, SumIntoAnotherType) {
  const auto small = fearless::par_iter(values).map([](u64 x) { return static_cast<int>(x % 10); });
  long expected = 0;
  for (u64 x : values)
    expected += static_cast<long>(x % 10);
  EXPECT_EQ(small.sum<long>(), expected);
}

TEST_P(Sized, Product) {
  auto factors = fearless::par_iter(values).map([](u64 x) { return x % 5 + 1; });
  u64 expected = 1;
  for (u64 x : values)
    expected *= x % 5 + 1;
  EXPECT_EQ(factors.product(), expected);
}

TEST_P(Sized, Count) {
  EXPECT_EQ(fearless::par_iter(values).count(), values.size());
  const auto divisible = static_cast<std::size_t>(
      std::count_if(values.begin(), values.end(), [](u64 x) { return mix(x) % 3 == 0; }));
  EXPECT_EQ(fearless::par_iter(values).filter([](u64 x) { return mix(x) % 3 == 0; }).count(),
            divisible);
}

TEST_P(Sized, ReduceWithAValueOrACallableIdentity) {
  const u64 expected = std::accumulate(values.begin(), values.end(), u64{0},
                                       [](u64 a, u64 b) { return a ^ b; });
  auto xor_op = [](u64 a, u64 b) { return a ^ b; };
  EXPECT_EQ(fearless::par_iter(values).reduce(u64{0}, xor_op), expected);
  EXPECT_EQ(fearless::par_iter(values).reduce([] { return u64{0}; }, xor_op), expected);
}

TEST_P(Sized, ReduceIsOrderedForNonCommutativeOps) {
  // String concatenation is associative but not commutative.
  const auto digits = fearless::par_iter(values).map([](u64 x) { return std::to_string(x % 10); });
  std::string expected;
  for (u64 x : values)
    expected += std::to_string(x % 10);
  EXPECT_EQ(digits.reduce(std::string(), [](std::string a, const std::string& b) { return a + b; }),
            expected);
}

TEST(ParIterFold, OneAccumulatorPerPieceNotPerStep) {
  // An expensive identity (a histogram, a map) must not be rebuilt every few
  // items: fold yields one accumulator per sequential piece, and pieces are
  // split only as work is stolen.
  const std::size_t accumulators =
      fearless::par_range(0, 1'000'000).fold(0L, [](long acc, int x) { return acc + x; }).count();
  EXPECT_GE(accumulators, 1u);
  EXPECT_LT(accumulators, 200u);
}

TEST_P(Sized, FoldThenReduceOrSum) {
  const u64 expected = std::accumulate(values.begin(), values.end(), u64{0});
  auto folded = fearless::par_iter(values).fold(u64{0}, [](u64 acc, u64 x) { return acc + x; });
  EXPECT_EQ(folded.sum(), expected);
  EXPECT_EQ(folded.reduce(u64{0}, [](u64 a, u64 b) { return a + b; }), expected);
  // A fold that builds a vector per piece, then concatenates them in order.
  auto pieces = fearless::par_iter(values)
                    .fold([] { return std::vector<u64>(); },
                          [](std::vector<u64> acc, u64 x) {
                            acc.push_back(x);
                            return acc;
                          })
                    .reduce([] { return std::vector<u64>(); },
                            [](std::vector<u64> a, std::vector<u64> b) {
                              a.insert(a.end(), b.begin(), b.end());
                              return a;
                            });
  EXPECT_EQ(pieces, values);
}

TEST_P(Sized, MinAndMax) {
  if (values.empty()) {
    EXPECT_FALSE(fearless::par_iter(values).min().has_value());
    EXPECT_FALSE(fearless::par_iter(values).max().has_value());
    return;
  }
  EXPECT_EQ(fearless::par_iter(values).min(), *std::min_element(values.begin(), values.end()));
  EXPECT_EQ(fearless::par_iter(values).max(), *std::max_element(values.begin(), values.end()));
}

TEST_P(Sized, MinByKeyKeepsTheFirstAndMaxByKeyTheLastOfEquals) {
  // Keys with many ties; the positions tell which of the equals came back.
  const auto numbered = fearless::par_iter(values).enumerate().map(
      [](std::pair<std::size_t, const u64&> p) { return std::pair<std::size_t, u64>(p.first, p.second % 16); });
  auto key = [](const std::pair<std::size_t, u64>& p) { return p.second; };
  const auto lowest = numbered.min_by_key(key);
  const auto highest = numbered.max_by_key(key);
  if (values.empty()) {
    EXPECT_FALSE(lowest.has_value());
    EXPECT_FALSE(highest.has_value());
    return;
  }
  std::size_t first_min = 0;
  std::size_t last_max = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] % 16 < values[first_min] % 16)
      first_min = i;
    if (values[i] % 16 >= values[last_max] % 16)
      last_max = i;
  }
  EXPECT_EQ(lowest->first, first_min);
  EXPECT_EQ(highest->first, last_max);
}

TEST_P(Sized, AnyAndAll) {
  const bool any_even = std::any_of(values.begin(), values.end(), [](u64 x) { return x % 2 == 0; });
  EXPECT_EQ(fearless::par_iter(values).any([](u64 x) { return x % 2 == 0; }), any_even);
  EXPECT_EQ(fearless::par_iter(values).all([](u64 x) { return x % 2 == 1; }), !any_even);
  EXPECT_TRUE(fearless::par_iter(values).all([](u64) { return true; }));
  EXPECT_FALSE(fearless::par_iter(values).any([](u64) { return false; }));
}

TEST_P(Sized, FindAnyReturnsAMatch) {
  auto rare = [](u64 x) { return x % 1000 == 3; };
  const auto found = fearless::par_iter(values).find_any(rare);
  const bool exists = std::any_of(values.begin(), values.end(), rare);
  ASSERT_EQ(found.has_value(), exists);
  if (found) {
    EXPECT_TRUE(rare(*found));
  }
}

TEST_P(Sized, FindFirstReturnsTheFirstMatch) {
  for (u64 modulus : {2u, 97u, 100000u}) {
    auto matches = [modulus](u64 x) { return x % modulus == 1; };
    const auto expected = std::find_if(values.begin(), values.end(), matches);
    const auto found = fearless::par_iter(values).find_first(matches);
    const auto found_fine = fearless::par_iter(values).with_max_len(1).find_first(matches);
    if (expected == values.end()) {
      EXPECT_FALSE(found.has_value());
      EXPECT_FALSE(found_fine.has_value());
    } else {
      EXPECT_EQ(found, *expected);
      EXPECT_EQ(found_fine, *expected);
    }
  }
}

TEST_P(Sized, PositionAny) {
  auto matches = [](u64 x) { return x % 50 == 7; };
  const auto position = fearless::par_iter(values).position_any(matches);
  const bool exists = std::any_of(values.begin(), values.end(), matches);
  ASSERT_EQ(position.has_value(), exists);
  if (position) {
    ASSERT_LT(*position, values.size());
    EXPECT_TRUE(matches(values[*position]));
  }
}

TEST_P(Sized, ForEachVisitsEveryItemOnce) {
  std::vector<std::atomic<int>> visits(values.size());
  fearless::par_range(std::size_t{0}, values.size()).for_each([&visits](std::size_t i) {
    visits[i].fetch_add(1, std::memory_order_relaxed);
  });
  for (const auto& v : visits)
    ASSERT_EQ(v.load(), 1);
}

TEST_P(Sized, CollectKeepsTheOrder) {
  EXPECT_EQ(fearless::par_iter(values).collect(), values);
  std::vector<u64> squares;
  for (u64 x : values)
    squares.push_back(x * x ^ (x >> 3));
  EXPECT_EQ(fearless::par_iter(values).map([](u64 x) { return x * x ^ (x >> 3); }).collect(), squares);
  EXPECT_EQ(fearless::par_iter(values).with_max_len(1).collect(), values);
}

TEST_P(Sized, CollectIntoReplacesTheContentsAndReusesStorage) {
  std::vector<u64> out(3, 99);
  fearless::par_iter(values).map([](u64 x) { return x + 1; }).collect_into(out);
  ASSERT_EQ(out.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i)
    ASSERT_EQ(out[i], values[i] + 1);
  const u64* storage = out.data();
  const std::size_t capacity = out.capacity();
  fearless::par_iter(values).collect_into(out);
  EXPECT_EQ(out, values);
  if (capacity >= values.size() && !values.empty()) {
    EXPECT_EQ(out.data(), storage) << "a second collect of the same length reallocated";
  }
  fearless::par_iter(values).filter([](u64 x) { return x % 2 == 0; }).collect_into(out);
  std::vector<u64> even;
  std::copy_if(values.begin(), values.end(), std::back_inserter(even), [](u64 x) { return x % 2 == 0; });
  EXPECT_EQ(out, even);
}

// --- adaptors ----------------------------------------------------------------

TEST_P(Sized, FilterKeepsMatchesInOrder) {
  std::vector<u64> expected;
  std::copy_if(values.begin(), values.end(), std::back_inserter(expected),
               [](u64 x) { return mix(x) % 3 == 0; });
  EXPECT_EQ(fearless::par_iter(values).filter([](u64 x) { return mix(x) % 3 == 0; }).collect(),
            expected);
}

TEST_P(Sized, FilterMapDropsTheEmptyOnes) {
  std::vector<std::string> expected;
  for (u64 x : values)
    if (x % 4 == 0)
      expected.push_back(std::to_string(x));
  auto text_of_multiples = [](u64 x) -> std::optional<std::string> {
    if (x % 4 != 0)
      return std::nullopt;
    return std::to_string(x);
  };
  EXPECT_EQ(fearless::par_iter(values).filter_map(text_of_multiples).collect(), expected);
}

TEST_P(Sized, EnumerateGivesSequencePositions) {
  const auto pairs = fearless::par_iter(values).enumerate().map(
      [](std::pair<std::size_t, const u64&> p) { return std::pair<std::size_t, u64>(p.first, p.second); });
  const auto collected = pairs.collect();
  ASSERT_EQ(collected.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    ASSERT_EQ(collected[i].first, i);
    ASSERT_EQ(collected[i].second, values[i]);
  }
}

TEST_P(Sized, ZipPairsUpToTheShorter) {
  const std::vector<u64> other = random_values(values.size() / 2 + 1, 99);
  const auto products = fearless::par_iter(values)
                            .zip(other)
                            .map([](std::pair<const u64&, const u64&> p) { return p.first * p.second; })
                            .collect();
  const std::size_t n = std::min(values.size(), other.size());
  ASSERT_EQ(products.size(), n);
  for (std::size_t i = 0; i < n; ++i)
    ASSERT_EQ(products[i], values[i] * other[i]);
  // Zipping two parallel iterators, one of them mapped.
  const auto sums = fearless::par_iter(values)
                        .zip(fearless::par_range(u64{0}, u64{values.size()}).map([](u64 i) { return i; }))
                        .map([](std::pair<const u64&, u64> p) { return p.first + p.second; })
                        .sum();
  u64 expected = 0;
  for (std::size_t i = 0; i < values.size(); ++i)
    expected += values[i] + i;
  EXPECT_EQ(sums, expected);
}

TEST_P(Sized, ChunksGroupInOrder) {
  for (std::size_t size : {1u, 3u, 1000u}) {
    const auto chunks = fearless::par_iter(values).chunks(size).collect();
    ASSERT_EQ(chunks.size(), (values.size() + size - 1) / size);
    std::vector<u64> flat;
    for (const auto& chunk : chunks) {
      ASSERT_FALSE(chunk.empty());
      ASSERT_LE(chunk.size(), size);
      flat.insert(flat.end(), chunk.begin(), chunk.end());
    }
    EXPECT_EQ(flat, values);
  }
}

TEST_P(Sized, ParChunksAreSpansOverTheContainer) {
  const auto sizes = fearless::par_chunks(values, 10).map([](std::span<const u64> s) { return s.size(); });
  EXPECT_EQ(sizes.sum(), values.size());
  const auto firsts = fearless::par_chunks(values, 10).map([](std::span<const u64> s) { return s.front(); }).collect();
  for (std::size_t i = 0; i < firsts.size(); ++i)
    ASSERT_EQ(firsts[i], values[i * 10]);
}

TEST_P(Sized, LengthBoundsSetBeforeChunksStillApply) {
  if (values.empty())
    GTEST_SKIP() << "no pieces to count";
  // fold yields one accumulator per sequential piece: counting them counts
  // the pieces. At most one item per piece means one chunk per piece.
  const std::size_t pieces = fearless::par_iter(values)
                                 .with_max_len(1)
                                 .chunks(10)
                                 .fold(0, [](int n, const std::vector<u64>&) { return n + 1; })
                                 .count();
  EXPECT_EQ(pieces, (values.size() + 9) / 10);
}

TEST_P(Sized, ParChunksMutWritesEachElementOnce) {
  std::vector<u64> data = values;
  fearless::par_chunks_mut(data, 7).enumerate().for_each([](std::pair<std::size_t, std::span<u64>> p) {
    for (u64& x : p.second)
      x = p.first;
  });
  for (std::size_t i = 0; i < data.size(); ++i)
    ASSERT_EQ(data[i], i / 7);
}

TEST_P(Sized, LengthBoundsDoNotChangeResults) {
  const u64 expected = std::accumulate(values.begin(), values.end(), u64{0});
  EXPECT_EQ(fearless::par_iter(values).with_min_len(100000).sum(), expected);
  EXPECT_EQ(fearless::par_iter(values).with_max_len(1).sum(), expected);
  EXPECT_EQ(fearless::par_iter(values).with_max_len(3).with_min_len(2).sum(), expected);
  EXPECT_EQ(fearless::par_iter(values).filter([](u64 x) { return x % 2 == 0; }).with_max_len(5).count(),
            static_cast<std::size_t>(std::count_if(values.begin(), values.end(), [](u64 x) { return x % 2 == 0; })));
}

TEST_P(Sized, InspectSeesEveryItem) {
  std::atomic<std::size_t> seen{0};
  const u64 total = fearless::par_iter(values)
                        .inspect([&seen](const u64&) { seen.fetch_add(1, std::memory_order_relaxed); })
                        .sum();
  EXPECT_EQ(total, std::accumulate(values.begin(), values.end(), u64{0}));
  EXPECT_EQ(seen.load(), values.size());
}

TEST_P(Sized, ParIterMutVisitsEachElementExactlyOnce) {
  std::vector<u64> data = values;
  fearless::par_iter_mut(data).for_each([](u64& x) { x += 1; });
  for (std::size_t i = 0; i < data.size(); ++i)
    ASSERT_EQ(data[i], values[i] + 1);
  fearless::par_iter_mut(data).with_max_len(1).enumerate().for_each(
      [](std::pair<std::size_t, u64&> p) { p.second = p.first; });
  for (std::size_t i = 0; i < data.size(); ++i)
    ASSERT_EQ(data[i], i);
}

// --- sources -----------------------------------------------------------------

TEST(ParRange, EmptyNegativeAndEdgeRanges) {
  EXPECT_EQ(fearless::par_range(5, 5).count(), 0u);
  EXPECT_EQ(fearless::par_range(5, 2).count(), 0u);
  EXPECT_EQ(fearless::par_range(-1000, 1000).sum(), -1000);
  EXPECT_EQ(fearless::par_range(std::numeric_limits<int>::min(), std::numeric_limits<int>::min() + 3).count(), 3u);
  const auto top = fearless::par_range(std::numeric_limits<std::uint8_t>::max() - 2,
                                       std::numeric_limits<std::uint8_t>::max())
                       .collect();
  EXPECT_EQ(top, (std::vector<int>{253, 254}));
  EXPECT_EQ(fearless::par_range(std::int8_t{-128}, std::int8_t{127}).count(), 255u);
}

TEST(ParRange, MixedSignednessIsComparedMathematically) {
  const std::vector<int> v(10, 1);
  // The usual case: an int literal and a size_t bound.
  EXPECT_EQ(fearless::par_range(0, v.size()).count(), 10u);
  static_assert(std::is_same_v<decltype(fearless::par_range(0, v.size()))::item_type, std::size_t>);
  EXPECT_EQ(fearless::par_range(5, 2u).count(), 0u);
  EXPECT_EQ(fearless::par_range(3u, -1).count(), 0u);
  EXPECT_THROW((void)fearless::par_range(-3, 3u), std::out_of_range);
}

TEST(ParRange, LargeRangeSum) {
  const u64 n = large * 10;
  EXPECT_EQ(fearless::par_range(u64{0}, n).sum(), n * (n - 1) / 2);
}

TEST(ParIterSources, ArraysDequesStringsViewsAndTemporaries) {
  const std::array<int, 5> array{1, 2, 3, 4, 5};
  EXPECT_EQ(fearless::par_iter(array).sum(), 15);
  const std::deque<int> deque(1000, 2);
  EXPECT_EQ(fearless::par_iter(deque).sum(), 2000);
  const std::string text = "parallel";
  EXPECT_EQ(fearless::par_iter(text).filter([](char c) { return c == 'l'; }).count(), 3u);
  EXPECT_EQ(fearless::par_iter(std::views::iota(0, 100)).sum(), 4950);
  // A temporary container is moved into the iterator and kept alive by it;
  // its first terminal consumes it (the elements may have been moved out).
  auto owned = fearless::par_iter(std::vector<int>(1000, 1)).map([](int x) { return x * 3; });
  EXPECT_EQ(owned.sum(), 3000);
  EXPECT_THROW((void)owned.count(), std::logic_error);
  // A const temporary is copied in.
  const auto make_const = [] { return static_cast<const std::vector<int>>(std::vector<int>(10, 2)); };
  EXPECT_EQ(fearless::par_iter(make_const()).sum(), 20);
  int c_array[] = {4, 5, 6};
  EXPECT_EQ(fearless::par_iter(c_array).sum(), 15);
}

TEST(ParIterSources, ParIterGivesConstReferencesParIterMutMutableOnes) {
  std::vector<int> data{1, 2, 3};
  static_assert(std::is_same_v<decltype(fearless::par_iter(data))::item_type, const int&>);
  static_assert(std::is_same_v<decltype(fearless::par_iter_mut(data))::item_type, int&>);
  std::span<int> view(data);
  static_assert(std::is_same_v<decltype(fearless::par_iter(view))::item_type, const int&>);
  EXPECT_EQ(fearless::par_iter(view).sum(), 6);
}

TEST(ParIterSources, HugeChunkSizesDoNotOverflow) {
  const std::vector<int> data(1001, 1);
  const std::size_t huge = std::numeric_limits<std::size_t>::max();
  EXPECT_EQ(fearless::par_chunks(data, huge).count(), 1u);
  EXPECT_EQ(fearless::par_chunks(data, huge).map([](std::span<const int> s) { return s.size(); }).sum(), 1001u);
  EXPECT_EQ(fearless::par_iter(data).chunks(huge).count(), 1u);
  EXPECT_EQ(fearless::par_iter(data).chunks(huge - 1).map([](const std::vector<int>& c) { return c.size(); }).sum(), 1001u);
}

TEST(ParIterSources, ChunkSizeZeroIsRejected) {
  std::vector<int> data{1, 2, 3};
  EXPECT_THROW((void)fearless::par_chunks(data, 0), std::invalid_argument);
  EXPECT_THROW((void)fearless::par_chunks_mut(data, 0), std::invalid_argument);
  EXPECT_THROW((void)fearless::par_iter(data).chunks(0), std::invalid_argument);
}

struct no_default {
  explicit no_default(int v) : value(v) {}
  int value;
  bool operator==(const no_default&) const = default;
};

TEST(ParIterCollect, TypesWithoutDefaultConstructorAndMoveOnlyTypes) {
  const auto made = fearless::par_range(0, 5000).map([](int i) { return no_default(i); }).collect();
  ASSERT_EQ(made.size(), 5000u);
  for (int i = 0; i < 5000; ++i)
    ASSERT_EQ(made[static_cast<std::size_t>(i)].value, i);
  const auto owned = fearless::par_range(0, 5000).map([](int i) { return std::make_unique<int>(i); }).collect();
  ASSERT_EQ(owned.size(), 5000u);
  for (int i = 0; i < 5000; ++i)
    ASSERT_EQ(*owned[static_cast<std::size_t>(i)], i);
}

// --- nesting, exceptions, pools ----------------------------------------------

TEST(ParIterNesting, ParIterInsideParIter) {
  const auto rows = fearless::par_range(0, 200).map([](int row) {
    return fearless::par_range(0, row).map([row](int col) { return static_cast<long>(row) * col; }).sum();
  });
  long expected = 0;
  for (long row = 0; row < 200; ++row)
    for (long col = 0; col < row; ++col)
      expected += row * col;
  EXPECT_EQ(rows.sum(), expected);
}

TEST(ParIterNesting, JoinInsideForEachAndParIterInsideJoin) {
  std::atomic<long> total{0};
  fearless::par_range(0, 100).for_each([&total](int i) {
    auto [a, b] = fearless::join([i] { return i; }, [i] { return 2 * i; });
    total.fetch_add(a + b, std::memory_order_relaxed);
  });
  EXPECT_EQ(total.load(), 3 * 4950);
  auto [left, right] = fearless::join([] { return fearless::par_range(0, 1000).sum(); },
                                      [] { return fearless::par_range(0, 2000).sum(); });
  EXPECT_EQ(left + right, 499500 + 1999000);
}

TEST(ParIterExceptions, AThrowingCallableReachesTheCaller) {
  const std::vector<u64> values = random_values(large);
  EXPECT_THROW(fearless::par_iter(values)
                   .map([](u64 x) {
                     if (x % 100000 == 5)
                       throw std::runtime_error("bad item");
                     return x;
                   })
                   .sum(),
               std::runtime_error);
  // Thrown from each kind of callable.
  EXPECT_THROW(fearless::par_iter(values).for_each([](u64) { throw std::out_of_range("x"); }),
               std::out_of_range);
  EXPECT_THROW((void)fearless::par_iter(values).filter([](u64) -> bool { throw 1; }).count(), int);
  EXPECT_THROW((void)fearless::par_iter(values).reduce(u64{0}, [](u64, u64) -> u64 { throw 2; }), int);
  EXPECT_THROW((void)fearless::par_iter(values).find_first([](u64) -> bool { throw 3; }), int);
  EXPECT_THROW((void)fearless::par_iter(values).map([](u64) -> u64 { throw 4; }).collect(), int);
  // ... and the pool is still fine.
  EXPECT_EQ(fearless::par_iter(values).count(), values.size());
}

TEST(ParIterExceptions, RemainingWorkStopsAfterAFailure) {
  constexpr int n = 100000;
  std::atomic<int> started{0};
  EXPECT_THROW(fearless::par_range(0, n).with_max_len(1).for_each([&started](int) {
    started.fetch_add(1, std::memory_order_relaxed);
    throw std::runtime_error("every item fails");
  }),
               std::runtime_error);
  EXPECT_LT(started.load(), n / 2) << "pieces not yet started should be skipped";
}

TEST(ParIterPools, RunsInsideAnExplicitPool) {
  fearless::thread_pool pool(3);
  const std::vector<u64> values = random_values(large);
  const u64 expected = std::accumulate(values.begin(), values.end(), u64{0});
  EXPECT_EQ(pool.install([&values] { return fearless::par_iter(values).sum(); }), expected);
  std::atomic<int> outside{0};
  pool.install([&] {
    fearless::par_iter(values).with_max_len(1000).for_each([&](u64) {
      if (!pool.current_thread_index().has_value())
        outside.fetch_add(1, std::memory_order_relaxed);
    });
  });
  EXPECT_EQ(outside.load(), 0);
}

TEST(ParIterPools, ManyOutsideThreadsUseTheGlobalPoolAtOnce) {
  const std::vector<u64> values = random_values(50000);
  const u64 expected = std::accumulate(values.begin(), values.end(), u64{0});
  std::vector<u64> results(6, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t)
    threads.emplace_back([&values, &results, t] {
      for (int round = 0; round < 20; ++round)
        results[t] = fearless::par_iter(values).sum();
    });
  for (auto& t : threads)
    t.join();
  for (u64 r : results)
    EXPECT_EQ(r, expected);
}

}  // namespace

// --- the rest of Rayon's adaptors ---------------------------------------------

namespace {

/// The sequential flat_map of values: each x becomes x % 4 copies of x.
std::vector<u64> repeated(const std::vector<u64>& values) {
  std::vector<u64> out;
  for (u64 x : values)
    for (u64 i = 0; i < x % 4; ++i)
      out.push_back(x);
  return out;
}

std::vector<u64> copies_of(u64 x) { return std::vector<u64>(x % 4, x); }

}  // namespace

TEST_P(Sized, FlatMapKeepsOrderAndEveryInnerItem) {
  EXPECT_EQ(fearless::par_iter(values).flat_map(copies_of).collect(), repeated(values));
  EXPECT_EQ(fearless::par_iter(values).flat_map_iter(copies_of).collect(), repeated(values));
}

TEST(ParIterAdaptors, FlatMapOfAParallelIteratorAndOfReferencedRanges) {
  const std::vector<int> outer{1, 2, 3};
  auto nested = fearless::par_iter(outer)
                    .flat_map([](int n) { return fearless::par_range(0, n); })
                    .collect();
  EXPECT_EQ(nested, (std::vector<int>{0, 0, 1, 0, 1, 2}));
  // f returns a reference: the inner elements are copied, never moved from.
  const std::vector<std::vector<std::string>> groups{{"a", "b"}, {}, {"c"}};
  auto words = fearless::par_iter(groups)
                   .flat_map([](const std::vector<std::string>& g) -> const auto& { return g; })
                   .collect();
  EXPECT_EQ(words, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(groups[0][0], "a");
}

TEST_P(Sized, TakeAndSkipOnIndexedAndNonIndexedIterators) {
  const std::size_t n = values.size();
  for (std::size_t k : {std::size_t{0}, std::size_t{1}, n / 2, n, n + 5}) {
    const std::size_t kept = std::min(k, n);
    std::vector<u64> head(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(kept));
    std::vector<u64> tail(values.begin() + static_cast<std::ptrdiff_t>(kept), values.end());
    EXPECT_EQ(fearless::par_iter(values).take(k).collect(), head);
    EXPECT_EQ(fearless::par_iter(values).skip(k).collect(), tail);
    static_assert(decltype(fearless::par_iter(values).take(k))::indexed);

    const auto odd = [](u64 x) { return x % 2 == 1; };
    std::vector<u64> odds;
    std::copy_if(values.begin(), values.end(), std::back_inserter(odds), odd);
    const std::size_t odd_kept = std::min(k, odds.size());
    EXPECT_EQ(fearless::par_iter(values).filter(odd).take(k).collect(),
              std::vector<u64>(odds.begin(), odds.begin() + static_cast<std::ptrdiff_t>(odd_kept)));
    EXPECT_EQ(fearless::par_iter(values).filter(odd).skip(k).count(), odds.size() - odd_kept);
  }
}

TEST(ParIterAdaptors, TakeComputesOnlyTheItemsItKeepsWhenIndexed) {
  std::atomic<int> calls{0};
  const auto counted = [&calls](int x) {
    calls.fetch_add(1, std::memory_order_relaxed);
    return x;
  };
  EXPECT_EQ(fearless::par_range(0, 100000).map(counted).take(10).sum(), 45);
  EXPECT_EQ(calls.load(), 10);
}

TEST_P(Sized, ChainIsBothInOrder) {
  std::vector<u64> expected = values;
  const std::vector<u64> more = random_values(values.size() / 3 + 1, 11);
  expected.insert(expected.end(), more.begin(), more.end());
  EXPECT_EQ(fearless::par_iter(values).chain(more).collect(), expected);
  EXPECT_EQ(fearless::par_iter(values).chain(fearless::par_iter(more)).enumerate().count(),
            expected.size());
  const auto small = [](u64 x) { return x < (u64{1} << 62); };
  std::vector<u64> small_ones;
  std::copy_if(expected.begin(), expected.end(), std::back_inserter(small_ones), small);
  EXPECT_EQ(fearless::par_iter(values).filter(small).chain(fearless::par_iter(more).filter(small)).collect(),
            small_ones);
}

TEST(ParIterAdaptors, ChainOfReferencesAndOwnedItemsYieldsTheCommonReference) {
  const std::vector<int> named{1, 2};
  auto chained = fearless::par_iter(named).chain(fearless::par_iter(std::vector<int>{3, 4}));
  static_assert(std::is_same_v<decltype(chained)::item_type, const int&>);
  EXPECT_EQ(chained.collect(), (std::vector<int>{1, 2, 3, 4}));
}

TEST_P(Sized, StepByAndRev) {
  for (std::size_t k : {1, 2, 3, 1000}) {
    std::vector<u64> every;
    for (std::size_t i = 0; i < values.size(); i += k)
      every.push_back(values[i]);
    EXPECT_EQ(fearless::par_iter(values).step_by(k).collect(), every);
  }
  EXPECT_EQ(fearless::par_iter(values).rev().collect(),
            std::vector<u64>(values.rbegin(), values.rend()));
  EXPECT_EQ(fearless::par_iter(values).rev().rev().collect(), values);
  EXPECT_THROW((void)fearless::par_iter(values).step_by(0), std::invalid_argument);
}

TEST(ParIterAdaptors, RevThenEnumerateNumbersFromTheBack) {
  const std::vector<char> letters{'a', 'b', 'c'};
  auto numbered = fearless::par_iter(letters).rev().enumerate().map([](auto p) {
    return std::pair<std::size_t, char>(p.first, p.second);
  }).collect();
  EXPECT_EQ(numbered, (std::vector<std::pair<std::size_t, char>>{{0, 'c'}, {1, 'b'}, {2, 'a'}}));
}

TEST_P(Sized, PositionFirstIsTheSequentialPosition) {
  const auto big = [](u64 x) { return x > (u64{3} << 62); };
  const auto it = std::find_if(values.begin(), values.end(), big);
  const auto found = fearless::par_iter(values).position_first(big);
  if (it == values.end())
    EXPECT_FALSE(found.has_value());
  else
    EXPECT_EQ(*found, static_cast<std::size_t>(it - values.begin()));
}

TEST_P(Sized, PartitionKeepsOrderOnBothSides) {
  const auto even = [](u64 x) { return x % 2 == 0; };
  std::vector<u64> yes;
  std::vector<u64> no;
  for (u64 x : values)
    (even(x) ? yes : no).push_back(x);
  auto [evens, odds] = fearless::par_iter(values).partition(even);
  EXPECT_EQ(evens, yes);
  EXPECT_EQ(odds, no);
}

TEST_P(Sized, UnzipSplitsPairs) {
  auto [firsts, seconds] =
      fearless::par_iter(values).map([](u64 x) { return std::pair<u64, bool>(x, x % 3 == 0); }).unzip();
  EXPECT_EQ(firsts, values);
  ASSERT_EQ(seconds.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i)
    EXPECT_EQ(static_cast<bool>(seconds[i]), values[i] % 3 == 0);
}

TEST(ParIterAdaptors, ParWindowsAreEveryRunOfConsecutiveElements) {
  std::vector<int> v(1000);
  std::iota(v.begin(), v.end(), 0);
  const auto sums = fearless::par_windows(v, 3)
                        .map([](std::span<const int> w) { return w[0] + w[1] + w[2]; })
                        .collect();
  ASSERT_EQ(sums.size(), 998u);
  for (std::size_t i = 0; i < sums.size(); ++i)
    EXPECT_EQ(sums[i], 3 * static_cast<int>(i) + 3);
  EXPECT_EQ(fearless::par_windows(v, 1000).count(), 1u);
  EXPECT_EQ(fearless::par_windows(v, 1001).count(), 0u);
  EXPECT_THROW((void)fearless::par_windows(v, 0), std::invalid_argument);
}

TEST_P(Sized, CollectIntoMapsSetsAndStrings) {
  auto squares = fearless::par_iter(values).map([](u64 x) { return std::pair<u64, u64>(x % 100, x); })
                     .collect<std::unordered_map<u64, u64>>();
  std::unordered_map<u64, u64> expected;
  for (u64 x : values)
    expected.insert_or_assign(x % 100, x);  // a later equal key wins
  EXPECT_EQ(squares, expected);
  auto ordered = fearless::par_iter(values).map([](u64 x) { return std::pair<u64, u64>(x % 100, x); })
                     .collect<std::map<u64, u64>>();
  EXPECT_EQ(ordered, (std::map<u64, u64>(expected.begin(), expected.end())));
  EXPECT_EQ(fearless::par_iter(values).collect<std::set<u64>>(),
            std::set<u64>(values.begin(), values.end()));
  EXPECT_EQ(fearless::par_iter(values).collect<std::vector<u64>>(), values);
  std::string digits;
  for (u64 x : values)
    digits.push_back(static_cast<char>('0' + x % 10));
  EXPECT_EQ(fearless::par_iter(values).map([](u64 x) { return static_cast<char>('0' + x % 10); })
                .collect<std::string>(),
            digits);
}

TEST(ParIterAdaptors, CollectStringsConcatenates) {
  const std::vector<std::string> words{"fear", "less", "", "!"};
  EXPECT_EQ(fearless::par_iter(words).collect<std::string>(), "fearless!");
  EXPECT_EQ(fearless::par_iter(words).map([](const std::string& w) { return std::string_view(w); })
                .collect<std::string>(),
            "fearless!");
}

TEST_P(Sized, ForEachWithAndMapInitGiveEachPieceItsOwnState) {
  std::vector<u64> out(values.size());
  fearless::par_iter(values).enumerate().for_each_with(
      std::vector<u64>{}, [&out](std::vector<u64>& scratch, auto numbered) {
        scratch.push_back(numbered.second);  // the piece's own buffer: no race
        out[numbered.first] = scratch.back();
      });
  EXPECT_EQ(out, values);
  std::atomic<int> states{0};
  const auto total = fearless::par_iter(values)
                         .map_init([&states] { states.fetch_add(1); return u64{0}; },
                                   [](u64& seen, u64 x) {
                                     ++seen;  // the piece's own counter
                                     return x;
                                   })
                         .sum();
  EXPECT_EQ(total, std::accumulate(values.begin(), values.end(), u64{0}));
  EXPECT_LE(static_cast<std::size_t>(states.load()), values.size() + 1);
  EXPECT_EQ(fearless::par_iter(values).map_with(u64{1}, [](u64& one, u64 x) { return x * one; }).collect(),
            values);
}

TEST(ParIterAdaptors, ForEachInitCallsInitFarLessThanOncePerItem) {
  std::atomic<int> states{0};
  std::atomic<long> sum{0};
  fearless::par_range(0, 100000).for_each_init(
      [&states] {
        states.fetch_add(1);
        return 0L;
      },
      [&sum](long& local, int x) {
        local += x;
        sum.fetch_add(x, std::memory_order_relaxed);
      });
  EXPECT_EQ(sum.load(), 4999950000L);
  EXPECT_LT(states.load(), 10000);
}

TEST(ParIterAdaptors, OwnedParIterMovesItemsOut) {
  std::vector<std::unique_ptr<int>> boxes;
  for (int i = 0; i < 1000; ++i)
    boxes.push_back(std::make_unique<int>(i));
  static_assert(std::is_same_v<decltype(fearless::par_iter(std::move(boxes)))::item_type,
                               std::unique_ptr<int>&&>);
  // Move-only elements reach map and collect without a copy.
  auto values = fearless::par_iter(std::move(boxes))
                    .map([](std::unique_ptr<int>&& b) { return std::move(b); })
                    .collect();
  ASSERT_EQ(values.size(), 1000u);
  for (int i = 0; i < 1000; ++i)
    EXPECT_EQ(*values[static_cast<std::size_t>(i)], i);
  std::vector<std::string> words(100, std::string(64, 'x'));
  auto moved = fearless::par_iter(std::move(words)).collect();
  EXPECT_EQ(moved.size(), 100u);
  EXPECT_EQ(moved[99], std::string(64, 'x'));
}

TEST(ParIterAdaptors, PairsOfOwnedItemsHoldValues) {
  auto numbered = fearless::par_iter(std::vector<std::string>{"a", "b"}).enumerate().collect();
  static_assert(std::is_same_v<decltype(numbered)::value_type, std::pair<std::size_t, std::string>>);
  EXPECT_EQ(numbered[1].second, "b");  // the container is gone: a reference would dangle
  const std::vector<int> keys{1, 2};
  auto zipped = fearless::par_iter(keys).zip(fearless::par_iter(std::vector<std::string>{"x", "y"})).collect();
  EXPECT_EQ(zipped[0].second, "x");
}

TEST(ParIterAdaptors, MapInitMakesOneStatePerPiece) {
  std::atomic<int> states{0};
  const long total = fearless::par_range(0, 1'000'000)
                         .map_init([&states] { return states.fetch_add(1) * 0L; },
                                   [](long& zero, int x) { return zero + x; })
                         .sum<long>();
  EXPECT_EQ(total, 499999500000L);
  EXPECT_LT(states.load(), 500);  // pieces, not batches of a piece
}

TEST(ParIterAdaptors, ASecondTerminalOnAnOwnedIteratorThrows) {
  auto it = fearless::par_iter(std::vector<std::string>{"a", "b"});
  auto copy = it;
  EXPECT_EQ(it.collect().size(), 2u);
  EXPECT_THROW((void)copy.count(), std::logic_error);
}

TEST(ParSortByCachedKey, ComputesEachKeyOnceAndSortsStably) {
  std::vector<std::pair<int, int>> v;
  for (int i = 0; i < 5000; ++i)
    v.emplace_back((i * 7919) % 100, i);
  auto expected = v;
  // Stable: equal keys keep their original order, which is .second's.
  std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
    return std::pair(std::to_string(a.first), a.second) < std::pair(std::to_string(b.first), b.second);
  });
  std::atomic<int> keys{0};
  fearless::par_sort_by_cached_key(v, [&keys](const std::pair<int, int>& p) {
    keys.fetch_add(1, std::memory_order_relaxed);
    return std::to_string(p.first);
  });
  EXPECT_EQ(v, expected);
  EXPECT_EQ(keys.load(), 5000);
}
