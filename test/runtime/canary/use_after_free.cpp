// A deliberate heap use-after-free. AddressSanitizer must report it (the test
// expects the report).
#include <cstdio>

int main() {
  int *value = new int(42);
  delete value;
  volatile int read = *value;
  std::printf("%d\n", read);
}
