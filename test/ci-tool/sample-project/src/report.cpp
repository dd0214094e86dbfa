// Only the shared header's finding: this file itself is clean.
#include "sample/background.hpp"

namespace sample {

void report() { start_heartbeat(); }

} // namespace sample
