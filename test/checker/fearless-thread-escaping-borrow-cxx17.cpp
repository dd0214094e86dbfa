// The core of fearless-thread-escaping-borrow in both C++17 and C++20 modes.
// RUN: %check_fearless_tidy %s fearless-thread-escaping-borrow %t -- -- -pthread

#include <future>
#include <string>
#include <thread>
#include <vector>

void use(int &);

void detached() {
  int job = 0;
  std::thread([&] { use(job); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
}

std::future<void> returned() {
  int job = 0;
  auto f = std::async(std::launch::async, [&job] { use(job); });
  return f;
  // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: std::async task may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
}

// std::terminate comes first on the early return: fearless-unjoined-thread's
// finding, not this check's.
void leftWithoutJoin(bool fail) {
  std::vector<int> data(4);
  std::thread t([&data] { (void)data.size(); });
  if (fail)
    return;
  t.join();
}

void joinedOnEveryPath(bool early) {
  int job = 0;
  std::thread t([&] { use(job); });
  if (early) {
    t.join();
    return;
  }
  if (t.joinable())
    t.join();
}

void joinedPool() {
  int job = 0;
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back([&] { use(job); });
  for (auto &t : pool)
    t.join();
}

void futureWaits() {
  int job = 0;
  auto f = std::async(std::launch::async, [&] { use(job); });
}
