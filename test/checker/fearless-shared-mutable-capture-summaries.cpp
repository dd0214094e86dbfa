// Races through member functions and helpers: a call on a shared object is
// what the called function does to the object's members (field by field,
// with the locks it takes, through the functions it calls), not an access
// to the whole object. Shapes taken from real servers, queues and clients.
// RUN: %check_fearless_tidy -std=c++20 %s fearless-shared-mutable-capture %t -- -- -pthread

#include <atomic>
#include <cstring>
#include <cstddef>
#include <iostream>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

// ===== A server: the thread runs listen(), the launcher waits and stops =====

class Server {
public:
  bool listen() {
    socket_ = 3;
    running_ = true;
    while (running_.load())
      handle();
    return true;
  }
  // const, and only reads an atomic: never a race with listen().
  void wait_until_ready() const {
    while (!running_.load())
      std::this_thread::yield();
  }
  void stop() { running_ = false; }
  bool is_running() const { return running_; }
  // A plain member the worker writes: reading it while listen() runs races.
  int requests() const { return requests_; }

private:
  void handle() { ++requests_; }
  std::atomic<bool> running_{false};
  int socket_ = -1;
  int requests_ = 0;
};

void serveAndStop() {
  Server svr;
  std::thread t([&] { svr.listen(); });
  svr.wait_until_ready();
  if (svr.is_running())
    svr.stop();
  t.join();
}

