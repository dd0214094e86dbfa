// fearless — scoped threads: threads that may borrow from the stack because
// they are always joined before the scope that started them returns.
//
//   std::vector<int> data = load();
//   int total = fearless::scope([&](fearless::scope_handle& s) {
//     auto mid = data.begin() + data.size() / 2;
//     auto left = s.spawn([&] { return std::accumulate(data.begin(), mid, 0); });
//     auto right = s.spawn([&] { return std::accumulate(mid, data.end(), 0); });
//     return left.join() + right.join();
//   });
//
// Like Rust's std::thread::scope: every thread spawned through the handle is
// joined before `scope` returns, also when the body throws. An exception
// thrown by a spawned thread and not taken through its join handle is
// rethrown by `scope` once every thread is joined (the first such thread in
// spawn order).
#ifndef FEARLESS_SCOPE_HPP
#define FEARLESS_SCOPE_HPP

#include "fearless/annotations.hpp"

#include <atomic>
#include <cstddef>
#include <exception>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <utility>
#include <variant>

namespace fearless {

class scope_handle;

namespace detail {

/// Told when a spawned thread throws, on that thread (try_scope cancels the
/// others).
struct scope_failure_listener {
  virtual void thread_failed() noexcept = 0;

protected:
  ~scope_failure_listener() = default;
};

/// One spawned thread: the std::thread, and a once-only join that both its
/// join handle and the scope may ask for, from any thread.
struct scoped_thread_base {
  virtual ~scoped_thread_base() = default;

  void join_once() {
    std::lock_guard lock(join_mutex);
    if (!joined) {
      thread.join();
      joined = true;
    }
  }

  /// The thread's exception if nobody took it through join(); call after
  /// join_once().
  virtual std::exception_ptr unobserved_error() = 0;

  std::mutex join_mutex;
  std::thread thread;
  bool joined = false;  // guarded by join_mutex
  /// Among the scope's threads that threw, this one's rank in time (0: the
  /// first to fail); written by the thread before it ends.
  std::size_t failure_rank = static_cast<std::size_t>(-1);
  /// The scope's count of failed threads, and who to tell of a failure
  /// (try_scope); both outlive the thread, which the scope joins.
  std::atomic<std::size_t>* failure_count = nullptr;
  scope_failure_listener* listener = nullptr;
};

template <typename R>
struct scoped_thread final : scoped_thread_base {
  static_assert(!std::is_reference_v<R>,
                "fearless::scope_handle::spawn: the callable returns a reference; "
                "return a value, a pointer or a std::reference_wrapper instead");
  using value_type = std::conditional_t<std::is_void_v<R>, std::monostate, R>;

  std::exception_ptr unobserved_error() override {
    std::lock_guard lock(join_mutex);
    return observed ? nullptr : error;
  }

  // Written by the thread before it ends, read after it was joined.
  std::optional<value_type> value;
  std::exception_ptr error;
  bool observed = false;  // guarded by join_mutex: join() took the outcome
};

}  // namespace detail

/// The result of scope_handle::spawn. `join()` waits for the thread and
/// returns its result or rethrows its exception. It consumes the handle: a
/// second join(), or a join() on a moved-from handle, throws std::logic_error.
/// A handle that is never joined is fine: the scope joins the thread, and an
/// exception it threw is rethrown by the scope. One handle is used by one
/// thread at a time.
template <typename R>
class join_handle {
public:
  join_handle(join_handle&&) noexcept = default;
  join_handle& operator=(join_handle&&) noexcept = default;
  join_handle(const join_handle&) = delete;
  join_handle& operator=(const join_handle&) = delete;

  /// True until join() was called or the handle was moved from.
  [[nodiscard]] bool joinable() const noexcept { return thread_ != nullptr; }

  /// Waits for the thread; returns its result or rethrows its exception.
  /// Throws std::logic_error when the handle was already joined or moved from.
  R join() {
    if (!thread_)
      throw std::logic_error(
          "fearless::join_handle::join: the handle was already joined or moved from");
    std::shared_ptr<detail::scoped_thread<R>> thread = std::move(thread_);
    thread->join_once();
    {
      std::lock_guard lock(thread->join_mutex);
      thread->observed = true;
    }
    if (thread->error)
      std::rethrow_exception(thread->error);
    if constexpr (!std::is_void_v<R>)
      return std::move(*thread->value);
  }

private:
  friend class scope_handle;
  explicit join_handle(std::shared_ptr<detail::scoped_thread<R>> thread)
      : thread_(std::move(thread)) {}

