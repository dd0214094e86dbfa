// CLEAN: the same work as detached_thread.cpp, with every thread finished
// before the data it borrows goes away. fearless-detached-thread has nothing
// to report here.
#include <pthread.h>

#include <cstdio>
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
}
