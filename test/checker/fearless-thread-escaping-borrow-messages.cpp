// A message that holds a pointer, a std::reference_wrapper, a view, a span
// or an iterator lends what it points into to the thread that receives it:
// that object must outlive the thread, as a capture by reference must (Rust
// asks `T: Send + 'static` of what is sent to a spawned thread). Messages
// that own their data (std::string, std::unique_ptr, std::shared_ptr)
// borrow nothing.
// RUN: %check_fearless_tidy -std=c++20 %s fearless-thread-escaping-borrow %t -- -- -I%fearless_include

#include <fearless/channel.hpp>
#include <fearless/scope.hpp>
#include <fearless/select.hpp>

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

void use(int);
void use(std::string_view);
std::string make_name();

// ===== Positive: the receiving thread may outlive what the message points to =====

void detachedConsumerOfPointers() {
  auto [tx, rx] = fearless::channel::unbounded<int *>();
  std::thread([rx = std::move(rx)] {
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread may outlive 'value', which it borrows through a message sent on 'tx' [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE+6]]:11: note: 'value' is borrowed through a message sent on 'tx' here
  // CHECK-NOTES: :[[@LINE+3]]:6: note: the thread is detached here
    for (int *p : rx)
      use(*p);
  }).detach();
  int value = 42;
  tx.send(&value);
}

void viewOfAnInnerBlockString() {
  auto [tx, rx] = fearless::channel::bounded<std::string_view>(4);
  std::thread consumer([&rx] {
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread may outlive 'name', which it borrows through a message sent on 'tx' [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE+7]]:13: note: 'name' is borrowed through a message sent on 'tx' here
  // CHECK-NOTES: :[[@LINE+7]]:3: note: 'name' goes out of scope here while the thread may still be running
    while (auto s = rx.recv())
      use(*s);
  });
  {
    std::string name = make_name();
    tx.send(name);
  }
  tx.reset();
  consumer.join();
}

struct Job {
  int *slot;
  int n;
};

void aggregateWithAPointer() {
  auto [tx, rx] = fearless::channel::unbounded<Job>();
  std::thread([rx = std::move(rx)] {
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread may outlive 'result', which it borrows through a message sent on 'tx' [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE+6]]:15: note: 'result' is borrowed through a message sent on 'tx' here
  // CHECK-NOTES: :[[@LINE+3]]:6: note: the thread is detached here
    for (Job j : rx)
      *j.slot = j.n;
  }).detach();
  int result = 0;
  tx.send(Job{&result, 3});
}

void pairWithAPointer() {
  auto [tx, rx] =
      fearless::channel::unbounded<std::pair<std::string, const int *>>();
  std::thread([rx = std::move(rx)] {
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread may outlive 'limit', which it borrows through a message sent on 'tx' [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE+7]]:33: note: 'limit' is borrowed through a message sent on 'tx' here
  // CHECK-NOTES: :[[@LINE+3]]:6: note: the thread is detached here
    for (auto job : rx)
      use(*job.second);
  }).detach();
  const int limit = 10;
  std::string label = make_name();
  tx.send(std::make_pair(label, &limit));
}

void scopedThreadReceivesABodyLocal() {
  auto [tx, rx] = fearless::channel::unbounded<std::reference_wrapper<int>>();
  fearless::scope([&](fearless::scope_handle &s) {
    s.spawn([&] {
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: scoped thread may outlive 'local', which it borrows through a message sent on 'tx' [fearless-thread-escaping-borrow]
    // CHECK-NOTES: :[[@LINE+6]]:13: note: 'local' is borrowed through a message sent on 'tx' here
    // CHECK-NOTES: :[[@LINE+7]]:3: note: 'local' goes out of scope here, but the scope joins the thread only after its body returns; join the thread's handle before this point, or declare 'local' outside the scope
      for (int &v : rx)
        use(v);
    });
    int local = 1;
    tx.send(std::ref(local));
    tx.reset();
  });
}

void consume(fearless::channel::receiver<std::span<const int>> rx);

void spanToAThreadArgument() {
  auto [tx, rx] = fearless::channel::unbounded<std::span<const int>>();
  std::thread t(consume, std::move(rx));
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread may outlive 'numbers', which it borrows through a message sent on 'copy' [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE+5]]:17: note: 'numbers' is borrowed through a message sent on 'copy' here
  // CHECK-NOTES: :[[@LINE+1]]:5: note: the thread is detached here
  t.detach();
  std::vector<int> numbers{1, 2, 3};
  auto copy = tx;
  copy.try_send(std::span<const int>(numbers));
}

