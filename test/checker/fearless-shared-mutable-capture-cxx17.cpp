// The core of fearless-shared-mutable-capture in both C++17 and C++20 modes.
// RUN: %check_fearless_tidy %s fearless-shared-mutable-capture %t -- -- -pthread

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

int goCounter() {
  int counter = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 1000; ++i)
    threads.emplace_back([&] { counter++; });
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'counter' is written by a thread started at line [[@LINE-1]] while another instance of the same thread may access it [fearless-shared-mutable-capture]
  for (auto &t : threads)
    t.join();
  return counter;
}

int atomicCounter() {
  std::atomic<int> counter{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 1000; ++i)
    threads.emplace_back([&] { counter++; });
  for (auto &t : threads)
    t.join();
  return counter;
}

int lockedCounter() {
  std::mutex m;
  int counter = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 1000; ++i)
    threads.emplace_back([&] {
      std::lock_guard<std::mutex> lock(m);
      counter++;
    });
  for (auto &t : threads)
    t.join();
  return counter;
}
