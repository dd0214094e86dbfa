// fearless — the threads of one pool, how they find work, and how they sleep.
//
// Each worker owns a work_deque. A worker looks for work in this order: its
// own deque (newest first), the other workers' deques (oldest first, starting
// at a random victim), then the injector (jobs handed in from outside the
// pool). A worker that finds nothing spins a little, then yields, then sleeps
// on its own futex word, so an idle pool uses no CPU.
//
// Sleeping without losing a wake-up is a store-load handshake: a worker going
// to sleep marks itself sleeping, counts itself in `sleepers_`, then looks for
// work once more; a thread that publishes work first publishes it, then reads
// `sleepers_` and wakes one sleeper. With both sides sequentially consistent,
// at least one of them sees the other. Jobs handed in from outside (inject)
// and latches follow this strictly. A worker's own pushes (every join) do
// not, because a full barrier per push doubled the cost of join: a sleeper
// may then miss one pushed job, which costs parallelism but never progress —
// the pushing worker runs its own job when nobody stole it, and its next
// push wakes the sleeper (and a sleeper looks for work every 10 ms anyway,
// for the pusher that blocks instead of pushing again).
#ifndef FEARLESS_POOL_REGISTRY_HPP
#define FEARLESS_POOL_REGISTRY_HPP

#include "fearless/detail/futex.hpp"
#include "fearless/detail/platform.hpp"
#include "fearless/pool/job.hpp"
#include "fearless/pool/work_deque.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <pthread.h>
#endif

namespace fearless::pool_detail {

class registry;
class worker;

/// The worker the calling thread is, or nullptr outside every pool.
constinit inline thread_local worker* current_worker = nullptr;

/// A word a thread sleeps on: futex where there is one, else a condition
/// variable.
class sleep_word {
public:
  static constexpr std::int32_t awake = 0;
  static constexpr std::int32_t sleeping = 1;

  std::atomic<std::int32_t> state{awake};

  /// Returns when woken, or at `deadline` still marked sleeping.
  void wait_while_sleeping(std::chrono::steady_clock::time_point deadline) noexcept {
#if FEARLESS_HAVE_FUTEX
    while (state.load(std::memory_order_acquire) == sleeping &&
           std::chrono::steady_clock::now() < deadline)
      detail::futex_wait(state, sleeping, deadline);
#else
    std::unique_lock lock(mutex_);
    cv_.wait_until(lock, deadline,
                   [&] { return state.load(std::memory_order_acquire) != sleeping; });
#endif
  }
  /// Call after changing `state` away from sleeping.
  void notify() noexcept {
#if FEARLESS_HAVE_FUTEX
    detail::futex_wake_one(state);
#else
    { std::lock_guard lock(mutex_); }
    cv_.notify_one();
#endif
  }

private:
#if !FEARLESS_HAVE_FUTEX
  std::mutex mutex_;
  std::condition_variable cv_;
#endif
};

class worker {
public:
  worker(registry& owner, std::size_t index) : registry_(owner), index_(index),
      rng_(0x9E3779B97F4A7C15ull * (index + 1)) {}
  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;

  [[nodiscard]] registry& owner() const noexcept { return registry_; }
  [[nodiscard]] std::size_t index() const noexcept { return index_; }
  work_deque& deque() noexcept { return deque_; }

