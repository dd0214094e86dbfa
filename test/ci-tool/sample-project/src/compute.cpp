// An early return that leaves a std::thread joinable.
#include "sample/background.hpp"

#include <thread>

namespace sample {

void work();

void compute(bool fail) {
  std::thread t(work);
  if (fail)
    return;
  t.join();
}

void compute_twice(bool fail) {
  std::thread t(work);
  if (fail)
    return;
  t.join();
}

} // namespace sample
