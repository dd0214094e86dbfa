// BUGGY on purpose: the article's first example. A thousand goroutines run
// `counter++` and the result is unpredictable; in Rust it does not compile,
// because a `&mut` borrow is exclusive and only Sync types may be shared.
// fearless-shared-mutable-capture reports the C++ translation; run
// `scripts/demo`. joined_threads.cpp has the fixed versions.
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {

int count_in_parallel() {
  int counter = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 1000; ++i)
    threads.emplace_back([&] { counter++; });  // finding: a data race
  for (auto &t : threads)
    t.join();
  return counter;
}

// The parent reads the status while the worker may still write it.
std::string status_while_working() {
  std::string status = "starting";
  std::thread worker([&] { status = "done"; });
  std::string seen = status;  // finding: read before the join
  worker.join();
  return seen;
}

}  // namespace

int main() {
  std::printf("%d\n", count_in_parallel());
  std::printf("%s\n", status_while_working().c_str());
}