  /// Jobs for this worker alone (broadcast): any thread may post, only this
  /// worker takes.
  void post(job* item) {
    {
      std::lock_guard lock(mailbox_mutex_);
      mailbox_.push_back(item);
    }
    // seq_cst: pairs with the sleep handshake, as injected jobs do.
    posted_.fetch_add(1, std::memory_order_seq_cst);
  }
  job* take_posted() {
    if (posted_.load(std::memory_order_relaxed) == 0)
      return nullptr;
    std::lock_guard lock(mailbox_mutex_);
    if (mailbox_.empty())
      return nullptr;
    job* item = mailbox_.front();
    mailbox_.pop_front();
    posted_.fetch_sub(1, std::memory_order_relaxed);
    return item;
  }
  [[nodiscard]] bool has_posted() const noexcept {
    return posted_.load(std::memory_order_seq_cst) > 0;
  }
  sleep_word& sleep() noexcept { return sleep_; }
  std::uint64_t next_random() noexcept {  // xorshift64
    rng_ ^= rng_ << 13;
    rng_ ^= rng_ >> 7;
    rng_ ^= rng_ << 17;
    return rng_;
  }
  std::thread thread;  // none for a caller's seat

private:
  registry& registry_;
  std::size_t index_;
  std::uint64_t rng_;
  work_deque deque_;
  alignas(detail::cache_line) sleep_word sleep_;
  std::mutex mailbox_mutex_;
  std::deque<job*> mailbox_;  // guarded by mailbox_mutex_
  std::atomic<std::size_t> posted_{0};
};

/// Set once, when a job has finished. Whoever waits for it either is a worker
/// (it keeps running other jobs meanwhile and may sleep on its own word) or a
/// thread outside the pool (it sleeps on the latch itself).
class latch {
public:
  /// `waiter`: the worker that will wait, or nullptr for an outside thread.
  explicit latch(worker* waiter) noexcept : waiter_(waiter) {}
  latch(const latch&) = delete;
  latch& operator=(const latch&) = delete;

  /// seq_cst: a worker going to sleep probes after announcing it, and must
  /// not miss a set() that found it not yet asleep (store-load pairing).
  [[nodiscard]] bool probe() const noexcept {
    return state_.load(std::memory_order_seq_cst) == done;
  }
  /// The waiter may destroy the latch as soon as it sees it set, so nothing
  /// here touches `*this` after the store that sets it.
  inline void set() noexcept;
  /// For a thread outside the pool: blocks until set.
  void wait_outside() noexcept {
    for (int i = 0; i < 100; ++i) {
      if (probe())
        return;
      detail::cpu_relax();
    }
#if FEARLESS_HAVE_FUTEX
    std::int32_t expected = unset;
    if (state_.compare_exchange_strong(expected, sleeping, std::memory_order_acq_rel) ||
        expected == sleeping) {
      while (state_.load(std::memory_order_acquire) != done)
        detail::futex_wait(state_, sleeping, std::nullopt);
    }
#else
    while (!probe())
      std::this_thread::yield();
#endif
  }

private:
  static constexpr std::int32_t unset = 0;
  static constexpr std::int32_t sleeping = 1;
  static constexpr std::int32_t done = 2;
  std::atomic<std::int32_t> state_{unset};
  worker* waiter_;
};

class registry {
public:
  /// `caller_seats`: how many threads from outside the pool may work in it
  /// at once instead of waiting (0: work from outside is always handed in).
  registry(std::size_t num_threads, std::string thread_name_prefix, std::size_t caller_seats = 0) {
    if (num_threads == 0)
      num_threads = 1;
    workers_.reserve(num_threads);
    for (std::size_t i = 0; i < num_threads; ++i)
      workers_.push_back(std::make_unique<worker>(*this, i));
    for (std::size_t i = 0; i < std::min<std::size_t>(caller_seats, max_seats); ++i)
      seats_.push_back(std::make_unique<worker>(*this, num_threads + i));
    std::size_t started = 0;
    try {
      for (; started < num_threads; ++started) {
        worker& w = *workers_[started];
        // The check cannot see that ~registry joins every worker (stop_threads).
        // NOLINTNEXTLINE(fearless-thread-escaping-borrow)
        w.thread = std::thread([this, &w, name = thread_name_prefix + "-" +
                                                  std::to_string(started)] {
          name_this_thread(name);
          main_loop(w);
        });
      }
    } catch (...) {
      stop_threads(started);
      throw;
    }
  }
  registry(const registry&) = delete;
  registry& operator=(const registry&) = delete;
  ~registry() {
    stop_threads(workers_.size());
    // A thread of another pool may still be waking one of our workers.
    while (holds_.load(std::memory_order_acquire) != 0)
      std::this_thread::yield();
  }

  /// Keeps this registry from being destroyed until release_hold().
  void hold_open() noexcept { holds_.fetch_add(1, std::memory_order_seq_cst); }
  void release_hold() noexcept { holds_.fetch_sub(1, std::memory_order_release); }

  /// The threads that work in this pool: its own, plus one for the caller
  /// when callers work in it (the global pool).
  [[nodiscard]] std::size_t num_threads() const noexcept {
    return workers_.size() + (seats_.empty() ? 0 : 1);
  }

