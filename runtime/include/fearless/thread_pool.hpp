// fearless — the work-stealing thread pool that fearless::join and the
// parallel iterators run on.
//
// There is one global pool, built on first use with one thread per hardware
// thread (or FEARLESS_NUM_THREADS, or what configure_global_pool said) —
// counting the caller: a thread outside the pools that starts parallel work
// works in the global pool itself until that work is done, beside the
// pool's N-1 threads of its own — and any number of explicit pools, whose
// N threads do all of their work (install hands it to them):
//
//   fearless::thread_pool pool(4);
//   auto total = pool.install([&] { return fearless::par_iter(v).sum(); });
//
// Parallel work started on a pool's thread stays in that pool; parallel work
// started anywhere else goes to the global pool. Idle workers sleep: an idle
// pool uses no CPU.
#ifndef FEARLESS_THREAD_POOL_HPP
#define FEARLESS_THREAD_POOL_HPP

#include "fearless/annotations.hpp"
#include "fearless/pool/registry.hpp"

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

namespace fearless {

/// How to build a pool. Zero threads means "one per hardware thread" (or the
/// FEARLESS_NUM_THREADS environment variable for the global pool).
struct thread_pool_options {
  std::size_t num_threads = 0;
  /// Worker i is named "<prefix>-<i>" (truncated to Linux's 15 characters),
  /// which is what top, gdb and perf show.
  std::string thread_name_prefix = "fearless";
};

namespace pool_detail {

inline std::size_t hardware_threads() noexcept {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

/// FEARLESS_NUM_THREADS if it is a positive number, else 0.
inline std::size_t threads_from_environment() noexcept {
  const char* text = std::getenv("FEARLESS_NUM_THREADS");
  if (text == nullptr)
    return 0;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(text, &end, 10);
  return end != text && *end == '\0' && n > 0 && n <= 4096 ? static_cast<std::size_t>(n) : 0;
}

/// The global pool is built once and never destroyed: threads that are still
/// running at exit (detached ones, other static destructors) may use it.
struct global_pool_state {
  std::mutex mutex;
  std::optional<thread_pool_options> options;
  std::atomic<registry*> pool{nullptr};
};

inline global_pool_state& global_state() {
  static global_pool_state* state = new global_pool_state;
  return *state;
}

inline registry& global_registry() {
  global_pool_state& state = global_state();
  if (registry* built = state.pool.load(std::memory_order_acquire))
    return *built;
  std::lock_guard lock(state.mutex);
  if (registry* built = state.pool.load(std::memory_order_relaxed))
    return *built;
  thread_pool_options options = state.options.value_or(thread_pool_options{});
  if (options.num_threads == 0)
    options.num_threads = threads_from_environment();
  if (options.num_threads == 0)
    options.num_threads = hardware_threads();
  // A thread that starts parallel work from outside works in the global pool
  // until it is done, as one of its threads: so the pool has one thread
  // fewer of its own, and nobody oversubscribes the cores. Up to this many
  // callers work at once; more hand their work in and wait.
  constexpr std::size_t caller_seats = 8;
  const bool callers_work = options.num_threads >= 2;
  auto* built = new registry(callers_work ? options.num_threads - 1 : options.num_threads,
                             options.thread_name_prefix, callers_work ? caller_seats : 0);
  state.pool.store(built, std::memory_order_release);
  return *built;
}

/// The pool parallel work started on this thread runs on.
inline registry& current_registry() {
  worker* self = current_worker;
  return self != nullptr ? self->owner() : global_registry();
}

}  // namespace pool_detail

/// Sets how the global pool is built. Call it once, before any parallel
/// work; throws std::logic_error if the global pool already exists or was
/// configured before (the pool's size cannot change under running work).
inline void configure_global_pool(thread_pool_options options) {
  pool_detail::global_pool_state& state = pool_detail::global_state();
  std::lock_guard lock(state.mutex);
  if (state.pool.load(std::memory_order_relaxed) != nullptr)
    throw std::logic_error(
        "fearless::configure_global_pool: the global pool is already running; configure it "
        "before the first parallel call");
  if (state.options)
    throw std::logic_error("fearless::configure_global_pool: called twice");
  state.options = std::move(options);
}

/// The number of threads of the pool that parallel work started here uses.
/// Outside any pool that is the global pool, which this builds if it does not
/// exist yet (so configure_global_pool must come before it).
inline std::size_t current_num_threads() {
  return pool_detail::current_registry().num_threads();
}

/// The calling thread's index in its pool, or nullopt outside every pool
/// (also for a caller working in the global pool while it waits).
inline std::optional<std::size_t> current_thread_index() noexcept {
  pool_detail::worker* self = pool_detail::current_worker;
  if (self == nullptr || !self->owner().is_pool_thread(*self))
    return std::nullopt;
  return self->index();
}

/// An explicit pool. Its threads start in the constructor and stop in the
/// destructor, which waits for them; destroy a pool only when no install()
/// on it is running (and never from one of its own threads). install() may
/// be called from any number of threads at once, hence FEARLESS_SYNC for the
/// race checks.
class FEARLESS_SYNC thread_pool {
public:
  /// `num_threads` = 0: one per hardware thread.
  explicit thread_pool(std::size_t num_threads = 0)
      : thread_pool(thread_pool_options{num_threads, "fearless-p"}) {}
  explicit thread_pool(thread_pool_options options)
      : registry_(std::make_unique<pool_detail::registry>(
            options.num_threads == 0 ? pool_detail::hardware_threads() : options.num_threads,
            options.thread_name_prefix)) {}
  thread_pool(const thread_pool&) = delete;
  thread_pool& operator=(const thread_pool&) = delete;
  ~thread_pool() {
    if (pool_detail::current_worker != nullptr &&
        &pool_detail::current_worker->owner() == registry_.get()) {
      // Joining our own thread would deadlock: a bug in the caller, said loudly.
      std::fputs("fearless::thread_pool destroyed by one of its own threads\n", stderr);
      std::abort();
    }
  }

  /// Runs `f()` on one of this pool's threads, so that the parallel work it
  /// starts runs on this pool, and returns its result (or rethrows what it
  /// threw). The calling thread waits; called from this pool's own thread,
  /// it just calls `f()`.
  template <typename F>
  std::decay_t<std::invoke_result_t<F&>> install(F&& f) {
    auto op = [&f](pool_detail::worker&, bool) { return f(); };
    return registry_->in_worker(op);
  }

  [[nodiscard]] std::size_t num_threads() const noexcept { return registry_->num_threads(); }

  /// This pool's index of the calling thread, or nullopt if it is not one of
  /// this pool's threads.
  [[nodiscard]] std::optional<std::size_t> current_thread_index() const noexcept {
    pool_detail::worker* self = pool_detail::current_worker;
    if (self == nullptr || &self->owner() != registry_.get() ||
        !registry_->is_pool_thread(*self))
      return std::nullopt;
    return self->index();
  }

private:
  std::unique_ptr<pool_detail::registry> registry_;
};

}  // namespace fearless

#endif  // FEARLESS_THREAD_POOL_HPP