int serveAndPeek() {
  Server svr;
  std::thread t([&] { svr.listen(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'svr.requests_' is written by a thread started at line [[@LINE-1]] while this function may access it before joining it at line [[@LINE+5]] [fearless-shared-mutable-capture]
  // CHECK-MESSAGES: :[[@LINE-2]]:23: note: 'svr' is shared with the thread here
  // CHECK-MESSAGES: :[[@LINE+2]]:14: note: the other access is here
  // CHECK-MESSAGES: :[[@LINE-4]]:23: note: guard every access to 'svr' with the same mutex, or give each thread its own copy and combine the results after joining
  int seen = svr.requests();
  t.join();
  return seen;
}

// ===== A lock-free ring: plain slots published through atomic indices =====

template <typename T, std::size_t N> class Ring {
public:
  bool push(T value) {
    const std::size_t tail = tail_.load(std::memory_order_relaxed);
    if (tail - head_.load(std::memory_order_acquire) == N)
      return false;
    slots_[tail % N] = value;
    tail_.store(tail + 1, std::memory_order_release);
    return true;
  }
  bool pop(T &out) {
    const std::size_t head = head_.load(std::memory_order_relaxed);
    if (head == tail_.load(std::memory_order_acquire))
      return false;
    out = slots_[head % N];
    head_.store(head + 1, std::memory_order_release);
    return true;
  }

private:
  T slots_[N] = {};
  std::atomic<std::size_t> head_{0};
  std::atomic<std::size_t> tail_{0};
};

long ringProducerConsumer() {
  Ring<int, 64> ring;
  long sum = 0;
  std::thread producer([&] {
    for (int i = 0; i < 1000; ++i)
      while (!ring.push(i)) {
      }
  });
  std::thread consumer([&ring, &sum] {
    int value = 0;
    for (int i = 0; i < 1000; ++i) {
      while (!ring.pop(value)) {
      }
      sum += value;
    }
  });
  producer.join();
  consumer.join();
  return sum;
}

// ===== A lock taken one call down: send() -> send_frame() =====

class Client {
public:
  void send(const std::string &message) { send_frame(message); }
  // The lock is taken, but only for one of the two members it writes.
  void send_counted(const std::string &message) {
    send_frame(message);
    ++frames_;
  }

private:
  void send_frame(const std::string &message) {
    std::lock_guard<std::mutex> lock(write_mutex_);
    out_ += message;
  }
  std::mutex write_mutex_;
  std::string out_;
  int frames_ = 0;
};

void twoSenders() {
  Client client;
  std::thread a([&] { client.send("a"); });
  std::thread b([&] { client.send("b"); });
  a.join();
  b.join();
}

void twoCountingSenders() {
  Client client;
  std::thread a([&] { client.send_counted("a"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'client.frames_' is written by a thread started at line [[@LINE-1]] while the thread started at line [[@LINE+1]] may access it [fearless-shared-mutable-capture]
  std::thread b([&] { client.send_counted("b"); });
  a.join();
  b.join();
}

// ===== A lock in a method is not a lock for the whole method =====

class Stats {
public:
  void add(long value) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      total_ += value;
    }
    if (value > peak_)
      peak_ = value; // outside the lock
  }
  long total() {
    std::lock_guard<std::mutex> lock(mutex_);
    return total_;
  }

private:
  std::mutex mutex_;
  long total_ = 0;
  long peak_ = 0;
};

long statsFromTwoThreads() {
  Stats stats;
  std::thread a([&] { stats.add(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'stats.peak_' is written by a thread started at line [[@LINE-1]] while the thread started at line [[@LINE+1]] may access it [fearless-shared-mutable-capture]
  std::thread b([&] { stats.add(2); });
  long seen = stats.total(); // under the lock: fine
  a.join();
  b.join();
  return seen;
}

// ===== Free helpers: a reference parameter, a global =====

struct Account {
  std::mutex mutex;
  long balance = 0;
};

void deposit(Account &account, long amount) {
  std::lock_guard<std::mutex> lock(account.mutex);
  account.balance += amount;
}

void depositUnlocked(Account &account, long amount) { account.balance += amount; }

void lockedDeposits() {
  Account account;
  std::thread a([&] { deposit(account, 1); });
  std::thread b([&] { deposit(account, 2); });
  a.join();
  b.join();
}

void unlockedDeposits() {
  Account account;
  std::thread a([&] { depositUnlocked(account, 1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: 'account.balance' is written by a thread started at line [[@LINE-1]] while the thread started at line [[@LINE+1]] may access it [fearless-shared-mutable-capture]
  std::thread b([&] { deposit(account, 2); });
  a.join();
  b.join();
}

int lastStatus = 0;
void recordStatus(int status) { lastStatus = status; }

int statusFromHelper() {
  std::thread t([] { recordStatus(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'lastStatus' is written by a thread started at line [[@LINE-1]] while this function may access it before joining it at line [[@LINE+2]] [fearless-shared-mutable-capture]
  int seen = lastStatus;
  t.join();
  return seen;
}

// ===== What the standard makes safe =====

void twoLoggers() {
  std::thread a([] { std::cout << "a\n"; });
  std::thread b([] { std::cerr << "b" << std::endl; });
  std::cout << "main\n";
  a.join();
  b.join();
}

// The pointees of a vector of unique_ptrs are other objects: the workers'
// own state, not the vector.
struct Worker {
  long steals = 0;
};

void ownWorkers() {
  std::vector<std::unique_ptr<Worker>> workers;
  workers.push_back(std::make_unique<Worker>());
  workers.push_back(std::make_unique<Worker>());
  std::thread t([&] {
    Worker &mine = *workers[0];
    ++mine.steals;
  });
  std::size_t count = workers.size();
  (void)count;
  t.join();
}

// ===== Methods we cannot see say nothing =====

class Remote {
public:
  void update();            // defined in another translation unit
  int value() const;
};

int opaqueMethods() {
  Remote remote;
  std::thread t([&] { remote.update(); });
  int seen = remote.value();
  t.join();
  return seen;
}

// ===== An address passed, through a cast, to a pointer-to-const parameter =====

void bindAndConnect() {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  std::thread server([&] {
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    (void)::bind(s, reinterpret_cast<sockaddr *>(&addr), sizeof(addr));
  });
  std::thread client([&] {
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    (void)::connect(s, reinterpret_cast<sockaddr *>(&addr), sizeof(addr));
  });
  server.join();
  client.join();
}

// ...but writing through such a cast is a write.
void fillAddress(sockaddr *out) { out->sa_family = AF_INET; }

void fillWhileConnecting() {
  sockaddr_in addr{};
  std::thread filler([&] { fillAddress(reinterpret_cast<sockaddr *>(&addr)); });
  // CHECK-MESSAGES: :[[@LINE-1]]:70: warning: 'addr.sa_family' is written by a thread started at line [[@LINE-1]] while the thread started at line [[@LINE+1]] may access it [fearless-shared-mutable-capture]
  std::thread client([&] {
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    (void)::connect(s, reinterpret_cast<sockaddr *>(&addr), sizeof(addr));
  });
  filler.join();
  client.join();
}

// ===== Heap objects shared through copies of the pointer =====

int heapCounter() {
  int *counter = new int(0);
  std::thread t([counter] { ++*counter; });
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'counter' is written by a thread started at line [[@LINE-1]] while this function may access it before joining it at line [[@LINE+2]] [fearless-shared-mutable-capture]
  ++*counter;
  t.join();
  int seen = *counter;
  delete counter;
  return seen;
}

struct Job {
  int result = 0;
};

void runJob(Job *job) { job->result = 42; }

void heapJobDeletedEarly() {
  Job *job = new Job;
  std::thread t(runJob, job);
  delete job;
  // CHECK-MESSAGES: :[[@LINE-6]]:25: warning: 'job' is written by a thread started at line [[@LINE-2]] while this function may access it before joining it at line [[@LINE+1]] [fearless-shared-mutable-capture]
  t.join();
}

void heapJobHandedOver() {
  Job *job = new Job;
  std::thread t(runJob, job);
  Job *same = job; // copies the pointer: touches nothing
  (void)same;
  t.join();
  delete job;
}

// Copies of a shared_ptr share the pointee.
struct Session {
  int requests = 0;
  std::atomic<int> open{0};
};

int sharedPointerCopies() {
  auto session = std::make_shared<Session>();
  std::thread t([session] { ++session->requests; });
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'session' is written by a thread started at line [[@LINE-1]] while this function may access it before joining it at line [[@LINE+3]] [fearless-shared-mutable-capture]
  std::shared_ptr<Session> mine = session; // a copy of the pointer: fine
  int seen = session->requests;
  t.join();
  return seen + mine->requests;
}

void sharedPointerAtomics() {
  auto session = std::make_shared<Session>();
  std::thread t([session] { ++session->open; });
  ++session->open;
  t.join();
}

// ===== Function objects: the thread runs its own copy's call operator =====

int functorHits = 0;

struct CountHit {
  int mine = 0; // the thread's own copy
  void operator()() {
    ++mine;
    ++functorHits;
  }
};

int functorThreads() {
  std::thread t(CountHit{});
  // CHECK-MESSAGES: :[[@LINE-6]]:7: warning: 'functorHits' is written by a thread started at line [[@LINE-1]] while this function may access it before joining it at line [[@LINE+2]] [fearless-shared-mutable-capture]
  int seen = functorHits;
  t.join();
  return seen;
}

// ===== A lock handed to a helper is the caller's lock =====

void addUnder(std::mutex &mutex, long &total, long amount) {
  std::lock_guard<std::mutex> lock(mutex);
  total += amount;
}

long lockPassedAsParameter() {
  std::mutex mutex;
  long total = 0;
  std::thread a([&] { addUnder(mutex, total, 1); });
  std::thread b([&] { addUnder(mutex, total, 2); });
  long seen;
  {
    std::lock_guard<std::mutex> lock(mutex);
    seen = total;
  }
  a.join();
  b.join();
  return seen;
}

long wrongLockPassed() {
  std::mutex mutex, other;
  long total = 0;
  std::thread a([&] { addUnder(mutex, total, 1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: 'total' is written by a thread started at line [[@LINE-1]] while the thread started at line [[@LINE+1]] may access it [fearless-shared-mutable-capture]
  std::thread b([&] { addUnder(other, total, 2); });
  a.join();
  b.join();
  return total;
}

// ===== A wait inside a helper orders what follows it =====

#include <latch>

struct Startup {
  std::latch ready{1};
  void wait_ready() { ready.wait(); }
  void announce() { ready.count_down(); }
};

int waitThroughHelper() {
  Startup startup;
  int config = 0;
  std::thread t([&] {
    startup.wait_ready();
    (void)config; // after the hand-off
  });
  config = 42;
  startup.announce();
  t.join();
  return config;
}

// ===== What a global pointer points to =====

struct Config {
  int level = 0;
};
Config *currentConfig = nullptr;
Config *const fixedConfig = new Config;

void raiseLevel() { ++currentConfig->level; }

int globalPointee() {
  std::thread t([] { raiseLevel(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'currentConfig->level' is written by a thread started at line [[@LINE-1]] while this function may access it before joining it at line [[@LINE+2]] [fearless-shared-mutable-capture]
  int seen = currentConfig->level;
  t.join();
  return seen;
}

int constPointerToMutable() {
  std::thread t([] { fixedConfig->level = 3; });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'fixedConfig' is written by a thread started at line [[@LINE-1]] while this function may access it before joining it at line [[@LINE+2]] [fearless-shared-mutable-capture]
  int seen = fixedConfig->level;
  t.join();
  return seen;
}

bool pointerOnlyRead() {
  std::thread t([] { fixedConfig->level = 3; });
  bool configured = fixedConfig != nullptr; // the pointer, not the config
  t.join();
  return configured;
}

// ===== The C library: buffers written and read =====

char sharedBuffer[64];

int copyWhileComparing() {
  char greeting[16] = "hello";
  std::thread t([&] { std::memcpy(sharedBuffer, greeting, sizeof greeting); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'sharedBuffer' is written by a thread started at line [[@LINE-1]] while this function may access it before joining it at line [[@LINE+2]] [fearless-shared-mutable-capture]
  int same = std::memcmp(sharedBuffer, greeting, 4);
  t.join();
  return same;
}

int readersOfABuffer() {
  char greeting[16] = "hello";
  std::thread t([&] {
    (void)std::strlen(sharedBuffer);
    (void)std::memcmp(greeting, sharedBuffer, 2);
  });
  int same = std::memcmp(sharedBuffer, greeting, 4);
  t.join();
  return same;
}

int fillThroughPointer() {
  char line[32] = {};
  char *cursor = line;
  std::thread t([cursor] { std::memset(cursor, 'x', 4); });
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: 'line' is written by a thread started at line [[@LINE-1]] while this function may access it before joining it at line [[@LINE+2]] [fearless-shared-mutable-capture]
  int first = line[0];
  t.join();
  return first;
}

// ===== The initializer of a function-local static runs once =====

int cacheSeed = 0;
int *createCache() {
  cacheSeed = 7;
  return new int(cacheSeed);
}

void *useCache(void *) {
  static int *cache = createCache();
  return cache;
}

void staticInitialization() {
  pthread_t a, b;
  pthread_create(&a, nullptr, useCache, nullptr);
  pthread_create(&b, nullptr, useCache, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
}