  /// True for a pool thread, false for a caller working in a seat.
  [[nodiscard]] bool is_pool_thread(const worker& w) const noexcept {
    return w.index() < workers_.size();
  }

  /// Runs `op(worker&, bool injected)` on a worker of this pool and returns
  /// what it returns (or rethrows). From one of this pool's workers: right
  /// here. From a thread outside every pool, when `caller_may_work` and a
  /// caller's seat is free: right here too, the caller working in the seat.
  /// Otherwise: as an injected job, while the caller waits (a worker of
  /// another pool keeps running its own pool's jobs meanwhile).
  template <typename Op>
  auto in_worker(Op& op, bool caller_may_work = false)
      -> decltype(op(std::declval<worker&>(), false)) {
    worker* self = current_worker;
    if (self != nullptr && &self->owner() == this)
      return op(*self, false);
    if (self == nullptr && caller_may_work) {
      if (worker* seat = take_seat()) {
        // The caller works in the pool itself: no hand-over, no wake-up to
        // wait for, and the data it just touched is in its own cache.
        struct seat_guard {
          registry& pool;
          worker& seat;
          ~seat_guard() {
            current_worker = nullptr;
            pool.leave_seat(seat);
          }
        } leave{*this, *seat};
        current_worker = seat;
        return op(*seat, false);
      }
    }
    using result = result_of_t<Op, worker&, bool>;
    injected_job<Op, result> job(op, self);
    inject(&job);
    if (self != nullptr)
      self->owner().wait_until(*self, job.done);
    else
      job.done.wait_outside();
    if constexpr (std::is_void_v<decltype(op(std::declval<worker&>(), false))>)
      job.result.rethrow_if_failed();
    else
      return job.result.take();
  }

  /// After pushing onto a deque: wake a sleeper if there is one.
  void notify_new_work() noexcept {
    if (sleepers_.load(std::memory_order_seq_cst) > 0)
      wake_any();
  }

  /// Runs other jobs until `done` is set; sleeps when there are none.
  void wait_until(worker& self, const latch& done) {
    idle_state idle_for;
    while (!done.probe()) {
      if (job* found = find_work(self)) {
        found->execute(found, true);
        idle_for = {};
      } else if (!idle(self, idle_for, &done)) {
        idle_for = {};
      }
    }
  }

  /// Hands a job to the pool without waiting for it: onto the calling
  /// worker's own deque when it is one of this pool's (it or a thief runs
  /// it soon), else into the injector.
  void submit(job* item) {
    worker* self = current_worker;
    if (self != nullptr && &self->owner() == this) {
      self->deque().push(item);
      notify_new_work();
    } else {
      inject(item);
    }
  }

  /// Hands over a job nobody waits for: onto the calling thread's deque only
  /// if it is one of this pool's own threads. A caller working in a seat
  /// leaves it when its own work is done, and a job left on the seat's
  /// deque would never be taken.
  void submit_detached(job* item) {
    worker* self = current_worker;
    if (self != nullptr && &self->owner() == this && is_pool_thread(*self)) {
      self->deque().push(item);
      notify_new_work();
    } else {
      inject(item);
    }
  }

  /// Hands a job to the injector, where any worker finds it.
  void submit_injected(job* item) { inject(item); }

  /// The pool's own threads (without the callers' seats).
  [[nodiscard]] std::size_t pool_thread_count() const noexcept { return workers_.size(); }

  /// Gives pool thread `index` a job that only it will run, and wakes it.
  void post_to(std::size_t index, job* item) {
    worker& target = *workers_[index];
    target.post(item);
    wake(target);
  }

  /// Wakes `target` if it sleeps.
  void wake(worker& target) noexcept {
    std::int32_t expected = sleep_word::sleeping;
    if (target.sleep().state.compare_exchange_strong(expected, sleep_word::awake,
                                                     std::memory_order_seq_cst)) {
      sleepers_.fetch_sub(1, std::memory_order_relaxed);
      target.sleep().notify();
    }
  }

private:
  template <typename Op, typename R>
  struct injected_job : job {
    injected_job(Op& op_, worker* waiter) : job{&run}, op(op_), done(waiter) {}
    static void run(job* self, bool) noexcept {
      auto* me = static_cast<injected_job*>(self);
      me->result.run(me->op, *current_worker, true);
      me->done.set();
    }
    Op& op;
    job_result<R> result;
    latch done;
  };

