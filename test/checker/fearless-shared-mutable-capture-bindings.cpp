// Structured bindings name parts of the object they decompose: a data
// member, an element of a std::pair, an element of an array. Two threads
// that write the same part race; different parts are different memory
// locations.
// RUN: %check_fearless_tidy -std=c++20 %s fearless-shared-mutable-capture %t -- -- -pthread

#include <string>
#include <thread>
#include <utility>

struct Totals {
  int hits;
  int misses;
};
Totals load();
std::pair<int, std::string> entry();
void use(int);
void use(const std::string &);

// ===== Positive =====

void sameMemberThroughABinding() {
  auto [hits, misses] = load();
  std::thread t([&] { ++hits; });
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: 'hits' is written by a thread started at line 24 while the thread started at line 29 may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-2]]:25: note: '[hits, misses]' is shared with the thread here
  // CHECK-NOTES: :[[@LINE+2]]:25: note: the other access is here
  // CHECK-NOTES: :[[@LINE-4]]:25: note: guard every access to '[hits, misses]' with the same mutex, or give each thread its own copy and combine the results after joining
  std::thread u([&] { ++hits; use(misses); });
  t.join();
  u.join();
}

void pairElementWrittenByTheLauncher() {
  auto [count, name] = entry();
  std::thread t([&] { use(name); });
  name = "renamed";
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'name' is written by this function while the thread started at line 36 may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-3]]:27: note: '[count, name]' is shared with the thread here
  // CHECK-NOTES: :[[@LINE-4]]:27: note: the other access is here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: guard every access to '[count, name]' with the same mutex, or give each thread its own copy and combine the results after joining
  t.join();
  use(count);
}

void arrayElement() {
  int slots[2] = {0, 0};
  auto &[first, second] = slots;
  std::thread t([&] { first = 1; });
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'first' is written by a thread started at line 49 while the thread started at line 54 may access it [fearless-shared-mutable-capture]
  // CHECK-NOTES: :[[@LINE-2]]:23: note: 'slots' is shared with the thread here
  // CHECK-NOTES: :[[@LINE+2]]:27: note: the other access is here
  // CHECK-NOTES: :[[@LINE-4]]:23: note: guard every access to 'slots' with the same mutex, or give each thread its own copy and combine the results after joining
  std::thread u([&] { use(first); });
  t.join();
  u.join();
}

// ===== Negative =====

void differentMembers() {
  auto [hits, misses] = load();
  std::thread t([&] { ++hits; });
  std::thread u([&] { ++misses; });
  t.join();
  u.join();
}

void differentPairElements() {
  auto [count, name] = entry();
  std::thread t([&] { ++count; });
  name = "renamed";
  t.join();
}

void differentArrayElements() {
  int slots[2] = {0, 0};
  auto &[first, second] = slots;
  std::thread t([&] { first = 1; });
  std::thread u([&] { second = 2; });
  t.join();
  u.join();
}

void copiedIntoTheThread() {
  auto [hits, misses] = load();
  std::thread t([hits] { use(hits + 1); });
  ++hits;
  t.join();
}

void readOnlyEverywhere() {
  auto [hits, misses] = load();
  std::thread t([&] { use(hits); });
  std::thread u([&] { use(hits + misses); });
  t.join();
  u.join();
}
