// fearless — a mutex that owns the data it protects, like Rust's Mutex<T>:
// the only way to the T is through a guard, so data and lock cannot drift
// apart.
//
//   fearless::mutex<std::vector<int>> jobs;
//   jobs.lock()->push_back(1);                 // locked for this statement
//   {
//     auto guard = jobs.lock();                // locked until guard dies
//     guard->push_back(2);
//     std::sort(guard->begin(), guard->end());
//   }
//   if (auto guard = jobs.try_lock()) (*guard)->clear();
//
// The lock is a std::timed_mutex (pthread_mutex on Linux: the same fast path
// as std::mutex). Not recursive: locking it again from the thread that holds
// it deadlocks, as std::mutex does. A guard is movable, not copyable; using a
// moved-from guard throws std::logic_error. Unlike Rust there is no
// poisoning: a guard unlocks when an exception unwinds through it, and the
// data is left as the code that threw left it.
#ifndef FEARLESS_SYNC_MUTEX_HPP
#define FEARLESS_SYNC_MUTEX_HPP

#include "fearless/annotations.hpp"
#include "fearless/sync/guard_check.hpp"

#include <chrono>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace fearless {

template <typename T>
class mutex;

/// Exclusive access to a mutex<T>'s data for as long as it lives.
template <typename T>
class [[nodiscard]] FEARLESS_GUARD mutex_guard {
public:
  mutex_guard(mutex_guard&& other) noexcept
      : lock_(std::move(other.lock_)), data_(std::exchange(other.data_, nullptr)) {}
  mutex_guard& operator=(mutex_guard&& other) noexcept {
    if (this != &other) {  // a self-move would unlock and keep the data
      lock_ = std::move(other.lock_);
      data_ = std::exchange(other.data_, nullptr);
    }
    return *this;
  }
  mutex_guard(const mutex_guard&) = delete;
  mutex_guard& operator=(const mutex_guard&) = delete;

  T& operator*() const { return get(); }
  T* operator->() const { return &get(); }
  T& get() const {
    if (!data_)
      detail::throw_empty_guard("a fearless::mutex_guard");
    return *data_;
  }
  /// Unlocks now, before the guard dies; the guard holds nothing after.
  void unlock() {
    if (!data_)
      detail::throw_empty_guard("a fearless::mutex_guard");
    data_ = nullptr;
    lock_.unlock();
  }
  /// False once moved from or unlocked.
  explicit operator bool() const noexcept { return data_ != nullptr; }

private:
  friend class mutex<T>;
  mutex_guard(std::unique_lock<std::timed_mutex> lock, T& data) noexcept
      : lock_(std::move(lock)), data_(&data) {}

  std::unique_lock<std::timed_mutex> lock_;
  T* data_;
};

template <typename T>
class FEARLESS_SYNC mutex {
  static_assert(!std::is_reference_v<T>, "fearless::mutex<T> owns a T: T cannot be a reference");

public:
  mutex() = default;
  /// The mutex owns `value` (moved in).
  explicit mutex(T value) noexcept(std::is_nothrow_move_constructible_v<T>)
      : data_(std::move(value)) {}
  /// Builds the T in place from `args`.
  template <typename... Args>
  explicit mutex(std::in_place_t, Args&&... args) : data_(std::forward<Args>(args)...) {}

  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;

  /// Blocks until the lock is free; the guard gives access until it dies.
  mutex_guard<T> lock() { return mutex_guard<T>(std::unique_lock(lock_), data_); }

  /// The guard if the lock is free now, nothing otherwise.
  std::optional<mutex_guard<T>> try_lock() {
    std::unique_lock lock(lock_, std::try_to_lock);
    if (!lock.owns_lock())
      return std::nullopt;
    return mutex_guard<T>(std::move(lock), data_);
  }

  /// The guard if the lock comes free within `timeout`, nothing otherwise.
  template <typename Rep, typename Period>
  std::optional<mutex_guard<T>> try_lock_for(std::chrono::duration<Rep, Period> timeout) {
    std::unique_lock lock(lock_, timeout);
    if (!lock.owns_lock())
      return std::nullopt;
    return mutex_guard<T>(std::move(lock), data_);
  }

  /// The data, without locking, for an owner that no other thread can reach
  /// at the moment (before the mutex is shared, after every thread that
  /// used it was joined): Rust's `get_mut(&mut self)`, whose exclusivity C++
  /// cannot prove. Throws std::logic_error if a guard holds the lock now.
  T& get_mut() {
    ensure_unlocked("get_mut");
    return data_;
  }

  /// Moves the data out (the mutex keeps a moved-from T). Throws
  /// std::logic_error if a guard holds the lock now.
  T into_inner() && {
    ensure_unlocked("into_inner");
    return std::move(data_);
  }

private:
  void ensure_unlocked(const char* what) {
    if (!lock_.try_lock())
      throw std::logic_error(std::string("fearless::mutex::") + what +
                             ": the mutex is locked (a guard is alive)");
    lock_.unlock();
  }

  std::timed_mutex lock_;
  T data_{};
};

}  // namespace fearless

#endif  // FEARLESS_SYNC_MUTEX_HPP