  void inject(job* item) {
    {
      std::lock_guard lock(injector_mutex_);
      injector_.push_back(item);
      injected_.fetch_add(1, std::memory_order_seq_cst);
    }
    notify_new_work();
  }

  job* take_injected() {
    if (injected_.load(std::memory_order_relaxed) == 0)
      return nullptr;
    std::lock_guard lock(injector_mutex_);
    if (injector_.empty())
      return nullptr;
    job* item = injector_.front();
    injector_.pop_front();
    injected_.fetch_sub(1, std::memory_order_relaxed);
    return item;
  }

  /// A free caller's seat, or nullptr when all are taken.
  worker* take_seat() noexcept {
    for (std::size_t i = 0; i < seats_.size(); ++i) {
      const std::uint32_t bit = std::uint32_t{1} << i;
      if ((seats_taken_.fetch_or(bit, std::memory_order_acquire) & bit) == 0)
        return seats_[i].get();
    }
    return nullptr;
  }

  void leave_seat(worker& seat) noexcept {
    const std::size_t i = seat.index() - workers_.size();
    seats_taken_.fetch_and(~(std::uint32_t{1} << i), std::memory_order_release);
  }

  job* find_work(worker& self) {
    if (job* mine = self.take_posted())
      return mine;
    if (job* local = self.deque().pop())
      return local;
    // Victims: the pool's threads from a random one on, then the callers'
    // seats that are taken.
    const std::size_t n = workers_.size();
    const std::size_t start = n > 1 ? static_cast<std::size_t>(self.next_random() % n) : 0;
    for (std::size_t i = 0; i < n; ++i) {
      worker& victim = *workers_[(start + i) % n];
      if (&victim == &self)
        continue;
      if (job* stolen = victim.deque().steal())
        return stolen;
    }
    for (std::uint32_t taken = seats_taken_.load(std::memory_order_relaxed); taken != 0;
         taken &= taken - 1) {
      worker& seat = *seats_[static_cast<std::size_t>(std::countr_zero(taken))];
      if (&seat == &self)
        continue;
      if (job* stolen = seat.deque().steal())
        return stolen;
    }
    return take_injected();
  }

  [[nodiscard]] bool has_work_anywhere() const noexcept {
    if (injected_.load(std::memory_order_seq_cst) > 0)
      return true;
    for (const auto& w : workers_)
      if (!w->deque().looks_empty() || w->has_posted())
        return true;
    for (const auto& seat : seats_)
      if (!seat->deque().looks_empty())
        return true;
    return false;
  }

  /// How long a worker that found nothing stays awake, yielding, before it
  /// sleeps: a program that starts parallel work every few hundred
  /// microseconds finds its workers awake (waking one costs 10-100 us on a
  /// VM), while an idle pool still drops to zero CPU within a millisecond.
  static constexpr std::chrono::microseconds stay_awake{1000};

  struct idle_state {
    unsigned rounds = 0;
    std::chrono::steady_clock::time_point since{};
  };

  /// One idle step of a worker that found no work: spin, then yield, then
  /// sleep. Returns false when it slept (the caller starts a new idle_state).
  bool idle(worker& self, idle_state& state, const latch* done) {
    constexpr unsigned spin_rounds = 16;
    ++state.rounds;
    if (state.rounds <= spin_rounds) {
      for (int i = 0; i < 64; ++i)
        detail::cpu_relax();
      return true;
    }
    const auto now = std::chrono::steady_clock::now();
    if (state.rounds == spin_rounds + 1)
      state.since = now;
    if (now - state.since < stay_awake) {
      std::this_thread::yield();
      return true;
    }
    sleep(self, done);
    return false;
  }

  /// A sleeping worker looks around this often even if nobody woke it. A
  /// worker's own pushes skip the full barrier of the sleep handshake (see
  /// the top of this file), so a sleeper may miss one; if the pusher then
  /// blocks inside its job on something the missed job would provide (a
  /// channel, a barrier), this look is what lets the program go on.
  static constexpr std::chrono::milliseconds backstop{10};

