// A class that starts a thread on one of its own member functions and lets
// it run after the starting function returns: the class's users may call
// its public member functions while the thread runs.
// RUN: %check_fearless_tidy -std=c++20 %s fearless-shared-mutable-capture %t -- -- -pthread

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

class Downloader {
public:
  void start() {
    worker_ = std::thread([this] { run(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: 'progress_' is written by a thread started at line [[@LINE-1]] while the public member function 'progress' may access it [fearless-shared-mutable-capture]
    // CHECK-MESSAGES: :[[@LINE+12]]:33: note: the other access is here
  }
  void stop() {
    done_ = true;
    if (worker_.joinable())
      worker_.join();
  }
  // Read under the lock the worker takes: fine.
  long bytes() {
    std::lock_guard<std::mutex> lock(mutex_);
    return bytes_;
  }
  int progress() const { return progress_; }
  bool done() const { return done_; }

private:
  void run() {
    for (int i = 0; i <= 100 && !done_; ++i) {
      progress_ = i;
      std::lock_guard<std::mutex> lock(mutex_);
      bytes_ += 1024;
    }
  }
  std::thread worker_;
  std::mutex mutex_;
  std::atomic<bool> done_{false};
  long bytes_ = 0;
  int progress_ = 0;
};

// The public setter writes what the thread reads.
class Poller {
public:
  explicit Poller(int interval) : interval_(interval) {
    thread_ = std::thread(&Poller::loop, this);
  }
  ~Poller() {
    stopping_ = true;
    thread_.join();
  }
  void set_interval(int interval) { interval_ = interval; }
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: 'interval_' is written by the public member function 'set_interval' while the thread started at line [[@LINE-7]] may access it [fearless-shared-mutable-capture]

private:
  void loop() {
    while (!stopping_)
      std::this_thread::sleep_for(std::chrono::milliseconds(interval_));
  }
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  int interval_;
};

// A class with no synchronizing member does not say it is shared: its
// users own the ordering (here, the thread is joined by finish()).
class Batch {
public:
  void start() { worker_ = std::thread([this] { total_ = 42; }); }
  void finish() { worker_.join(); }
  int total() const { return total_; }

private:
  std::thread worker_;
  int total_ = 0;
};

// Joined in the starting function: its public functions are not involved.
class Once {
public:
  void compute() {
    std::thread t([this] { value_ = 1; });
    t.join();
  }
  int value() const { return value_; }

private:
  std::mutex mutex_;
  int value_ = 0;
};

// A public function that hands out a reference to a member touches nothing
// itself (what the caller does with it is the caller's access).
class Servers {
public:
  Servers() { thread_ = std::thread([this] { primary_.serve(); }); }
  ~Servers() {
    primary_.stop();
    thread_.join();
  }
  struct Endpoint {
    void serve() { ++served; }
    void stop() { stopping = true; }
    int served = 0;
    std::atomic<bool> stopping{false};
  };
  Endpoint &primary() { return primary_; }
  const Endpoint *primary_address() const { return &primary_; }

private:
  std::thread thread_;
  std::atomic<int> clients_{0};
  Endpoint primary_;
};

// Builder-style configuration (returning the object) comes before start().
class EventClient {
public:
  EventClient &on_message(int handler) {
    handler_ = handler;
    return *this;
  }
  EventClient &set_retry(int ms) {
    retry_ms_ = ms;
    return *this;
  }
  void start_async() {
    running_ = true;
    thread_ = std::thread([this] { loop(); });
  }
  ~EventClient() {
    running_ = false;
    if (thread_.joinable())
      thread_.join();
  }

private:
  void loop() {
    while (running_) {
      (void)handler_;
      retry_ms_ = 2 * retry_ms_;
    }
  }
  std::thread thread_;
  std::atomic<bool> running_{false};
  int handler_ = 0;
  int retry_ms_ = 100;
};

// ===== A work-stealing executor: each worker owns its element =====
// A worker writes only its own element of `workers_` (`workers_[id]`, id
// copied per thread); the stealing helper reads the vector's size and the
// other elements' lock-free queues; a public getter reads the sizes, and
// the overflow buffers are pushed under each buffer's own mutex. Element
// accesses and size queries are different memory locations, through called
// functions too.

struct StealQueue {
  std::atomic<long> top{0};
  std::atomic<long> bottom{0};
  bool steal() { return top.load() < bottom.load(); }
  void push() { bottom.fetch_add(1); }
};

struct Worker {
  unsigned id = 0;
  unsigned victim = 0;
  StealQueue queue;
  std::thread thread;
};

struct OverflowBuffer {
  std::mutex mutex;
  std::vector<int> items;
};

// A per-task view that keeps a reference to its worker.
class TaskContext {
public:
  explicit TaskContext(Worker &worker) : worker_{worker} {}

private:
  Worker &worker_;
};

class Executor {
public:
  explicit Executor(unsigned n) : workers_(n), buffers_(2) { spawn(n); }
  ~Executor() {
    stop_ = true;
    for (Worker &w : workers_)
      w.thread.join();
  }
  unsigned num_queues() const { return workers_.size() + buffers_.size(); }

private:
  void spawn(unsigned n) {
    for (unsigned id = 0; id < n; ++id) {
      workers_[id].thread = std::thread([this, id] {
        Worker &worker = workers_[id];
        worker.id = id;
        worker.victim = id;
        while (!stop_)
          if (!wait_for_task(worker))
            overflow(id);
      });
      // The launcher reads the handle it stored; the worker never touches it.
      (void)workers_[id].thread.get_id();
    }
  }
  bool wait_for_task(Worker &me) {
    TaskContext context(me); // keeps a reference, writes nothing
    const unsigned victims = workers_.size();
    me.victim = (me.victim + 1) % victims;
    return workers_[me.victim].queue.steal();
  }
  void overflow(unsigned item) {
    OverflowBuffer &buffer = buffers_[item % buffers_.size()];
    std::lock_guard<std::mutex> lock(buffer.mutex);
    buffer.items.push_back(item);
  }
  std::vector<Worker> workers_;
  std::vector<OverflowBuffer> buffers_;
  std::atomic<bool> stop_{false};
};

// The same executor with a getter that reads the workers' fields unlocked:
// a race with what the workers write into their elements.
class LeakyExecutor {
public:
  explicit LeakyExecutor(unsigned n) : workers_(n) {
    for (unsigned id = 0; id < n; ++id)
      workers_[id].thread = std::thread([this, id] { run(workers_[id]); });
    // CHECK-MESSAGES: :[[@LINE-1]]:58: warning: 'workers_' is written by a thread started at line [[@LINE-1]] while the public member function 'victim_of' may access it [fearless-shared-mutable-capture]
  }
  ~LeakyExecutor() {
    stop_ = true;
    for (Worker &w : workers_)
      w.thread.join();
  }
  unsigned victim_of(unsigned i) const { return workers_[i].victim; }

private:
  void run(Worker &me) {
    while (!stop_)
      me.victim = (me.victim + 1) % 8;
  }
  std::vector<Worker> workers_;
  std::atomic<bool> stop_{false};
};

// A reference to one shared element, taken by every thread: the same memory
// location, written by all of them.
class Tally {
public:
  Tally() : slots_(4) {
    for (unsigned i = 0; i < 4; ++i)
      threads_[i] = std::thread([this] {
        long &first = slots_[0];
        first += 1;
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'slots_' is written by a thread started at line {{[0-9]+}} while another instance of the same thread may access it [fearless-shared-mutable-capture]
      });
  }
  ~Tally() {
    for (std::thread &t : threads_)
      t.join();
  }

private:
  std::vector<long> slots_;
  std::thread threads_[4];
  std::mutex mutex_;
};

// A pool whose public reset() joins its threads through a helper before it
// replaces the function they run (BS::thread_pool): the threads are gone
// when reset() writes; a public setter that does not join races.
class ResettablePool {
public:
  ResettablePool() { create(); }
  ~ResettablePool() { destroy(); }
  void reset(int init) { rebuild(init); }
  void set_hint(int hint) { hint_ = hint; }
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'hint_' is written by the public member function 'set_hint' while the thread started at line {{[0-9]+}} may access it [fearless-shared-mutable-capture]

private:
  void rebuild(int init) {
    destroy();
    init_ = init;
    create();
  }
  void create() {
    running_ = true;
    thread_ = std::thread([this] {
      (void)init_;
      (void)hint_;
      while (running_) {
      }
    });
  }
  void destroy() {
    running_ = false;
    if (thread_.joinable())
      thread_.join();
  }
  std::thread thread_;
  std::atomic<bool> running_{false};
  int init_ = 0;
  int hint_ = 0;
};
