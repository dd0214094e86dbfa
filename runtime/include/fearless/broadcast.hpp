// fearless — broadcast(f): f runs once on every thread of the current pool
// (Rayon's broadcast): to warm a per-thread cache, set thread-local state,
// or gather per-thread counters.
//
//   std::vector<std::size_t> seen = fearless::broadcast(
//       [](fearless::broadcast_context cx) { return local_count(cx.index); });
//
// How: each pool thread gets a job in a mailbox of its own, which it looks
// at before any other work, and is woken. A thread busy with a long job
// gets to it when that job ends, so f must not wait for something that only
// a busy pool thread could provide. Broadcasts may overlap and nest.
#ifndef FEARLESS_BROADCAST_HPP
#define FEARLESS_BROADCAST_HPP

#include "fearless/detail/platform.hpp"
#include "fearless/pool/job.hpp"
#include "fearless/pool/registry.hpp"
#include "fearless/thread_pool.hpp"

#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <variant>
#include <vector>

namespace fearless {

/// Which pool thread a broadcast call runs on.
struct broadcast_context {
  std::size_t index;        ///< the thread's index in its pool, 0 .. num_threads - 1
  std::size_t num_threads;  ///< how many threads the broadcast runs on
};

namespace pool_detail {

template <typename F>
auto broadcast_result_of() {
  if constexpr (std::is_invocable_v<F&, broadcast_context>)
    return std::type_identity<std::invoke_result_t<F&, broadcast_context>>{};
  else
    return std::type_identity<std::invoke_result_t<F&>>{};
}

template <typename F, typename Value>
class broadcast_run {
public:
  broadcast_run(registry& pool, F& f, worker* waiter)
      : pool_(pool), f_(f), count_(pool.pool_thread_count()), values_(count_), done_(waiter) {
    jobs_.reserve(count_);
    for (std::size_t i = 0; i < count_; ++i)
      jobs_.push_back(std::make_unique<one_thread>(*this));
  }

  void start() {
    for (std::size_t i = 0; i < count_; ++i)
      pool_.post_to(i, jobs_[i].get());
  }
  [[nodiscard]] latch& done() noexcept { return done_; }
  std::vector<Value> take() {
    if (first_error_)
      std::rethrow_exception(first_error_);
    std::vector<Value> out;
    out.reserve(count_);
    for (auto& v : values_)
      out.push_back(std::move(*v));
    return out;
  }

private:
  struct one_thread final : job {
    explicit one_thread(broadcast_run& run_) : job{&execute}, run(run_) {}
    static void execute(job* self, bool) noexcept { static_cast<one_thread*>(self)->run.on_this_thread(); }
    broadcast_run& run;
  };

  void on_this_thread() noexcept {
    worker* here = current_worker;  // the pool thread whose mailbox held the job
    try {
      const broadcast_context cx{here->index(), count_};
      if constexpr (std::is_invocable_v<F&, broadcast_context>)
        values_[here->index()].emplace(invoke_to_value(f_, cx));
      else
        values_[here->index()].emplace(invoke_to_value(f_));
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!first_error_)
        first_error_ = std::current_exception();
    }
    if (finished_.fetch_add(1, std::memory_order_acq_rel) + 1 == count_)
      done_.set();  // the caller may destroy everything from here on
  }

  registry& pool_;
  F& f_;
  const std::size_t count_;
  std::vector<std::optional<Value>> values_;  // one per pool thread, written by it
  std::vector<std::unique_ptr<one_thread>> jobs_;
  std::atomic<std::size_t> finished_{0};
  std::mutex mutex_;
  std::exception_ptr first_error_;  // guarded by mutex_
  latch done_;
};

}  // namespace pool_detail

/// Runs f(broadcast_context) — or f() — once on every thread of the current
/// pool (the global pool outside every pool) and returns their results by
/// thread index (nothing if f returns void). Rethrows the first exception
/// once every thread is done.
template <typename F>
auto broadcast(F&& f) {
  static_assert(std::is_invocable_v<F&, broadcast_context> || std::is_invocable_v<F&>,
                "fearless::broadcast: f takes a fearless::broadcast_context or nothing");
  using R = typename decltype(pool_detail::broadcast_result_of<F>())::type;
  pool_detail::registry& pool = pool_detail::current_registry();
  pool_detail::worker* self = pool_detail::current_worker;
  using value = std::conditional_t<std::is_void_v<R>, std::monostate, R>;
  pool_detail::broadcast_run<std::remove_reference_t<F>, value> run(pool, f, self);
  run.start();
  if (self != nullptr)
    self->owner().wait_until(*self, run.done());  // runs its own share meanwhile
  else
    run.done().wait_outside();
  if constexpr (std::is_void_v<R>)
    (void)run.take();
  else
    return run.take();
}

}  // namespace fearless

#endif  // FEARLESS_BROADCAST_HPP
