// The runtime's parallel iterators and fearless::join as concurrent contexts.
// The declarations below follow the runtime's interface (fearless/par_iter.hpp
// and fearless/join.hpp); the check recognises any adaptor or terminal of a
// class in namespace fearless, so these stand-ins exercise the same rule.
// RUN: %check_fearless_tidy -std=c++20 %s fearless-shared-mutable-capture %t

#include <vector>

namespace fearless {
// Sequential bodies: only the interface matters to the check.
template <typename T> class parallel_iterator {
public:
  template <typename F> parallel_iterator map(F) const { return *this; }
  template <typename F> parallel_iterator filter(F) const { return *this; }
  template <typename F> void for_each(F) const {}
  template <typename Op> T reduce(T identity, Op) const { return identity; }
};
template <typename C>
parallel_iterator<typename C::value_type> par_iter(const C &) { return {}; }
template <typename A, typename B> void join(A a, B b) { a(); b(); }
template <typename A, typename B> void join_context(A a, B b) { a(false); b(false); }
template <typename R, typename C> void par_sort(R &, C) {}
template <typename R, typename K> void par_sort_by_key(R &, K) {}
} // namespace fearless

int sumIntoCapture(const std::vector<int> &v) {
  int sum = 0;
  fearless::par_iter(v).for_each([&](int x) { sum += x; });
  // CHECK-MESSAGES: :[[@LINE-1]]:47: warning: 'sum' is written by a callable started at line [[@LINE-1]] while another instance of the same callable may access it [fearless-shared-mutable-capture]
  return sum;
}

int countInMap(const std::vector<int> &v) {
  int calls = 0;
  fearless::par_iter(v).map([&](int x) { ++calls; return x; }).reduce(0, [](int a, int b) { return a + b; });
  // CHECK-MESSAGES: :[[@LINE-1]]:44: warning: 'calls' is written by a callable started at line [[@LINE-1]] while another instance of the same callable may access it [fearless-shared-mutable-capture]
  return calls;
}

// The safe forms: reduce instead of a shared sum, read-only captures.
int sumByReduce(const std::vector<int> &v) {
  return fearless::par_iter(v).reduce(0, [](int a, int b) { return a + b; });
}
int countAbove(const std::vector<int> &v, int limit) {
  return fearless::par_iter(v)
      .filter([&](int x) { return x > limit; })
      .map([](int) { return 1; })
      .reduce(0, [](int a, int b) { return a + b; });
}

// fearless::join runs both closures at the same time.
void joinBothWrite() {
  std::vector<int> out;
  fearless::join([&] { out.push_back(1); }, [&] { out.push_back(2); });
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'out' is written by a callable started at line [[@LINE-1]] while the callable started at line [[@LINE-1]] may access it [fearless-shared-mutable-capture]
}
void joinDisjoint() {
  int left = 0, right = 0;
  fearless::join([&] { left = 1; }, [&] { right = 2; });
}

// The comparator and key function of the parallel sorts run many times at once.
void sortCountingComparisons(std::vector<int> &v) {
  long comparisons = 0;
  fearless::par_sort(v, [&](int a, int b) { ++comparisons; return a < b; });
  // CHECK-MESSAGES: :[[@LINE-1]]:47: warning: 'comparisons' is written by a callable started at line [[@LINE-1]] while another instance of the same callable may access it [fearless-shared-mutable-capture]
}
void sortByKeyReadOnly(std::vector<int> &v, const std::vector<int> &rank) {
  fearless::par_sort_by_key(v, [&](int x) { return rank[x]; });
}

// A recursive lambda that hands itself to join: it has no state to race on.
long recursiveLambdaSum(const std::vector<long> &v) {
  auto sum = [&v](auto &&self, std::size_t lo, std::size_t hi) -> long {
    if (hi - lo < 2)
      return hi > lo ? v[lo] : 0;
    long left = 0, right = 0;
    fearless::join([&] { left = self(self, lo, (lo + hi) / 2); },
                   [&] { right = self(self, (lo + hi) / 2, hi); });
    return left + right;
  };
  return sum(sum, 0, v.size());
}

// join_context runs both closures at the same time too.
void joinContextBothWrite() {
  int hits = 0;
  fearless::join_context([&](bool) { ++hits; }, [&](bool) { ++hits; });
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: 'hits' is written by a callable started at line [[@LINE-1]] while the callable started at line [[@LINE-1]] may access it [fearless-shared-mutable-capture]
}
