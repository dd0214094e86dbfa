// Thread lifetime across functions: a function that returns the thread it
// started hands the duty to join it to its caller, and a class whose
// destructor joins its thread member is a scoped owner, like std::jthread.
// RUN: %check_fearless_tidy -std=c++20 -check-suffix=UNJOINED %s fearless-unjoined-thread %t -- -- -pthread
// RUN: %check_fearless_tidy -std=c++20 -check-suffix=BORROW %s fearless-thread-escaping-borrow %t -- -- -pthread

#include <thread>
#include <vector>

void serve();
bool ready();

std::thread start_server() { return std::thread(serve); }

std::thread start_named() {
  std::thread server(serve);
  return server;
}

// Not always running: the caller cannot know.
std::thread maybe_start(bool enabled) {
  if (!enabled)
    return std::thread();
  return std::thread(serve);
}

void earlyReturnAfterStart() {
  std::thread server = start_server();
  // CHECK-MESSAGES-UNJOINED: :[[@LINE-1]]:15: warning: 'server' may still be joinable when it is destroyed at the end of 'earlyReturnAfterStart' (std::terminate) [fearless-unjoined-thread]
  if (!ready())
    return;
  server.join();
}

void joinedAfterStart() {
  auto server = start_named();
  if (!ready()) {
    server.join();
    return;
  }
  server.join();
}

void unknownState() {
  std::thread server = maybe_start(ready());
  if (!ready())
    return;
  if (server.joinable())
    server.join();
}

// A scoped owner: the destructor joins what the constructor started.
class Worker {
public:
  explicit Worker(int &counter) : thread_([&counter] { ++counter; }) {}
  ~Worker() {
    if (thread_.joinable())
      thread_.join();
  }

private:
  std::thread thread_;
};

class Pool {
public:
  Pool(std::vector<int> &results, int n) {
    for (int i = 0; i < n; ++i)
      threads_.emplace_back([&results, i] { results[i] = i; });
  }
  ~Pool() { stop(); }

private:
  void stop() {
    for (std::thread &t : threads_)
      t.join();
  }
  std::vector<std::thread> threads_;
};

// Never joined by the destructor: the borrow may dangle.
class Leaky {
public:
  explicit Leaky(int &counter) {
    thread_ = std::thread([&counter] { ++counter; });
    // CHECK-MESSAGES-BORROW: :[[@LINE-1]]:15: warning: thread may outlive 'counter', which it borrows by reference [fearless-thread-escaping-borrow]
  }
  ~Leaky() { thread_.detach(); }

private:
  std::thread thread_;
};

// A thread returned to the caller that borrows only the caller's objects:
// the caller holds it, and joins it before they die.
std::thread serveOn(int &port) {
  return std::thread([&port] { port = 8080; });
}

// ...but one that borrows the function's own local dangles.
std::thread serveLocal() {
  int port = 0;
  return std::thread([&port] { port = 8080; });
  // CHECK-MESSAGES-BORROW: :[[@LINE-1]]:10: warning: thread may outlive 'port', which it borrows by reference [fearless-thread-escaping-borrow]
}
