// RUN: %check_fearless_tidy -std=c++20 %s fearless-thread-escaping-borrow %t -- -- -pthread

#include <pthread.h>

#include <functional>
#include <future>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

void use(int &);
void use(const std::string &);
void consume(std::thread);
void finish(std::thread &);
void work();
void *routine(void *);

// ===== Positive cases: the thread may outlive what it borrows =====

// P1: detach with [&]
void p1() {
  int job = 0;
  std::thread t([&] { use(job); });
  t.detach();
  // CHECK-NOTES: :[[@LINE-2]]:15: warning: thread may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-3]]:27: note: 'job' is borrowed by reference here
  // CHECK-NOTES: :[[@LINE-3]]:5: note: the thread is detached here
}
// P2: explicit capture, temporary detached
void p2() {
  int job = 0;
  std::thread([&job] { use(job); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: 'job' is borrowed by reference here
  // CHECK-NOTES: :[[@LINE-3]]:37: note: the thread is detached here
}
// P3: std::ref argument
void p3() {
  int job = 0;
  std::thread t([](int &j) { use(j); }, std::ref(job));
  t.detach();
  // CHECK-NOTES: :[[@LINE-2]]:15: warning: thread may outlive 'job', which it borrows through std::ref [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-3]]:41: note: 'job' is borrowed through std::ref here
  // CHECK-NOTES: :[[@LINE-3]]:5: note: the thread is detached here
}
// P4: pthread_create with &local then detach
void p4() {
  int job = 0;
  pthread_t tid;
  pthread_create(&tid, nullptr, routine, &job);
  pthread_detach(tid);
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: thread may outlive 'job', which it borrows through a pointer [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-3]]:42: note: 'job' is borrowed through a pointer here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the thread is detached here
}
// P5: string_view into a local
void p5() {
  std::string text = "hi";
  std::string_view view = text;
  std::thread([view] { (void)view.size(); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread may outlive 'text', which it borrows through 'view' [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:16: note: 'text' is borrowed through 'view' here
  // CHECK-NOTES: :[[@LINE-3]]:46: note: the thread is detached here
}
// P6: .data() pointer
void p6() {
  std::vector<int> values(10);
  int *p = values.data();
  std::thread([p] { (void)*p; }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread may outlive 'values', which it borrows through 'p' [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:16: note: 'values' is borrowed through 'p' here
  // CHECK-NOTES: :[[@LINE-3]]:34: note: the thread is detached here
}
// P7: named lambda
void p7() {
  int job = 0;
  auto work = [&job] { use(job); };
  std::thread t(work);
  t.detach();
  // CHECK-NOTES: :[[@LINE-2]]:15: warning: thread may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-4]]:17: note: 'job' is borrowed by reference here
  // CHECK-NOTES: :[[@LINE-3]]:5: note: the thread is detached here
}
// P8: returned thread
std::thread p8() {
  int job = 0;
  std::thread t([&] { use(job); });
  return t;
  // CHECK-NOTES: :[[@LINE-2]]:15: warning: thread may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-3]]:27: note: 'job' is borrowed by reference here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the thread is returned to the caller here
}
// P9: returned future
std::future<void> p9() {
  int job = 0;
  auto f = std::async(std::launch::async, [&] { use(job); });
  return f;
  // CHECK-NOTES: :[[@LINE-2]]:12: warning: std::async task may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-3]]:53: note: 'job' is borrowed by reference here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the thread is returned to the caller here
}
// P10: stored in member
struct Server {
  std::thread worker_;
  std::vector<std::thread> workers_;
  void p10() {
    int job = 0;
    worker_ = std::thread([&] { use(job); });
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
    // CHECK-NOTES: :[[@LINE-2]]:37: note: 'job' is borrowed by reference here
    // CHECK-NOTES: :[[@LINE-3]]:13: note: the thread is stored in the member 'worker_' here
  }
  void p11() {
    int job = 0;
    workers_.emplace_back([&] { use(job); });
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: thread may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
    // CHECK-NOTES: :[[@LINE-2]]:37: note: 'job' is borrowed by reference here
    // CHECK-NOTES: :[[@LINE-3]]:14: note: the thread is stored in the member 'workers_' here
  }
};
// P12: global
std::thread background;
void p12() {
  int job = 0;
  background = std::thread([&] { use(job); });
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: thread may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:38: note: 'job' is borrowed by reference here
  // CHECK-NOTES: :[[@LINE-3]]:14: note: the thread is stored in the global 'background' here
}
// N13: early return before join: destroying the joinable std::thread calls
// std::terminate before `job` can dangle. One finding per defect:
// fearless-unjoined-thread reports that path, this check does not.
void n13(bool fail) {
  int job = 0;
  std::thread t([&] { use(job); });
  if (fail)
    return;
  t.join();
}
// P14: jthread moved into global
std::jthread global_j;
void p14() {
  int job = 0;
  std::jthread j([&] { use(job); });
  global_j = std::move(j);
  // CHECK-NOTES: :[[@LINE-2]]:16: warning: thread may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-3]]:28: note: 'job' is borrowed by reference here
  // CHECK-NOTES: :[[@LINE-3]]:12: note: the thread is stored in the global 'global_j' here
}
// P15: reference param, detached
void p15(std::string &name) {
  std::thread([&name] { use(name); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread may outlive 'name', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: 'name' is borrowed by reference here
  // CHECK-NOTES: :[[@LINE-3]]:39: note: the thread is detached here
}
// P16: pointer param, detached
void p16(int *counter) {
  std::thread([counter] { use(*counter); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread may outlive '*counter', which it borrows through a pointer [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:16: note: '*counter' is borrowed through a pointer here
  // CHECK-NOTES: :[[@LINE-3]]:45: note: the thread is detached here
}
// P17: jthread declared before the borrowed local
void p17() {
  std::jthread j;
  int job = 0;
  j = std::jthread([&] { use(job); });
}
// CHECK-NOTES: :[[@LINE-2]]:7: warning: thread may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
// CHECK-NOTES: :[[@LINE-3]]:30: note: 'job' is borrowed by reference here
// CHECK-NOTES: :[[@LINE-3]]:1: note: 'job' goes out of scope here while the thread may still be running
// P18: iterator
void p18() {
  std::vector<int> v(3);
  auto it = v.begin();
  std::thread([it] { (void)*it; }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread may outlive 'v', which it borrows through 'it' [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:16: note: 'v' is borrowed through 'it' here
  // CHECK-NOTES: :[[@LINE-3]]:36: note: the thread is detached here
}
// P19: std::span
void p19() {
  int arr[4] = {};
  std::span<int> s(arr);
  std::thread([s] { (void)s.size(); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread may outlive 'arr', which it borrows through 's' [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:16: note: 'arr' is borrowed through 's' here
  // CHECK-NOTES: :[[@LINE-3]]:40: note: the thread is detached here
}
// P20: &local argument to thread
void p20() {
  int job = 0;
  std::thread t([](int *j) { use(*j); }, &job);
  t.detach();
  // CHECK-NOTES: :[[@LINE-2]]:15: warning: thread may outlive 'job', which it borrows through a pointer [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-3]]:42: note: 'job' is borrowed through a pointer here
  // CHECK-NOTES: :[[@LINE-3]]:5: note: the thread is detached here
}
// P21: this captured, detached
struct Widget {
  int state = 0;
  void p21() {
    std::thread([this] { use(state); }).detach();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread may outlive '*this', which it borrows through 'this' [fearless-thread-escaping-borrow]
    // CHECK-NOTES: :[[@LINE-2]]:18: note: '*this' is borrowed through 'this' here
    // CHECK-NOTES: :[[@LINE-3]]:41: note: the thread is detached here
  }
};
// P22: moved into a function we cannot see
void p22() {
  int job = 0;
  std::thread t([&] { use(job); });
  consume(std::move(t));
  // CHECK-NOTES: :[[@LINE-2]]:15: warning: thread may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-3]]:27: note: 'job' is borrowed by reference here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the thread is moved into 'consume' here
}
// P23: vector of threads not joined
void p23() {
  int job = 0;
  std::vector<std::thread> pool;
  pool.emplace_back([&] { use(job); });
  pool.back().detach();
}
// CHECK-NOTES: :[[@LINE-3]]:8: warning: thread may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
// CHECK-NOTES: :[[@LINE-4]]:31: note: 'job' is borrowed by reference here
// CHECK-NOTES: :[[@LINE-3]]:1: note: 'job' goes out of scope here while the thread may still be running
// P24: std::cref to async then future returned via move
std::future<void> p24() {
  std::string text;
  std::future<void> f = std::async([](const std::string &s) { use(s); }, std::cref(text));
  return std::move(f);
  // CHECK-NOTES: :[[@LINE-2]]:25: warning: std::async task may outlive 'text', which it borrows through std::ref [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-3]]:74: note: 'text' is borrowed through std::ref here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the thread is returned to the caller here
}
// P25: c_str
void p25() {
  std::string text = "x";
  const char *c = text.c_str();
  std::thread([c] { (void)c; }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread may outlive 'text', which it borrows through 'c' [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:16: note: 'text' is borrowed through 'c' here
  // CHECK-NOTES: :[[@LINE-3]]:33: note: the thread is detached here
}
// P26: init capture of address
void p26() {
  int job = 0;
  std::thread([p = &job] { use(*p); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread may outlive 'job', which it borrows through 'p' [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:16: note: 'job' is borrowed through 'p' here
  // CHECK-NOTES: :[[@LINE-3]]:40: note: the thread is detached here
}
// P27: by-value parameter borrowed, thread detached
void p27(std::string name) {
  std::thread([&] { use(name); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread may outlive 'name', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-2]]:25: note: 'name' is borrowed by reference here
  // CHECK-NOTES: :[[@LINE-3]]:35: note: the thread is detached here
}
// P28: joined only on one branch
void p28(bool c) {
  int job = 0;
  std::thread t([&] { use(job); });
  if (c)
    t.join();
  else
    t.detach();
    // CHECK-NOTES: :[[@LINE-5]]:15: warning: thread may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
    // CHECK-NOTES: :[[@LINE-6]]:27: note: 'job' is borrowed by reference here
    // CHECK-NOTES: :[[@LINE-3]]:7: note: the thread is detached here
}


// ===== Negative cases: finished in time, or nothing borrowed =====

// N1: join on all paths
void n1(bool c) {
  int job = 0;
  std::thread t([&] { use(job); });
  if (c) {
    t.join();
    return;
  }
  t.join();
}
// N2: joinable-guarded join
void n2() {
  int job = 0;
  std::thread t([&] { use(job); });
  if (t.joinable())
    t.join();
}
// N3: vector of threads joined in a range-for loop
void n3() {
  int job = 0;
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back([&] { use(job); });
  for (auto &t : pool)
    t.join();
}
// N4: vector joined by index
void n4() {
  int job = 0;
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.push_back(std::thread([&] { use(job); }));
  for (std::size_t i = 0; i < pool.size(); ++i)
    pool[i].join();
}
// N5: jthread in the same scope, declared after
void n5() {
  int job = 0;
  std::jthread j([&] { use(job); });
}
// N6: jthread in an inner scope
void n6() {
  int job = 0;
  {
    std::jthread j([&] { use(job); });
  }
  use(job);
}
// N7: async future waited
void n7() {
  int job = 0;
  auto f = std::async(std::launch::async, [&] { use(job); });
  f.get();
}
// N8: async future discarded (its destructor waits at the semicolon)
void n8() {
  int job = 0;
  std::async(std::launch::async, [&] { use(job); });
}
// N9: async future kept, destructor waits
void n9() {
  int job = 0;
  std::future<void> f = std::async([&] { use(job); });
}
// N10: capture by value
void n10() {
  int job = 0;
  std::thread([job]() mutable { use(job); }).detach();
}
// N11: capture by move
void n11() {
  std::string text = "x";
  std::thread([t = std::move(text)] { use(t); }).detach();
}
// N12: shared_ptr copy
void n12() {
  auto data = std::make_shared<std::string>("x");
  std::thread([data] { use(*data); }).detach();
}
// N13: static local
void n13() {
  static int counter = 0;
  std::thread([&] { use(counter); }).detach();
}
// N14: global
int global_counter = 0;
void n14() {
  std::thread([] { use(global_counter); }).detach();
}
// N15: deferred async is not a launch
std::future<void> n15() {
  static int counter;
  int job = 0;
  (void)job;
  return std::async(std::launch::deferred, [] { use(counter); });
}
// N16: pthread joined
void n16() {
  int job = 0;
  pthread_t tid;
  pthread_create(&tid, nullptr, routine, &job);
  pthread_join(tid, nullptr);
}
// N17: reference param, joined before return
void n17(std::string &name) {
  std::thread t([&name] { use(name); });
  t.join();
}
// N18: this captured, thread stored in a member (ordinary pattern)
struct Worker {
  int state = 0;
  std::thread thread_;
  Worker() : thread_([this] { use(state); }) {}
  void restart() { thread_ = std::thread([this] { use(state); }); }
  ~Worker() {
    if (thread_.joinable())
      thread_.join();
  }
};
// N19: thread passed by reference to a helper we cannot see: unknown, silent
void n19() {
  int job = 0;
  std::thread t([&] { use(job); });
  finish(t);
}
// N20: arguments copied by std::thread
void n20() {
  std::string text = "x";
  std::thread([](std::string s) { use(s); }, text).detach();
}
// N21: function pointer, no borrows
void n21() {
  std::thread(work).detach();
}
// N22: string literal view
void n22() {
  std::string_view view = "literal";
  std::thread([view] { (void)view; }).detach();
}
// N23: joined through a local reference to the vector
void n23() {
  int job = 0;
  std::vector<std::jthread> pool;
  pool.emplace_back([&] { use(job); });
}
// N24: wait() on the future
void n24() {
  int job = 0;
  std::future<void> f = std::async(std::launch::async, [&] { use(job); });
  f.wait();
}
// N25: join before a later borrowed object
void n25() {
  int a = 0;
  std::thread t([&] { use(a); });
  t.join();
  int b = 0;
  use(b);
}
// N26: joined in a loop of launches
void n26() {
  int job = 0;
  for (int i = 0; i < 3; ++i) {
    std::thread t([&] { use(job); });
    t.join();
  }
}
// N27: a lambda that borrows but is called, not launched
void n27() {
  int job = 0;
  auto f = [&] { use(job); };
  f();
}
// N28: pointer to a heap object owned elsewhere
void n28(std::shared_ptr<int> owner) {
  std::thread([owner] { use(*owner); }).detach();
}
// N29: unjoinable early exit path before the launch
void n29(bool c) {
  int job = 0;
  if (c)
    return;
  std::thread t([&] { use(job); });
  t.join();
}
// N30: moved into a local vector, joined by a loop
void n30() {
  int job = 0;
  std::vector<std::thread> pool;
  std::thread t([&] { use(job); });
  pool.push_back(std::move(t));
  for (auto &w : pool)
    w.join();
}
// P29 (positive): moved into a local vector that is never joined
void p29() {
  int job = 0;
  std::vector<std::thread> pool;
  std::thread t([&] { use(job); });
  pool.push_back(std::move(t));
}
// CHECK-NOTES: :[[@LINE-3]]:15: warning: thread may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
// CHECK-NOTES: :[[@LINE-4]]:27: note: 'job' is borrowed by reference here
// CHECK-NOTES: :[[@LINE-3]]:1: note: 'job' goes out of scope here while the thread may still be running
// P30 (positive): a jthread that is detached does not join
void p30() {
  int job = 0;
  std::jthread j([&] { use(job); });
  j.detach();
  // CHECK-NOTES: :[[@LINE-2]]:16: warning: thread may outlive 'job', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-3]]:28: note: 'job' is borrowed by reference here
  // CHECK-NOTES: :[[@LINE-3]]:5: note: the thread is detached here
}
// N31: launched in a loop, moved into a vector, joinable-guarded join loop
void n31() {
  int job = 0;
  std::vector<std::thread> pool;
  for (int i = 0; i < 3; ++i) {
    std::thread t([&] { use(job); });
    pool.push_back(std::move(t));
  }
  for (auto &w : pool)
    if (w.joinable())
      w.join();
}
// N32: one named lambda launched twice, both joined
void n32() {
  int job = 0;
  auto task = [&] { use(job); };
  std::thread a(task), b(task);
  a.join();
  b.join();
}
// N33: future assigned later, then waited
void n33() {
  int job = 0;
  std::future<void> f;
  f = std::async(std::launch::async, [&] { use(job); });
  f.get();
}

// Threads assigned into a local array through the range-for's reference and
// joined by a later loop over the same array: nothing escapes.
void threadsInLocalArray() {
  int total = 0;
  std::thread workers[2];
  for (std::thread &worker : workers)
    worker = std::thread([&total] { (void)total; });
  for (std::thread &worker : workers)
    worker.join();
}


// A class that keeps its threads in an element member of a vector and joins
// them in its destructor (taskflow's executor): a scoped owner.
struct PoolWorker {
  unsigned id = 0;
  std::thread thread;
};

class WorkerPool {
public:
  explicit WorkerPool(unsigned n) : workers_(n) {
    for (unsigned id = 0; id < n; ++id)
      workers_[id].thread = std::thread([this, id] { workers_[id].id = id; });
  }
  ~WorkerPool() {
    for (PoolWorker &w : workers_)
      w.thread.join();
  }

private:
  std::vector<PoolWorker> workers_;
};


// A thread kept through a local reference to an element of a member array
// (atomic_queue's benchmark harness): the object's own member holds it.
class BenchmarkThreads {
public:
  void create_thread() {
    auto &slot = slots_[count_];
    slot.thread = std::thread(&BenchmarkThreads::run, this, &slot);
    ++count_;
  }
  void join() {
    for (Slot &slot : slots_)
      if (slot.thread.joinable())
        slot.thread.join();
  }

private:
  struct Slot {
    std::thread thread;
    long cycles = 0;
  };
  void run(Slot *mine) { mine->cycles = 1; }
  Slot slots_[4];
  unsigned count_ = 0;
};

// Structured bindings are objects like named variables: borrowing one
// borrows the object they decompose.
std::pair<int, std::string> make_pair_of();

void structuredBindingEscapes() {
  auto [count, label] = make_pair_of();
  std::thread t([&] { (void)count; });
  t.detach();
  // CHECK-NOTES: :[[@LINE-2]]:15: warning: thread may outlive '[count, label]', which it borrows by reference [fearless-thread-escaping-borrow]
  // CHECK-NOTES: :[[@LINE-3]]:29: note: '[count, label]' is borrowed by reference here
  // CHECK-NOTES: :[[@LINE-3]]:5: note: the thread is detached here
}

// ...joined in time, or bound to an object that outlives the thread.
void structuredBindingJoined() {
  auto [count, label] = make_pair_of();
  std::thread t([&] { (void)label; });
  t.join();
}

std::pair<int, int> shared_pair;

void structuredBindingOfAGlobal() {
  auto &[first, second] = shared_pair;
  std::thread t([&] { (void)first; });
  t.detach();
}
