// fearless — tasks on the work-stealing pool (Rayon's scope and spawn).
//
//   std::vector<result> out(parts.size());
//   fearless::pool_scope([&](fearless::pool_scope_handle& s) {
//     for (std::size_t i = 0; i < parts.size(); ++i)
//       s.spawn([&, i] { out[i] = solve(parts[i]); });
//   });  // every task has finished here
//
// pool_scope is to the pool what fearless::scope is to threads: tasks
// spawned through the handle may borrow anything that outlives the call,
// because pool_scope returns only once every one of them has finished (the
// calling thread runs tasks meanwhile). A task costs one allocation and a
// push onto a work-stealing deque, not a thread: spawn thousands. A task
// may take the handle (`[&](fearless::pool_scope_handle& s) { ... }`) to
// spawn more. The first exception (in time) thrown by the body or a task
// is rethrown once all have finished; the other tasks still run.
//
// fearless::spawn(f) is fire-and-forget: f runs on the global pool some time
// later, possibly after the caller has returned, so it must own everything
// it uses (capture by value, or shared_ptr) — Rust's 'static bound, checked
// by fearless-thread-escaping-borrow (the parameter is FEARLESS_ESCAPING).
// Nothing waits for it: to know it is done, have it send on a channel. An
// exception escaping f is a bug with no one to report it to: the program is
// terminated with a message, as a Rayon spawn panicking aborts.
#ifndef FEARLESS_POOL_SCOPE_HPP
#define FEARLESS_POOL_SCOPE_HPP

#include "fearless/annotations.hpp"
#include "fearless/pool/job.hpp"
#include "fearless/pool/registry.hpp"
#include "fearless/thread_pool.hpp"

#include <atomic>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

namespace fearless {

class pool_scope_handle;

namespace pool_detail {

/// What the body and the tasks of one pool_scope share: a count of work not
/// yet finished (the body counts as one) and the first failure.
class FEARLESS_SYNC scope_tasks {
public:
  explicit scope_tasks(worker& waiter) : pool_(waiter.owner()), done_(&waiter) {}

  [[nodiscard]] registry& pool() const noexcept { return pool_; }
  [[nodiscard]] const latch& done() const noexcept { return done_; }

  void started() noexcept { pending_.fetch_add(1, std::memory_order_relaxed); }
  /// The waiter may return (and destroy this) as soon as the last finishes.
  void finished() noexcept {
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1)
      done_.set();
  }
  void failed(std::exception_ptr error) noexcept {
    std::lock_guard lock(mutex_);
    if (!first_error_)
      first_error_ = std::move(error);
  }
  /// After done(): no task runs any more.
  [[nodiscard]] std::exception_ptr first_error() const noexcept { return first_error_; }

private:
  registry& pool_;
  latch done_;
  std::atomic<std::size_t> pending_{1};
  std::mutex mutex_;
  std::exception_ptr first_error_;  // guarded by mutex_ until done()
};

}  // namespace pool_detail

/// Spawns tasks that the enclosing fearless::pool_scope waits for. Tasks may
/// capture it by reference to spawn more; spawn is thread-safe.
class FEARLESS_SYNC pool_scope_handle {
public:
  pool_scope_handle(const pool_scope_handle&) = delete;
  pool_scope_handle& operator=(const pool_scope_handle&) = delete;

  /// Runs f() — or f(handle) — as a task on the pool. f may borrow anything
  /// that outlives the pool_scope call. Returns at once.
  template <typename F>
  void spawn(F&& f) {
    using callable = std::decay_t<F>;
    static_assert(std::is_invocable_v<callable&, pool_scope_handle&> ||
                      std::is_invocable_v<callable&>,
                  "fearless::pool_scope_handle::spawn: the task takes no argument or a "
                  "fearless::pool_scope_handle&");
    auto task = std::make_unique<task_job<callable>>(callable(std::forward<F>(f)), *this);
    tasks_.started();
    try {
      tasks_.pool().submit(task.get());  // may throw (no memory) before handing it over
    } catch (...) {
      tasks_.finished();
      throw;
    }
    (void)task.release();  // the job deletes itself once it has run
  }

private:
  template <typename F>
  friend auto pool_scope(F&& body) -> std::invoke_result_t<F&, pool_scope_handle&>;

  explicit pool_scope_handle(pool_detail::worker& waiter) : tasks_(waiter) {}

  template <typename F>
  struct task_job final : pool_detail::job {
    task_job(F fn_, pool_scope_handle& scope_) : job{&run}, fn(std::move(fn_)), scope(scope_) {}
    static void run(job* self, bool) noexcept {
      std::unique_ptr<task_job> me(static_cast<task_job*>(self));
      pool_scope_handle& scope = me->scope;
      try {
        if constexpr (std::is_invocable_v<F&, pool_scope_handle&>)
          me->fn(scope);
        else
          me->fn();
      } catch (...) {
        scope.tasks_.failed(std::current_exception());
      }
      me.reset();  // the task's captures die before the scope can end
      scope.tasks_.finished();
    }
    F fn;
    pool_scope_handle& scope;
  };

  pool_detail::scope_tasks tasks_;
};

/// Runs body(handle) on the pool (the calling thread works in it) and
/// returns its result once every task spawned through the handle, and
/// every task they spawned, has finished. The first exception thrown by the
/// body or a task is rethrown then.
template <typename F>
auto pool_scope(F&& body) -> std::invoke_result_t<F&, pool_scope_handle&> {
  using R = std::invoke_result_t<F&, pool_scope_handle&>;
  auto op = [&body](pool_detail::worker& self, bool) -> R {
    pool_scope_handle handle(self);
    std::optional<std::conditional_t<std::is_void_v<R>, char, R>> result;
    try {
      if constexpr (std::is_void_v<R>)
        body(handle);
      else
        result.emplace(body(handle));
    } catch (...) {
      handle.tasks_.failed(std::current_exception());
    }
    handle.tasks_.finished();  // the body's own share
    self.owner().wait_until(self, handle.tasks_.done());
    if (std::exception_ptr error = handle.tasks_.first_error())
      std::rethrow_exception(error);
    if constexpr (!std::is_void_v<R>)
      return std::move(*result);
  };
  return pool_detail::current_registry().in_worker(op, /*caller_may_work=*/true);
}

/// Runs f() on the global pool, some time later; nothing waits for it (see
/// the top of this file). f must own what it uses.
template <typename F>
void spawn(FEARLESS_ESCAPING F&& f) {
  using callable = std::decay_t<F>;
  static_assert(std::is_invocable_v<callable&>, "fearless::spawn: the task takes no argument");
  struct detached_job final : pool_detail::job {
    explicit detached_job(callable fn_) : job{&run}, fn(std::move(fn_)) {}
    static void run(job* self, bool) noexcept {
      std::unique_ptr<detached_job> me(static_cast<detached_job*>(self));
      try {
        me->fn();
      } catch (...) {
        std::fputs("fearless::spawn: a task threw an exception nobody can catch\n", stderr);
        std::terminate();
      }
    }
    callable fn;
  };
  auto task = std::make_unique<detached_job>(callable(std::forward<F>(f)));
  pool_detail::global_registry().submit_detached(task.get());
  (void)task.release();  // the job deletes itself once it has run
}

}  // namespace fearless

#endif  // FEARLESS_POOL_SCOPE_HPP
