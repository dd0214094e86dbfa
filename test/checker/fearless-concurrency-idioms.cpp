// Correct concurrent code in the styles real code bases use: neither race nor
// borrow check may say anything. Each function was once a false positive.
// RUN: %check_fearless_tidy -std=c++20 -expect-clean %s fearless-shared-mutable-capture %t -- -- -pthread
// RUN: %check_fearless_tidy -std=c++20 -expect-clean %s fearless-thread-escaping-borrow %t -- -- -pthread

#include <thread>
#include <mutex>
#include <condition_variable>
#include <vector>
#include <atomic>
#include <algorithm>
#include <functional>
#include <latch>
#include <pthread.h>
int idiom_decl_init() {
  std::mutex m; int x = 0, r = 0;
  std::thread t([&] { std::lock_guard<std::mutex> lk(m); int v = x; r = v; });
  { std::lock_guard<std::mutex> lk(m); x++; }
  t.join(); return r;
}
void idiom_cv_pred() {
  std::mutex m; std::condition_variable cv; bool ready = false;
  std::thread t([&] { std::unique_lock<std::mutex> lk(m); cv.wait(lk, [&] { return ready; }); });
  { std::lock_guard<std::mutex> lk(m); ready = true; }
  cv.notify_one(); t.join();
}
struct Guarded { std::mutex m; int v = 0; };
void idiom_member_mutex() {
  Guarded g;
  std::thread t1([&] { std::lock_guard<std::mutex> lk(g.m); g.v++; });
  std::thread t2([&] { std::lock_guard<std::mutex> lk(g.m); g.v++; });
  t1.join(); t2.join();
}
struct Stats { std::atomic<long> hits{0}, misses{0}; };
void idiom_atomic_member() {
  Stats s;
  std::thread t1([&] { s.hits++; });
  std::thread t2([&] { s.misses++; });
  t1.join(); t2.join();
}
int idiom_vector_read() {
  std::vector<int> cfg{1, 2, 3}; int a = 0, b = 0;
  std::thread t1([&] { a = cfg[0]; });
  std::thread t2([&] { b = cfg[1]; });
  t1.join(); t2.join(); return a + b;
}
void idiom_std_lock() {
  std::mutex ma, mb; long a = 0;
  auto job = [&](long d) {
    std::unique_lock<std::mutex> la(ma, std::defer_lock), lb(mb, std::defer_lock);
    std::lock(la, lb);
    a += d;
  };
  std::thread t1(job, 1), t2(job, -1);
  t1.join(); t2.join();
}
class Counter {
public:
  void inc() { std::lock_guard<std::mutex> lk(m_); ++n_; }
private:
  std::mutex m_; long n_ = 0;
};
void idiom_threadsafe_class() {
  Counter c;
  std::thread t1([&] { c.inc(); });
  std::thread t2([&] { c.inc(); });
  t1.join(); t2.join();
}
void idiom_rangefor_slot() {
  std::vector<int> out(4); std::vector<std::thread> ts;
  for (auto &o : out) ts.emplace_back([&o] { o = 7; });
  for (auto &t : ts) t.join();
}
void idiom_named_thread_in_loop() {
  std::vector<int> out(4); std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i) { std::thread t([&out, i] { out[i] = i; }); ts.push_back(std::move(t)); }
  for (auto &t : ts) t.join();
}
void idiom_elem_ptr() {
  std::vector<int> out(4); std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i) ts.emplace_back([p = &out[i]] { *p = 1; });
  for (auto &t : ts) t.join();
}
struct Res { int a = 0, b = 0; };
Res idiom_two_fields() {
  Res r;
  std::thread t1([&] { r.a = 1; });
  std::thread t2([&] { r.b = 2; });
  t1.join(); t2.join(); return r;
}
int idiom_release_acquire() {
  int payload = 0; std::atomic<bool> ready{false};
  std::thread t([&] { payload = 42; ready.store(true, std::memory_order_release); });
  while (!ready.load(std::memory_order_acquire)) {}
  int r = payload;
  t.join(); return r;
}
int idiom_latch() {
  std::vector<int> res(4); std::latch done(4);
  std::vector<std::jthread> ts;
  for (int i = 0; i < 4; ++i) ts.emplace_back([&res, &done, i] { res[i] = i; done.count_down(); });
  done.wait();
  return res[0];
}
void idiom_try_lock() {
  std::mutex m; int x = 0;
  std::thread t([&] { std::unique_lock<std::mutex> lk(m, std::try_to_lock); if (lk.owns_lock()) x++; });
  { std::lock_guard<std::mutex> lk(m); x++; }
  t.join();
}
struct Args { int in, out; };
void *worker_fn(void *p) { auto *a = static_cast<Args *>(p); a->out = a->in * 2; return nullptr; }
void idiom_pthread_array() {
  Args args[4]; pthread_t th[4];
  for (int i = 0; i < 4; ++i) { args[i].in = i; pthread_create(&th[i], nullptr, worker_fn, &args[i]); }
  for (int i = 0; i < 4; ++i) pthread_join(th[i], nullptr);
}
// ---- escaping-borrow
void idiom_memfn_join() {
  std::vector<int> out(4); std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i) ts.emplace_back([&out, i] { out[i] = i; });
  std::for_each(ts.begin(), ts.end(), std::mem_fn(&std::thread::join));
}
void idiom_iter_join() {
  std::vector<int> out(4); std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i) ts.emplace_back([&out, i] { out[i] = i; });
  for (auto it = ts.begin(); it != ts.end(); ++it) it->join();
}
class JoinGuard {
public:
  explicit JoinGuard(std::thread &t) : t_(t) {}
  ~JoinGuard() { if (t_.joinable()) t_.join(); }
private:
  std::thread &t_;
};
void idiom_raii_joiner() {
  int result = 0;
  std::thread t([&] { result = 42; });
  JoinGuard g(t);
}
void idiom_std_array_threads() {
  int out[4] = {};
  std::thread ts[4];
  for (int i = 0; i < 4; ++i) ts[i] = std::thread([&out, i] { out[i] = i; });
  for (auto &t : ts) t.join();
}
struct Pair { std::thread a, b; };
void idiom_local_struct() {
  int x = 0; Pair p;
  p.a = std::thread([&] { x = 1; });
  p.a.join();
}
template <typename F> struct ScopeExit { F f; ~ScopeExit() { f(); } };
void idiom_scope_exit() {
  int x = 0;
  std::thread t([&] { x = 1; });
  ScopeExit<std::function<void()>> guard{[&] { t.join(); }};
}
void idiom_pop_back_join() {
  std::vector<int> out(4); std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i) ts.emplace_back([&out, i] { out[i] = i; });
  while (!ts.empty()) { ts.back().join(); ts.pop_back(); }
}

