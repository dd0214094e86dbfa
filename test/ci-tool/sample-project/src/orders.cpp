// A detached thread that borrows the caller's locals.
#include "sample/background.hpp"

#include <thread>
#include <vector>

namespace sample {

int send(const std::vector<int> &orders);

void place_orders(const std::vector<int> &orders) {
  int sent = 0;
  std::thread reporter([&] { sent = send(orders); });
  reporter.detach();
}

} // namespace sample