  std::shared_ptr<detail::scoped_thread<R>> thread_;
};

/// Spawns threads that the enclosing fearless::scope joins. The body of the
/// scope receives it by reference; spawned threads may capture it to spawn
/// more (spawn is thread-safe, hence FEARLESS_SYNC for the race checks).
class FEARLESS_SYNC scope_handle {
public:
  scope_handle(const scope_handle&) = delete;
  scope_handle& operator=(const scope_handle&) = delete;

  /// Starts `f()` on a new thread and returns the handle to join it and get
  /// its result. `f` may borrow anything that outlives the call to
  /// fearless::scope. Throws std::system_error if no thread can be started.
  template <typename F>
  auto spawn(F&& f) -> join_handle<std::invoke_result_t<std::decay_t<F>&>> {
    using R = std::invoke_result_t<std::decay_t<F>&>;
    auto thread = std::make_shared<detail::scoped_thread<R>>();
    thread->failure_count = &failures_;
    thread->listener = listener_;
    std::lock_guard lock(mutex_);
    // Started under the lock, so join_all() never sees a slot without its
    // thread; the new thread does not take this lock to run.
    thread->thread = std::thread(
        [outcome = thread.get(), fn = std::decay_t<F>(std::forward<F>(f))]() mutable {
          try {
            if constexpr (std::is_void_v<R>) {
              fn();
              outcome->value.emplace();
            } else {
              outcome->value.emplace(fn());
            }
          } catch (...) {
            outcome->error = std::current_exception();
            outcome->failure_rank =
                outcome->failure_count->fetch_add(1, std::memory_order_relaxed);
            if (outcome->listener)
              outcome->listener->thread_failed();
          }
        });
    threads_.push_back(thread);
    return join_handle<R>(std::move(thread));
  }

private:
  template <typename F>
  friend auto scope(F&& body) -> std::invoke_result_t<F&, scope_handle&>;
  friend class try_scope_handle;

  scope_handle() = default;
  explicit scope_handle(detail::scope_failure_listener* listener) : listener_(listener) {}

  /// Which unobserved exception join_all returns when several threads threw.
  enum class first_by { spawn_order, failure_time };

  /// Joins every spawned thread, including those spawned while joining, then
  /// returns the first exception that nobody took through join().
  std::exception_ptr join_all(first_by which = first_by::spawn_order) noexcept {
    std::unique_lock lock(mutex_);
    for (auto it = threads_.begin(); it != threads_.end(); ++it) {
      std::shared_ptr<detail::scoped_thread_base> thread = *it;
      lock.unlock();  // the thread may spawn (and so lock) while we wait
      thread->join_once();
      lock.lock();
    }
    // Every thread is done: no one spawns or joins any more.
    std::exception_ptr first;
    std::size_t first_rank = static_cast<std::size_t>(-1);
    for (const auto& thread : threads_) {
      std::exception_ptr error = thread->unobserved_error();
      if (!error)
        continue;
      if (which == first_by::spawn_order)
        return error;
      if (!first || thread->failure_rank < first_rank) {
        first = error;
        first_rank = thread->failure_rank;
      }
    }
    return first;
  }

  detail::scope_failure_listener* listener_ = nullptr;
  std::atomic<std::size_t> failures_{0};
  std::mutex mutex_;
  // A list: appending never moves or invalidates the iterator join_all holds.
  std::list<std::shared_ptr<detail::scoped_thread_base>> threads_;
};

/// Runs `body(handle)` and joins every thread spawned through the handle
/// before returning `body`'s result. If the body throws, the threads are
/// joined and the body's exception propagates. Otherwise, if a spawned thread
/// threw and its exception was not taken through join(), the first such
/// exception (in spawn order) is rethrown once all threads are joined.
template <typename F>
auto scope(F&& body) -> std::invoke_result_t<F&, scope_handle&> {
  using R = std::invoke_result_t<F&, scope_handle&>;
  scope_handle handle;
  if constexpr (std::is_void_v<R>) {
    try {
      body(handle);
    } catch (...) {
      handle.join_all();
      throw;
    }
    if (std::exception_ptr error = handle.join_all())
      std::rethrow_exception(error);
  } else {
    std::optional<R> result;
    try {
      result.emplace(body(handle));
    } catch (...) {
      handle.join_all();
      throw;
    }
    if (std::exception_ptr error = handle.join_all())
      std::rethrow_exception(error);
    return std::move(*result);
  }
}

}  // namespace fearless

#endif  // FEARLESS_SCOPE_HPP
