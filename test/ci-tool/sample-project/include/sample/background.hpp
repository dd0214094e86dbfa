// Shared by orders.cpp, compute.cpp and report.cpp: its finding must be
// reported once, not once per translation unit that includes it.
#pragma once

#include <thread>

namespace sample {

void heartbeat();

// Starts a heartbeat and forgets to join it: std::terminate at the '}'.
inline void start_heartbeat() {
  std::thread beat(heartbeat);
}

} // namespace sample