// Chunks of one vector, each thread writing through its own pointer range.
long idiom_chunks(std::vector<long> &v) {
  const std::size_t n = v.size(), k = 4;
  std::vector<std::thread> ts;
  for (std::size_t c = 0; c < k; ++c) {
    long *b = v.data() + c * n / k;
    long *e = v.data() + (c + 1) * n / k;
    ts.emplace_back([b, e] { for (long *p = b; p != e; ++p) *p *= 2; });
  }
  for (auto &t : ts) t.join();
  return v.empty() ? 0 : v[0];
}

// pthread_t arrays joined in a loop, each thread with its own argument.
struct ArrayArgs { int in, out; };
void *array_worker(void *p) { auto *a = static_cast<ArrayArgs *>(p); a->out = a->in * 2; return nullptr; }
int idiom_pthread_arrays() {
  ArrayArgs args[4];
  pthread_t th[4];
  for (int i = 0; i < 4; ++i) { args[i].in = i; pthread_create(&th[i], nullptr, array_worker, &args[i]); }
  for (int i = 0; i < 4; ++i) pthread_join(th[i], nullptr);
  return args[3].out;
}

// A lambda that makes the thread; the function around it joins.
void idiom_thread_factory_lambda() {
  std::vector<int> out(2);
  auto launch = [&](int idx) { return std::thread([&out, idx] { out[idx] = 1; }); };
  std::thread a = launch(0), b = launch(1);
  a.join();
  b.join();
}

// A thread kept in a std::optional and joined through it.
#include <optional>
void idiom_optional_thread() {
  int x = 0;
  std::optional<std::thread> t;
  t.emplace([&] { x = 1; });
  t->join();
}
