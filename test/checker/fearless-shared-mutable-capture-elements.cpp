// Elements, their members, and writes through iterators: what memory
// location an access touches.
// RUN: %check_fearless_tidy -std=c++20 %s fearless-shared-mutable-capture %t -- -- -pthread

#include <algorithm>
#include <execution>
#include <numeric>
#include <thread>
#include <vector>

// A standard algorithm that rearranges its range writes the elements.
int sortWhileReading() {
  std::vector<int> values{3, 1, 2};
  std::thread t([&] { std::sort(values.begin(), values.end()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: 'values' is written by a thread started at line [[@LINE-1]] while this function may access it before joining it at line [[@LINE+2]] [fearless-shared-mutable-capture]
  int third = values[2];
  t.join();
  return third;
}

// ...and the output of a copying algorithm; its input is only read.
void copyBetween() {
  std::vector<int> source{1, 2, 3}, target(3);
  std::thread a([&] { std::copy(source.begin(), source.end(), target.begin()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:63: warning: 'target' is written by a thread started at line [[@LINE-1]] while the thread started at line [[@LINE+1]] may access it [fearless-shared-mutable-capture]
  std::thread b([&] { (void)std::accumulate(target.begin(), target.end(), 0); });
  std::thread c([&] { (void)std::count(source.begin(), source.end(), 2); });
  a.join();
  b.join();
  c.join();
}

// Two members of one element are two memory locations.
struct Pair {
  int first = 0;
  int second = 0;
};

void membersOfOneElement() {
  Pair items[2];
  std::thread a([&] { items[0].first = 1; });
  std::thread b([&] { items[0].second = 2; });
  a.join();
  b.join();
}

void sameMemberOfOneElement() {
  std::vector<Pair> items(2);
  std::thread a([&] { items[1].first = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'items' is written by a thread started at line [[@LINE-1]] while the thread started at line [[@LINE+1]] may access it [fearless-shared-mutable-capture]
  std::thread b([&] { items[1].first = 2; });
  a.join();
  b.join();
}

// A slot chosen by the thread's own element: per-thread data.
struct Consumer {
  int id = 0;
};

long perThreadSlots() {
  Consumer consumers[4];
  long sums[4] = {};
  std::vector<std::thread> threads;
  for (Consumer &consumer : consumers)
    threads.emplace_back([&] { sums[&consumer - consumers] += consumer.id; });
  for (std::thread &t : threads)
    t.join();
  return sums[0] + sums[1] + sums[2] + sums[3];
}

// The slot bound once, by an init-capture, from the thread's own element
// (atomic_queue's consumers); the threads live in an array of std::thread
// assigned through the range-for's reference.
long perThreadSlotsInitCapture() {
  std::thread consumers[4];
  long sums[4] = {};
  for (std::thread &consumer : consumers)
    consumer = std::thread([&sum = sums[&consumer - consumers]] {
      long s = 0;
      for (int n = 0; n < 100; ++n)
        s += n;
      sum = s;
    });
  for (std::thread &consumer : consumers)
    consumer.join();
  return sums[0] + sums[3];
}

// ...but a slot every thread shares is not.
long sharedSlot() {
  Consumer consumers[4];
  long sums[4] = {};
  std::vector<std::thread> threads;
  for (Consumer &consumer : consumers)
    threads.emplace_back([&] { sums[0] += consumer.id; });
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'sums' is written by a thread started at line [[@LINE-1]] while another instance of the same thread may access it [fearless-shared-mutable-capture]
  for (std::thread &t : threads)
    t.join();
  return sums[0];
}

// Adjacent bit-fields are one memory location; a zero-width bit-field or
// another member starts a new one.
struct Flags {
  unsigned ready : 1;
  unsigned failed : 1;
  unsigned : 0;
  unsigned cancelled : 1;
  int count;
};

void adjacentBitFields() {
  Flags flags{};
  std::thread a([&] { flags.ready = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'flags' is written by a thread started at line [[@LINE-1]] while the thread started at line [[@LINE+1]] may access it [fearless-shared-mutable-capture]
  std::thread b([&] { flags.failed = 1; });
  a.join();
  b.join();
}

void separatedBitFields() {
  Flags flags{};
  std::thread a([&] { flags.ready = 1; });
  std::thread b([&] { flags.cancelled = 1; });
  std::thread c([&] { flags.count = 1; });
  a.join();
  b.join();
  c.join();
}

// The elements of a std::vector<bool> share words: per-thread indices race.
void packedBits() {
  std::vector<bool> seen(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&seen, i] { seen[i] = true; });
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: 'seen' is written by a thread started at line [[@LINE-1]] while another instance of the same thread may access it [fearless-shared-mutable-capture]
  for (std::thread &t : threads)
    t.join();
}

void unpackedBytes() {
  std::vector<char> seen(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&seen, i] { seen[i] = true; });
  for (std::thread &t : threads)
    t.join();
}

// A pointer into the object kept in a local is judged by what is written
// through it.
long grid[4][3];
void inspect(const long *row);

void rowsOnlyRead() {
  std::thread t([] {
    long *row = grid[0];
    inspect(row);
  });
  long *mine = grid[1];
  inspect(mine);
  t.join();
}

long rowWritten() {
  std::thread t([] {
    long *row = grid[0];
    row[1] = 5;
  });
  // CHECK-MESSAGES: :[[@LINE-3]]:17: warning: 'grid' is written by a thread started at line [[@LINE-4]] while this function may access it before joining it at line [[@LINE+2]] [fearless-shared-mutable-capture]
  long seen = grid[0][1];
  t.join();
  return seen;
}

// A generic lambda's subscript with an index of a dependent type is still
// an element chosen by the index (`getBase()` cannot tell which side is the
// object there): each thread writes its own element.
void genericLambdaOwnElements() {
  std::vector<long> out(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&out](auto index) { out[index] = 1; }, i);
  for (std::thread &t : threads)
    t.join();
}

void genericLambdaSameElement() {
  std::vector<long> out(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&out](auto index) { out[0] += index; }, i);
  // CHECK-MESSAGES: :[[@LINE-1]]:47: warning: 'out' is written by a thread started at line [[@LINE-1]] while another instance of the same thread may access it [fearless-shared-mutable-capture]
  for (std::thread &t : threads)
    t.join();
}

// A pointer into a vector's storage, moved to each chunk's start and kept
// in a local that only the thread writes through: the launching function
// computes an address and reads nothing the threads write.
void chunksThroughPointers(std::vector<long> &v) {
  const std::size_t n = v.size(), k = 4;
  std::vector<std::thread> threads;
  for (std::size_t c = 0; c < k; ++c) {
    long *begin = v.data() + c * n / k;
    long *end = v.data() + (c + 1) * n / k;
    threads.emplace_back([begin, end] {
      for (long *p = begin; p != end; ++p)
        *p *= 2;
    });
  }
  for (std::thread &t : threads)
    t.join();
}