void iteratorThroughAPointerVariable() {
  auto [tx, rx] = fearless::channel::bounded<std::vector<int>::const_iterator>(1);
  std::thread reader([rx = std::move(rx)] {
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread may outlive 'numbers', which it borrows through 'first' in a message sent on 'tx' [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE+8]]:19: note: 'numbers' is borrowed through 'first' in a message sent on 'tx' here
  // CHECK-NOTES: :[[@LINE+4]]:10: note: the thread is detached here
    if (auto it = rx.recv())
      use(**it);
  });
  reader.detach();
  std::vector<int> numbers{1, 2, 3};
  auto first = numbers.cbegin();
  tx.send_timeout(first, std::chrono::seconds(1));
}

void sentInASelect() {
  auto [tx, rx] = fearless::channel::bounded<const int *>(1);
  std::thread([rx = std::move(rx)] {
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread may outlive 'x', which it borrows through a message sent on 'tx' [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE+6]]:57: note: 'x' is borrowed through a message sent on 'tx' here
  // CHECK-NOTES: :[[@LINE+3]]:6: note: the thread is detached here
    for (const int *p : rx)
      use(*p);
  }).detach();
  int x = 0;
  fearless::channel::select(fearless::channel::send(tx, &x, [] {}));
}

void pairKeptWhole() {
  auto channel = fearless::channel::unbounded<int *>();
  std::thread([rx = std::move(channel.second)] {
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread may outlive 'x', which it borrows through a message sent on 'channel' [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE+6]]:22: note: 'x' is borrowed through a message sent on 'channel' here
  // CHECK-NOTES: :[[@LINE+3]]:6: note: the thread is detached here
    for (int *p : rx)
      use(*p);
  }).detach();
  int x = 0;
  channel.first.send(&x);
}

// ===== Negative =====

void joinedBeforeTheObjectDies() {
  auto [tx, rx] = fearless::channel::bounded<std::string_view>(4);
  std::thread consumer([&rx] {
    while (auto s = rx.recv())
      use(*s);
  });
  std::string name = make_name();
  tx.send(name);
  tx.reset();
  consumer.join();
}

void messagesOwnTheirData() {
  auto [tx, rx] = fearless::channel::unbounded<std::string>();
  std::thread([rx = std::move(rx)] {
    for (auto s : rx)
      use(s);
  }).detach();
  std::string name = make_name();
  tx.send(name);
  tx.send(std::string_view(name).data()); // copied into a std::string
}

void sharedAndUniqueOwners() {
  auto [tx, rx] = fearless::channel::unbounded<std::shared_ptr<int>>();
  std::thread([rx = std::move(rx)] {
    for (auto p : rx)
      use(*p);
  }).detach();
  auto value = std::make_shared<int>(1);
  tx.send(value);
  auto [utx, urx] = fearless::channel::unbounded<std::unique_ptr<int>>();
  std::thread([urx = std::move(urx)] {
    for (auto &p : urx)
      use(*p);
  }).detach();
  utx.send(std::make_unique<int>(2));
}

void staticAndHeapObjects() {
  static int counter = 0;
  auto [tx, rx] = fearless::channel::unbounded<int *>();
  std::thread([rx = std::move(rx)] {
    for (int *p : rx)
      use(*p);
  }).detach();
  tx.send(&counter);
  tx.send(new int(3));
}

void pairElementsCopied() {
  auto [tx, rx] = fearless::channel::unbounded<std::pair<std::string, int>>();
  std::thread([rx = std::move(rx)] {
    for (auto job : rx)
      use(job.second);
  }).detach();
  std::string label = make_name();
  tx.send(std::make_pair(label.c_str(), 1)); // the characters are copied
}

void receivedByThisFunction() {
  auto [tx, rx] = fearless::channel::unbounded<int *>();
  int x = 1;
  tx.send(&x);
  if (auto p = rx.recv())
    use(**p);
}

void anotherChannel() {
  auto [tx, rx] = fearless::channel::unbounded<int *>();
  auto [tx2, rx2] = fearless::channel::unbounded<int *>();
  std::thread([rx = std::move(rx)] {
    for (int *p : rx)
      use(*p);
  }).detach();
  int x = 1;
  tx2.send(&x); // nobody else receives from this channel
  if (auto p = rx2.recv())
    use(**p);
}

void scopedThreadReceivesAnOuterObject() {
  auto [tx, rx] = fearless::channel::unbounded<std::reference_wrapper<int>>();
  int outside = 1;
  fearless::scope([&](fearless::scope_handle &s) {
    s.spawn([&] {
      for (int &v : rx)
        use(v);
    });
    tx.send(std::ref(outside));
    tx.reset();
  });
}

void scopedHandleJoinedInTheBody() {
  auto [tx, rx] = fearless::channel::unbounded<const int *>();
  fearless::scope([&](fearless::scope_handle &s) {
    auto consumer = s.spawn([&] {
      for (const int *p : rx)
        use(*p);
    });
    int local = 1;
    tx.send(&local);
    tx.reset();
    consumer.join();
  });
}
