// Does not compile: fearless-ci must list it as failed, never drop it.
#include <thread>

namespace sample {

void broken() {
  std::thread t(undeclared_function);
  t.join();
}

} // namespace sample
