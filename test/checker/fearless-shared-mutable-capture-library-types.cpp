// The concurrent containers of widely used libraries synchronize their own
// accesses: sharing one between threads is not a race. Declared here with
// their libraries' names and the shape of their interfaces (the real
// headers are not part of every test machine); a look-alike in another
// namespace is plain data.
// RUN: %check_fearless_tidy %s fearless-shared-mutable-capture %t -- -- -pthread

#include <thread>

namespace boost {
namespace lockfree {
template <typename T> class queue {
public:
  bool push(const T &value) { nodes_[size_++] = value; return true; }
  bool pop(T &value) { value = nodes_[--size_]; return true; }

private:
  T *nodes_;
  unsigned long size_ = 0;
};
} // namespace lockfree
} // namespace boost

namespace moodycamel {
template <typename T> class ConcurrentQueue {
public:
  bool enqueue(T value) { blocks_[size_++] = value; return true; }
  bool try_dequeue(T &value) { value = blocks_[--size_]; return true; }

private:
  T *blocks_;
  unsigned long size_ = 0;
};
} // namespace moodycamel

namespace tbb {
namespace detail {
inline namespace d2 {
template <typename T> class concurrent_queue {
public:
  void push(const T &value) { items_[size_++] = value; }
  bool try_pop(T &value) { value = items_[--size_]; return true; }

private:
  T *items_;
  unsigned long size_ = 0;
};
} // namespace d2
} // namespace detail
using detail::concurrent_queue;
} // namespace tbb

namespace mine {
template <typename T> class queue {
public:
  bool push(const T &value) { nodes_[size_++] = value; return true; }
  bool pop(T &value) { value = nodes_[--size_]; return true; }

private:
  T *nodes_;
  unsigned long size_ = 0;
};
} // namespace mine

// ===== Negative cases =====

void lockfreeQueue() {
  boost::lockfree::queue<int> q;
  std::thread producer([&q] { q.push(1); });
  int value;
  while (!q.pop(value)) {
  }
  producer.join();
}

void moodycamelQueue() {
  moodycamel::ConcurrentQueue<int> q;
  std::thread producer([&q] { q.enqueue(1); });
  int value;
  while (!q.try_dequeue(value)) {
  }
  producer.join();
}

void tbbQueue() {
  tbb::concurrent_queue<int> q;
  std::thread producer([&q] { q.push(1); });
  int value;
  while (!q.try_pop(value)) {
  }
  producer.join();
}

// ===== Positive cases =====

void lookAlike() {
  mine::queue<int> q;
  std::thread producer([&q] { q.push(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'q.size_' is written by a thread started at line [[@LINE-1]] while this function may access it before joining it at line [[@LINE+4]] [fearless-shared-mutable-capture]
  int value;
  while (!q.pop(value)) {
  }
  producer.join();
}
