// Uses the installed runtime: includes every public header and checks that the
// C++20 requirement was carried by the imported target.
#include <fearless/fearless.hpp>

#include <cstdio>

static_assert(__cplusplus >= 202002L, "fearless::runtime must bring C++20");

int main() {
  std::printf("consumer: fearless %d.%d.%d from the installed prefix\n",
              fearless::version.major, fearless::version.minor,
              fearless::version.patch);
}
