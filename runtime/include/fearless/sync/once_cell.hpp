// fearless — a value set at most once, by whichever thread comes first, and
// read by all afterwards without locking (Rust's OnceLock<T>); and lazy<T>,
// a value computed on first use (Rust's LazyLock<T>).
//
//   fearless::once_cell<config> settings;
//   const config& c = settings.get_or_init([] { return load_config(); });
//
//   fearless::lazy<std::regex> word([] { return std::regex("[a-z]+"); });
//   bool ok = std::regex_match(s, *word);
//
// If the initialising function throws, the cell stays empty, the exception
// goes to that caller, and the next caller tries again. Concurrent callers
// wait for the one that initialises. The value is never changed after it is
// set: only const access is given to shared users; get_mut() is for an owner
// that no other thread can reach.
//
// Built on a mutex and an atomic flag rather than std::call_once: a
// call_once whose function throws hangs under ThreadSanitizer (its
// pthread_once interceptor does not unwind), and retry-after-throw is part
// of this type's contract.
#ifndef FEARLESS_SYNC_ONCE_CELL_HPP
#define FEARLESS_SYNC_ONCE_CELL_HPP

#include "fearless/annotations.hpp"

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

namespace fearless {

template <typename T>
class FEARLESS_SYNC once_cell {
public:
  once_cell() = default;
  once_cell(const once_cell&) = delete;
  once_cell& operator=(const once_cell&) = delete;

  /// The value, or null while the cell is empty. Never blocks.
  const T* get() const noexcept {
    return ready_.load(std::memory_order_acquire) ? &*value_ : nullptr;
  }

  /// The value, computing it with `init()` if the cell is empty. Exactly
  /// one caller runs a successful `init`; the others wait for it.
  template <typename F>
  const T& get_or_init(F&& init) {
    if (const T* value = get())
      return *value;
    std::lock_guard lock(init_lock_);
    if (!ready_.load(std::memory_order_relaxed)) {
      value_.emplace(std::invoke(std::forward<F>(init)));
      ready_.store(true, std::memory_order_release);
    }
    return *value_;
  }

  /// Sets the value if the cell is empty; false if it was already set. The
  /// argument is moved from (or copied) only on success: on false, a
  /// variable passed with std::move still holds its value (Rust's set
  /// returns it in its Err).
  bool set(T&& value) { return set_from(std::move(value)); }
  bool set(const T& value) { return set_from(value); }

  /// The value, for an owner no other thread can reach now; null if empty.
  T* get_mut() noexcept { return ready_.load(std::memory_order_acquire) ? &*value_ : nullptr; }

  [[nodiscard]] bool has_value() const noexcept { return get() != nullptr; }

private:
  template <typename U>
  bool set_from(U&& value) {
    if (get())
      return false;
    std::lock_guard lock(init_lock_);
    if (ready_.load(std::memory_order_relaxed))
      return false;
    value_.emplace(std::forward<U>(value));
    ready_.store(true, std::memory_order_release);
    return true;
  }

  std::mutex init_lock_;  // held by the one caller that initialises
  std::atomic<bool> ready_{false};
  std::optional<T> value_;
};

/// A value computed by `init` on first use, from any thread, once.
template <typename T, typename F = std::function<T()>>
class FEARLESS_SYNC lazy {
public:
  explicit lazy(F init) : init_(std::move(init)) {}
  lazy(const lazy&) = delete;
  lazy& operator=(const lazy&) = delete;

  const T& get() { return cell_.get_or_init(init_); }
  const T& operator*() { return get(); }
  const T* operator->() { return &get(); }
  /// Whether the value was computed already.
  [[nodiscard]] bool is_initialized() const noexcept { return cell_.has_value(); }

private:
  once_cell<T> cell_;
  F init_;
};

template <typename F>
lazy(F) -> lazy<std::invoke_result_t<F&>, F>;

}  // namespace fearless

#endif  // FEARLESS_SYNC_ONCE_CELL_HPP
