// Nothing to report: every thread is joined on every path.
#include <thread>

namespace sample {

void work();

void run_and_wait() {
  std::thread t(work);
  t.join();
}

} // namespace sample
