// A deliberate data race: two threads increment one int without a lock.
// ThreadSanitizer must report it (the test expects the report).
#include <cstdio>
#include <thread>

namespace {
int counter = 0;
void increment() {
  for (int i = 0; i < 1000; ++i)
    ++counter;
}
}  // namespace

int main() {
  std::thread a(increment);
  std::thread b(increment);
  a.join();
  b.join();
  std::printf("counter = %d\n", counter);
}
