// One finding: a detached thread that borrows a local.
#include <cstdio>
#include <thread>

int main() {
  int ticks = 0;
  std::thread([&ticks] { ++ticks; }).detach();
  std::puts("started");
}
