// A deliberate signed integer overflow. UndefinedBehaviorSanitizer must report
// it (the test expects the report).
#include <climits>
#include <cstdio>

int main(int argc, char **) {
  int value = INT_MAX;
  value += argc;  // argc >= 1: overflows, and the compiler cannot fold it.
  std::printf("%d\n", value);
}
