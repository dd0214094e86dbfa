// Code annotated for Clang's -Wthread-safety (abseil, LevelDB, Chromium):
// capability classes are locks, SCOPED_LOCKABLE classes are guards,
// ACQUIRE/RELEASE/ASSERT methods lock and unlock whatever they are named,
// REQUIRES functions run under their locks, GUARDED_BY members are checked
// by the compiler. And POSIX mutexes in C++.
// RUN: %check_fearless_tidy -std=c++20 %s fearless-shared-mutable-capture %t -- -- -pthread

#include <pthread.h>

#include <thread>

#define CAPABILITY(x) __attribute__((capability(x)))
#define SCOPED_LOCKABLE __attribute__((scoped_lockable))
#define GUARDED_BY(x) __attribute__((guarded_by(x)))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#define ASSERT_HELD(...) __attribute__((assert_capability(__VA_ARGS__)))
#define REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))

class CAPABILITY("mutex") Mutex {
public:
  void Lock() ACQUIRE();
  void Unlock() RELEASE();
  void AssertHeld() ASSERT_HELD();
};

class SCOPED_LOCKABLE MutexLock {
public:
  explicit MutexLock(Mutex *mu) ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() RELEASE() { mu_->Unlock(); }

private:
  Mutex *const mu_;
};

class Cache {
public:
  void Hit() {
    MutexLock lock(&mu_);
    ++hits_;
  }
  void Miss() {
    mu_.Lock();
    ++misses_;
    mu_.Unlock();
  }
  void Evict() {
    MutexLock lock(&mu_);
    EvictLocked();
  }
  void Touch() {
    mu_.Lock();
    mu_.AssertHeld();
    ++touched_;
    mu_.Unlock();
  }
  // Forgets the lock: a race with Miss().
  void MissUnlocked() { ++misses_; }

private:
  void EvictLocked() REQUIRES(mu_) { ++evictions_; }

  Mutex mu_;
  int hits_ GUARDED_BY(mu_) = 0;
  int misses_ = 0;
  int evictions_ = 0;
  int touched_ = 0;
};

void annotatedLocks() {
  Cache cache;
  std::thread a([&] {
    cache.Hit();
    cache.Miss();
    cache.Evict();
    cache.Touch();
  });
  std::thread b([&] {
    cache.Hit();
    cache.Miss();
    cache.Evict();
    cache.Touch();
  });
  a.join();
  b.join();
}

void forgottenLock() {
  Cache cache;
  std::thread a([&] { cache.MissUnlocked(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'cache.misses_' is written by a thread started at line [[@LINE-1]] while the thread started at line [[@LINE+1]] may access it [fearless-shared-mutable-capture]
  std::thread b([&] { cache.Miss(); });
  a.join();
  b.join();
}

// POSIX mutexes in C++: the mutex itself is not data.
struct Queue {
  pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
  int size = 0;
};

void *producer(void *arg) {
  auto *queue = static_cast<Queue *>(arg);
  pthread_mutex_lock(&queue->mutex);
  ++queue->size;
  pthread_mutex_unlock(&queue->mutex);
  return nullptr;
}

int posixMutex() {
  Queue queue;
  pthread_t t;
  pthread_create(&t, nullptr, producer, &queue);
  pthread_mutex_lock(&queue.mutex);
  int seen = queue.size;
  pthread_mutex_unlock(&queue.mutex);
  pthread_join(t, nullptr);
  return seen;
}

int posixMutexForgotten() {
  Queue queue;
  pthread_t t;
  pthread_create(&t, nullptr, producer, &queue);
  int seen = queue.size;
  pthread_join(t, nullptr);
  // CHECK-MESSAGES: :[[@LINE-22]]:5: warning: 'queue' is written by a thread started at line [[@LINE-3]] while this function may access it before joining it at line [[@LINE-1]] [fearless-shared-mutable-capture]
  return seen;
}
