// fearless::par_iter and friends: every adaptor and terminal against the
// sequential answer on random inputs of several sizes, order preservation,
// par_iter_mut's one-visit-per-element, nesting, exceptions, explicit pools.
#include "fearless/detail/platform.hpp"
#include "fearless/join.hpp"
#include "fearless/par_iter.hpp"
#include "fearless/thread_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <random>
#include <ranges>
#include <span>
#include <stdexcept>
#include <string>
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
  // A temporary container is moved into the iterator and kept alive by it.
  auto owned = fearless::par_iter(std::vector<int>(1000, 1)).map([](int x) { return x * 3; });
  EXPECT_EQ(owned.sum(), 3000);
  EXPECT_EQ(owned.count(), 1000u);
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