  [[nodiscard]] bool should_stay_awake(const latch* done) const noexcept {
    return terminating_.load(std::memory_order_seq_cst) || (done && done->probe()) ||
           has_work_anywhere();
  }

  void sleep(worker& self, const latch* done) {
    sleep_word& word = self.sleep();
    word.state.store(sleep_word::sleeping, std::memory_order_seq_cst);
    sleepers_.fetch_add(1, std::memory_order_seq_cst);
    while (!should_stay_awake(done)) {
      word.wait_while_sleeping(std::chrono::steady_clock::now() + backstop);
      if (word.state.load(std::memory_order_acquire) != sleep_word::sleeping)
        return;  // woken: the waker took us off the sleeper count
    }
    std::int32_t expected = sleep_word::sleeping;
    if (word.state.compare_exchange_strong(expected, sleep_word::awake,
                                           std::memory_order_seq_cst))
      sleepers_.fetch_sub(1, std::memory_order_relaxed);
  }

  void wake_any() noexcept {
    const std::size_t n = workers_.size();
    const std::size_t start =
        current_worker != nullptr ? current_worker->index() + 1 : 0;
    for (std::size_t i = 0; i < n; ++i) {
      worker& candidate = *workers_[(start + i) % n];
      std::int32_t expected = sleep_word::sleeping;
      if (candidate.sleep().state.compare_exchange_strong(expected, sleep_word::awake,
                                                          std::memory_order_seq_cst)) {
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
        candidate.sleep().notify();
        return;
      }
    }
  }

  void main_loop(worker& self) {
    current_worker = &self;
    idle_state idle_for;
    while (!terminating_.load(std::memory_order_acquire)) {
      if (job* found = find_work(self)) {
        found->execute(found, true);
        idle_for = {};
      } else if (!idle(self, idle_for, nullptr)) {
        idle_for = {};
      }
    }
    current_worker = nullptr;
  }

  void stop_threads(std::size_t started) noexcept {
    terminating_.store(true, std::memory_order_seq_cst);
    for (std::size_t i = 0; i < started; ++i)
      wake(*workers_[i]);
    for (std::size_t i = 0; i < started; ++i)
      if (workers_[i]->thread.joinable())
        workers_[i]->thread.join();
  }

  static void name_this_thread(const std::string& name) noexcept {
#if defined(__linux__)
    // Linux keeps at most 15 characters of a thread's name.
    pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
#else
    (void)name;
#endif
  }

  std::vector<std::unique_ptr<worker>> workers_;
  std::vector<std::unique_ptr<worker>> seats_;  // for callers from outside (global pool)
  static constexpr std::size_t max_seats = 32;  // one bit each in seats_taken_
  alignas(detail::cache_line) std::atomic<std::uint32_t> seats_taken_{0};
  std::mutex injector_mutex_;
  std::deque<job*> injector_;
  alignas(detail::cache_line) std::atomic<std::size_t> injected_{0};
  alignas(detail::cache_line) std::atomic<int> sleepers_{0};
  std::atomic<bool> terminating_{false};
  std::atomic<int> holds_{0};
};

inline void latch::set() noexcept {
  worker* waiter = waiter_;
  if (waiter != nullptr) {
    registry& waiters_pool = waiter->owner();
    worker* self = current_worker;
    if (self != nullptr && &self->owner() == &waiters_pool) {
      // Same pool: its destructor joins this thread before freeing anything.
      state_.store(done, std::memory_order_seq_cst);
      waiters_pool.wake(*waiter);
      return;
    }
    // Another pool's worker waits (install across pools): once it sees the
    // latch set, its pool may be destroyed, so hold the pool open while
    // waking it.
    waiters_pool.hold_open();
    state_.store(done, std::memory_order_seq_cst);
    waiters_pool.wake(*waiter);
    waiters_pool.release_hold();
    return;
  }
#if FEARLESS_HAVE_FUTEX
  if (state_.exchange(done, std::memory_order_acq_rel) == sleeping)
    detail::futex_wake_one(state_);  // only the address is used: see set()'s contract
#else
  state_.store(done, std::memory_order_release);
#endif
}

}  // namespace fearless::pool_detail

#endif  // FEARLESS_POOL_REGISTRY_HPP
