// CLEAN: the same work as detached_thread.cpp and shared_counter.cpp, with
// every thread finished before the data it borrows goes away and every shared
// write synchronized. No fearless check has anything to report here.
#include <pthread.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

namespace {

void place_orders(const std::vector<int> &orders) {
  std::thread reporter([&orders] {
    std::printf("placing %zu orders\n", orders.size());
  });
  reporter.join();  // `orders` outlives the reporter
}

void place_orders_scoped(const std::vector<int> &orders) {
  // A std::jthread joins in its destructor, before `orders` can go away.
  std::jthread reporter([&orders] {
    std::printf("placing %zu orders (jthread)\n", orders.size());
  });
}

// The article's counter, fixed: an atomic...
int count_with_atomic() {
  std::atomic<int> counter{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 100; ++i)
    threads.emplace_back([&] { counter++; });
  for (auto &t : threads)
    t.join();
  return counter;
}

// ...or a mutex around every access.
int count_with_mutex() {
  std::mutex m;
  int counter = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 100; ++i)
    threads.emplace_back([&] {
      std::lock_guard<std::mutex> lock(m);
      counter++;
    });
  for (auto &t : threads)
    t.join();
  return counter;
}

void *flush_log(void *) {
  std::puts("log flushed");
  return nullptr;
}

void flush_and_wait() {
  pthread_t flusher;
  pthread_create(&flusher, nullptr, flush_log, nullptr);
  pthread_join(flusher, nullptr);
}

}  // namespace

int main() {
  place_orders({1, 2, 3});
  place_orders_scoped({4, 5});
  flush_and_wait();
  std::printf("counted %d and %d\n", count_with_atomic(), count_with_mutex());
}
