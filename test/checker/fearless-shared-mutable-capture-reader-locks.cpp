// Read-write locks: readers hold one together, so a write made while only
// reading it races with the other readers; a writer's hold keeps everyone
// out.
// RUN: %check_fearless_tidy -std=c++20 %s fearless-shared-mutable-capture %t -- -- -pthread

#include <pthread.h>

#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>

class Registry {
public:
  std::string find(int key) const {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    auto it = names_.find(key);
    return it == names_.end() ? std::string() : it->second;
  }
  void add(int key, std::string name) {
    std::unique_lock<std::shared_mutex> lock(mutex_);
    names_[key] = std::move(name);
  }
  // Counts lookups under the reader's lock: two readers race on it.
  std::string findCounted(int key) {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    ++lookups_;
    auto it = names_.find(key);
    return it == names_.end() ? std::string() : it->second;
  }

private:
  mutable std::shared_mutex mutex_;
  std::map<int, std::string> names_;
  long lookups_ = 0;
};

void readersAndWriter() {
  Registry registry;
  std::thread reader([&] { (void)registry.find(1); });
  std::thread writer([&] { registry.add(1, "one"); });
  (void)registry.find(2);
  reader.join();
  writer.join();
}

void readersThatWrite() {
  Registry registry;
  std::thread a([&] { (void)registry.findCounted(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'registry.lookups_' is written by a thread started at line [[@LINE-1]] while the thread started at line [[@LINE+1]] may access it [fearless-shared-mutable-capture]
  std::thread b([&] { (void)registry.findCounted(2); });
  a.join();
  b.join();
}

// POSIX: a write under pthread_rwlock_rdlock.
struct Table {
  pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
  int hits = 0;
};

void *lookup(void *arg) {
  auto *table = static_cast<Table *>(arg);
  pthread_rwlock_rdlock(&table->lock);
  ++table->hits;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'table' is written by a thread started at line [[@LINE+8]] while the thread started at line [[@LINE+9]] may access it [fearless-shared-mutable-capture]
  pthread_rwlock_unlock(&table->lock);
  return nullptr;
}

void twoLookups() {
  Table table;
  pthread_t a, b;
  pthread_create(&a, nullptr, lookup, &table);
  pthread_create(&b, nullptr, lookup, &table);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
}

void *update(void *arg) {
  auto *table = static_cast<Table *>(arg);
  pthread_rwlock_wrlock(&table->lock);
  ++table->hits;
  pthread_rwlock_unlock(&table->lock);
  return nullptr;
}

void twoUpdates() {
  Table table;
  pthread_t a, b;
  pthread_create(&a, nullptr, update, &table);
  pthread_create(&b, nullptr, update, &table);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
}
