// BUGGY on purpose: threads that are detached. fearless-detached-thread
// reports each detach; run `scripts/demo` to see the findings.
//
// A detached thread can never be joined. Nothing can wait for it, so nothing
// it uses is known to outlive it: here the reporter borrows `orders`, which
// dies when place_orders returns, while the reporter may still be reading it.
// Rust's scoped threads have no detach; see joined_threads.cpp for the fix.
#include <pthread.h>

#include <cstdio>
#include <thread>
#include <vector>

namespace {

void place_orders(const std::vector<int> &orders) {
  std::thread reporter([&orders] {
    std::printf("placing %zu orders\n", orders.size());
  });
  reporter.detach();  // finding: the reporter may outlive `orders`
}

void *flush_log(void *) {
  std::puts("log flushed");
  return nullptr;
}

void flush_in_background() {
  pthread_t flusher;
  pthread_create(&flusher, nullptr, flush_log, nullptr);
  pthread_detach(flusher);  // finding: nobody waits for the flush
}

}  // namespace

int main() {
  place_orders({1, 2, 3});
  flush_in_background();
}
