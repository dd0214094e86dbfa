// BUGGY on purpose: threads that may outlive the stack data they borrow.
// fearless-thread-escaping-borrow reports each one; run `scripts/demo`.
//
// Rust's thread::spawn only accepts closures that own their data; only scoped
// threads may borrow, because the scope joins them first. These C++ threads
// borrow locals and may still run after the locals are gone.
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {

class Downloader {
public:
  // The worker borrows `url`, a parameter of start(), but is kept in a member:
  // it runs on after start() returns and `url` is destroyed.
  void start(std::string url) {
    worker_ = std::thread([&url] { std::printf("fetching %s\n", url.c_str()); });
  }
  ~Downloader() {
    if (worker_.joinable())
      worker_.join();
  }

private:
  std::thread worker_;
};

// On the early-return path the thread is never joined: the std::thread
// destructor terminates the program while the thread may use `total`.
int sum_in_background(const std::vector<int> &values, bool cancelled) {
  int total = 0;
  std::thread adder([&] {
    for (int v : values)
      total += v;
  });
  if (cancelled)
    return -1;
  adder.join();
  return total;
}

}  // namespace

int main() {
  Downloader downloader;
  downloader.start("https://example.org");
  std::printf("%d\n", sum_in_background({1, 2, 3}, false));
}
