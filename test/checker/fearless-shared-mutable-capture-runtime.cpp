// The runtime's parallel adaptors added for Rayon's API (flat_map, map_init,
// for_each_init, partition...) and try_scope's spawn run their callables
// concurrently: a shared counter they write is a race; the per-task state of
// for_each_with and map_init, passed as a parameter, is not.
// RUN: %check_fearless_tidy -std=c++20 %s fearless-shared-mutable-capture %t -- -- -I%fearless_include

#include <fearless/par_iter.hpp>
#include <fearless/par_sort.hpp>
#include <fearless/try_scope.hpp>

#include <string>
#include <vector>

// ===== Positive: a capture written by every task =====

std::vector<int> flatMapCounts(const std::vector<int> &v, int &calls) {
  return fearless::par_iter(v).flat_map([&](int x) { ++calls; return std::vector<int>{x, x}; }).collect();
  // CHECK-MESSAGES: :[[@LINE-1]]:56: warning: 'calls' is written by a callable started at line [[@LINE-1]] while another instance of the same callable may access it [fearless-shared-mutable-capture]
}

long mapInitCountsStates(const std::vector<int> &v) {
  int states = 0;
  return fearless::par_iter(v).map_init([&] { ++states; return 0; }, [](int &s, int x) { return s + x; }).sum<long>();
  // CHECK-MESSAGES: :[[@LINE-1]]:49: warning: 'states' is written by a callable started at line [[@LINE-1]] while another instance of the same callable may access it [fearless-shared-mutable-capture]
}

std::size_t partitionCounts(const std::vector<int> &v) {
  int seen = 0;
  auto [pos, neg] = fearless::par_iter(v).partition([&](int x) { ++seen; return x > 0; });
  // CHECK-MESSAGES: :[[@LINE-1]]:68: warning: 'seen' is written by a callable started at line [[@LINE-1]] while another instance of the same callable may access it [fearless-shared-mutable-capture]
  return pos.size() + neg.size() + static_cast<std::size_t>(seen);
}

void sortCountsKeys(std::vector<int> &v) {
  int keys = 0;
  fearless::par_sort_by_cached_key(v, [&](int x) { ++keys; return std::to_string(x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:54: warning: 'keys' is written by a callable started at line [[@LINE-1]] while another instance of the same callable may access it [fearless-shared-mutable-capture]
}

int tryScopeBothWrite() {
  int total = 0;
  fearless::try_scope([&](fearless::try_scope_handle &s) {
    s.spawn([&] { total += 1; });
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'total' is written by a scoped thread started at line [[@LINE-1]] while the scoped thread started at line [[@LINE+1]] may access it [fearless-shared-mutable-capture]
    s.spawn([&](const fearless::cancellation_token &) { total += 2; });
  });
  return total;
}

// ===== Negative: per-task state, disjoint writes, joined before the write =====

void forEachWithOwnState(const std::vector<int> &v) {
  fearless::par_iter(v).for_each_with(std::vector<int>{}, [](std::vector<int> &scratch, int x) { scratch.push_back(x); });
}

long mapInitOwnState(const std::vector<int> &v) {
  return fearless::par_iter(v).map_init([] { return std::string(); }, [](std::string &buffer, int x) {
    buffer = std::to_string(x);
    return static_cast<long>(buffer.size());
  }).sum<long>();
}

int tryScopeDisjoint() {
  int left = 0, right = 0;
  fearless::try_scope([&](fearless::try_scope_handle &s) {
    s.spawn([&] { left = 1; });
    s.spawn([&](const fearless::cancellation_token &token) { right = token.cancelled() ? 0 : 2; });
  });
  return left + right;
}

int tryScopeJoinedFirst() {
  int total = 0;
  fearless::try_scope([&](fearless::try_scope_handle &s) {
    auto first = s.spawn([&] { total += 1; });
    first.join();
    total += 2;
  });
  return total;
}

// ===== Pool tasks: pool_scope spawns, broadcast =====

#include <fearless/broadcast.hpp>
#include <fearless/pool_scope.hpp>

int poolScopeBothWrite() {
  int total = 0;
  fearless::pool_scope([&](fearless::pool_scope_handle &s) {
    s.spawn([&] { total += 1; });
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'total' is written by a scoped thread started at line [[@LINE-1]] while the scoped thread started at line [[@LINE+1]] may access it [fearless-shared-mutable-capture]
    s.spawn([&] { total += 2; });
  });
  return total;
}

int broadcastCounts() {
  int threads = 0;
  fearless::broadcast([&] { ++threads; });
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'threads' is written by a callable started at line [[@LINE-1]] while another instance of the same callable may access it [fearless-shared-mutable-capture]
  return threads;
}

void poolScopeDisjoint(std::vector<int> &out) {
  fearless::pool_scope([&](fearless::pool_scope_handle &s) {
    for (std::size_t i = 0; i < out.size(); ++i)
      s.spawn([&out, i] { out[i] = static_cast<int>(i); });
  });
}
