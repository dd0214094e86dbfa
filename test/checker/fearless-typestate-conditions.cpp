// The conditions that tell a std::thread's state on each branch, and the
// ones that must not be trusted.
// RUN: %check_fearless_tidy %s fearless-typestate %t -- -- -pthread

#include <thread>

void work();
struct id {};
bool operator==(id, id);
bool operator!=(id, id);

void lastOperand(bool shutdown, bool start) {
  std::thread t;
  if (start)
    t = std::thread(work);
  if (!shutdown && t.joinable())
    t.join();
}

void comparedWithTrue(bool start) {
  std::thread t;
  if (start)
    t = std::thread(work);
  if (t.joinable() == true)
    t.join();
}

void comparedIds(bool start) {
  std::thread t;
  if (start)
    t = std::thread(work);
  if (t.get_id() != std::thread::id())
    t.join();
}

void flagRightBefore(bool start) {
  std::thread t;
  if (start)
    t = std::thread(work);
  bool joinable = t.joinable();
  if (joinable)
    t.join();
}

// A flag taken earlier may be stale: not trusted.
void staleFlag() {
  std::thread t(work);
  bool joinable = t.joinable();
  t.join();
  if (joinable)
    t.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 't' may be in state 'not joinable' here, but 'join' requires 'joinable' [fearless-typestate]
}

// A class of the user's that happens to be called `id` is not a thread id.
bool userIds(id a, id b) {
  std::thread t(work);
  t.join();
  return a != b && a == id();
}
