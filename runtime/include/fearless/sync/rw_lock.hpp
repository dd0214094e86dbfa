// fearless — a readers-writer lock that owns its data, like Rust's
// RwLock<T>: any number of readers (const access) or one writer at a time.
//
//   fearless::rw_lock<std::map<std::string, int>> table;
//   table.write()->emplace("a", 1);            // exclusive
//   int a = table.read()->at("a");             // shared, const T&
//
// The lock is a std::shared_timed_mutex (pthread_rwlock on Linux). A read
// guard gives `const T&` only, so readers cannot write by mistake. Guards
// are movable, not copyable; a moved-from guard throws std::logic_error when
// used. Not recursive, no upgrade from read to write (take the write lock),
// no poisoning.
#ifndef FEARLESS_SYNC_RW_LOCK_HPP
#define FEARLESS_SYNC_RW_LOCK_HPP

#include "fearless/annotations.hpp"
#include "fearless/sync/guard_check.hpp"

#include <chrono>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace fearless {

template <typename T>
class rw_lock;

/// Shared, read-only access to an rw_lock<T>'s data while it lives.
template <typename T>
class [[nodiscard]] FEARLESS_GUARD read_guard {
public:
  read_guard(read_guard&& other) noexcept
      : lock_(std::move(other.lock_)), data_(std::exchange(other.data_, nullptr)) {}
  read_guard& operator=(read_guard&& other) noexcept {
    if (this != &other) {  // a self-move would unlock and keep the data
      lock_ = std::move(other.lock_);
      data_ = std::exchange(other.data_, nullptr);
    }
    return *this;
  }
  read_guard(const read_guard&) = delete;
  read_guard& operator=(const read_guard&) = delete;

  const T& operator*() const { return get(); }
  const T* operator->() const { return &get(); }
  const T& get() const {
    if (!data_)
      detail::throw_empty_guard("a fearless::read_guard");
    return *data_;
  }
  void unlock() {
    if (!data_)
      detail::throw_empty_guard("a fearless::read_guard");
    data_ = nullptr;
    lock_.unlock();
  }
  explicit operator bool() const noexcept { return data_ != nullptr; }

private:
  friend class rw_lock<T>;
  read_guard(std::shared_lock<std::shared_timed_mutex> lock, const T& data) noexcept
      : lock_(std::move(lock)), data_(&data) {}

  std::shared_lock<std::shared_timed_mutex> lock_;
  const T* data_;
};

/// Exclusive access to an rw_lock<T>'s data while it lives.
template <typename T>
class [[nodiscard]] FEARLESS_GUARD write_guard {
public:
  write_guard(write_guard&& other) noexcept
      : lock_(std::move(other.lock_)), data_(std::exchange(other.data_, nullptr)) {}
  write_guard& operator=(write_guard&& other) noexcept {
    if (this != &other) {  // a self-move would unlock and keep the data
      lock_ = std::move(other.lock_);
      data_ = std::exchange(other.data_, nullptr);
    }
    return *this;
  }
  write_guard(const write_guard&) = delete;
  write_guard& operator=(const write_guard&) = delete;

  T& operator*() const { return get(); }
  T* operator->() const { return &get(); }
  T& get() const {
    if (!data_)
      detail::throw_empty_guard("a fearless::write_guard");
    return *data_;
  }
  void unlock() {
    if (!data_)
      detail::throw_empty_guard("a fearless::write_guard");
    data_ = nullptr;
    lock_.unlock();
  }
  explicit operator bool() const noexcept { return data_ != nullptr; }

private:
  friend class rw_lock<T>;
  write_guard(std::unique_lock<std::shared_timed_mutex> lock, T& data) noexcept
      : lock_(std::move(lock)), data_(&data) {}

  std::unique_lock<std::shared_timed_mutex> lock_;
  T* data_;
};

template <typename T>
class FEARLESS_SYNC rw_lock {
  static_assert(!std::is_reference_v<T>,
                "fearless::rw_lock<T> owns a T: T cannot be a reference");

public:
  rw_lock() = default;
  explicit rw_lock(T value) noexcept(std::is_nothrow_move_constructible_v<T>)
      : data_(std::move(value)) {}
  template <typename... Args>
  explicit rw_lock(std::in_place_t, Args&&... args) : data_(std::forward<Args>(args)...) {}

  rw_lock(const rw_lock&) = delete;
  rw_lock& operator=(const rw_lock&) = delete;

  /// Blocks while a writer holds the lock.
  read_guard<T> read() const { return read_guard<T>(std::shared_lock(lock_), data_); }
  /// Blocks while anyone holds the lock.
  write_guard<T> write() { return write_guard<T>(std::unique_lock(lock_), data_); }

  std::optional<read_guard<T>> try_read() const {
    std::shared_lock lock(lock_, std::try_to_lock);
    if (!lock.owns_lock())
      return std::nullopt;
    return read_guard<T>(std::move(lock), data_);
  }
  std::optional<write_guard<T>> try_write() {
    std::unique_lock lock(lock_, std::try_to_lock);
    if (!lock.owns_lock())
      return std::nullopt;
    return write_guard<T>(std::move(lock), data_);
  }
  template <typename Rep, typename Period>
  std::optional<read_guard<T>> try_read_for(std::chrono::duration<Rep, Period> timeout) const {
    std::shared_lock lock(lock_, timeout);
    if (!lock.owns_lock())
      return std::nullopt;
    return read_guard<T>(std::move(lock), data_);
  }
  template <typename Rep, typename Period>
  std::optional<write_guard<T>> try_write_for(std::chrono::duration<Rep, Period> timeout) {
    std::unique_lock lock(lock_, timeout);
    if (!lock.owns_lock())
      return std::nullopt;
    return write_guard<T>(std::move(lock), data_);
  }

  /// The data without locking, for an owner no other thread can reach now
  /// (see mutex::get_mut). Throws std::logic_error if a guard is alive.
  T& get_mut() {
    ensure_unlocked("get_mut");
    return data_;
  }
  /// Moves the data out. Throws std::logic_error if a guard is alive.
  T into_inner() && {
    ensure_unlocked("into_inner");
    return std::move(data_);
  }

private:
  void ensure_unlocked(const char* what) {
    if (!lock_.try_lock())
      throw std::logic_error(std::string("fearless::rw_lock::") + what +
                             ": the lock is held (a guard is alive)");
    lock_.unlock();
  }

  mutable std::shared_timed_mutex lock_;
  T data_{};
};

}  // namespace fearless

#endif  // FEARLESS_SYNC_RW_LOCK_HPP
