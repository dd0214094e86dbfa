// The runtime's data-owning sync types in fearless-shared-mutable-capture:
// data reached only through a guard of a fearless::mutex / rw_lock is never
// a race, nor are the semaphore, wait_group, once_cell and lazy themselves;
// plain data shared beside them still is. (A reference kept past its guard
// is fearless-guard-borrow's business.)
// RUN: %check_fearless_tidy -std=c++20 %s fearless-shared-mutable-capture %t -- -- -I%fearless_include -pthread

#include <fearless/scope.hpp>
#include <fearless/sync.hpp>

#include <map>
#include <string>
#include <thread>
#include <vector>

void use(int);

void guardedDataOnly() {
  fearless::mutex<std::vector<int>> jobs;
  fearless::rw_lock<std::map<int, std::string>> names;
  fearless::semaphore slots(2);
  fearless::wait_group pending;
  fearless::once_cell<int> answer;
  fearless::lazy<int> expensive([] { return 42; });
  pending.add(2);
  std::thread a([&] {
    auto permit = slots.acquire();
    jobs.lock()->push_back(1);
    names.write()->emplace(1, "one");
    use(answer.get_or_init([] { return 1; }));
    use(*expensive);
    pending.done();
  });
  std::thread b([&] {
    auto permit = slots.acquire();
    auto guard = jobs.lock();
    guard->push_back(2);
    use(static_cast<int>(names.read()->size()));
    (void)answer.set(2);
    use(expensive.get());
    pending.done();
  });
  pending.wait();
  a.join();
  b.join();
}

void scopedThreadsShareAMutex() {
  fearless::mutex<long> total(0);
  std::vector<int> values{1, 2, 3};
  fearless::scope([&](fearless::scope_handle &s) {
    for (int v : values)
      s.spawn([&total, v] { *total.lock() += v; });
  });
}

void plainDataBesideTheMutex() {
  fearless::mutex<std::vector<int>> jobs;
  int done = 0;
  std::thread a([&] {
    jobs.lock()->push_back(1);
    ++done;
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'done' is written by a thread started at line 60 while the thread started at line 68 may access it [fearless-shared-mutable-capture]
    // CHECK-NOTES: :[[@LINE-2]]:7: note: 'done' is shared with the thread here
    // CHECK-NOTES: :[[@LINE+5]]:7: note: the other access is here
    // CHECK-NOTES: :[[@LINE-4]]:7: note: make 'done' a std::atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining
  });
  std::thread b([&] {
    jobs.lock()->push_back(2);
    ++done;
  });
  a.join();
  b.join();
}
