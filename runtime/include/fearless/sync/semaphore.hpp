// fearless — a counting semaphore whose permits are objects: acquire()
// returns a permit that gives its unit back when it dies, so an early
// return or an exception cannot leak one (Go's buffered-channel semaphore,
// tokio's Semaphore).
//
//   fearless::semaphore downloads(3);        // at most three at once
//   s.spawn([&] {
//     auto permit = downloads.acquire();     // waits for a free unit
//     fetch(url);
//   });                                      // released here
//
// try_acquire() and acquire_for() give a permit only if one is free now or
// soon. A permit is movable, not copyable; release() gives it back early.
// add_permits(n) raises the count (never above max_permits()).
#ifndef FEARLESS_SYNC_SEMAPHORE_HPP
#define FEARLESS_SYNC_SEMAPHORE_HPP

#include "fearless/annotations.hpp"
#include "fearless/sync/guard_check.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

namespace fearless {

class semaphore;

/// One unit of a semaphore, given back when the permit dies.
class [[nodiscard]] semaphore_permit {
public:
  semaphore_permit(semaphore_permit&& other) noexcept
      : owner_(std::exchange(other.owner_, nullptr)) {}
  semaphore_permit& operator=(semaphore_permit&& other) noexcept;
  semaphore_permit(const semaphore_permit&) = delete;
  semaphore_permit& operator=(const semaphore_permit&) = delete;
  ~semaphore_permit();

  /// Gives the unit back now; throws std::logic_error if already given back.
  void release();
  /// False once released or moved from.
  explicit operator bool() const noexcept { return owner_ != nullptr; }

private:
  friend class semaphore;
  explicit semaphore_permit(semaphore& owner) noexcept : owner_(&owner) {}
  semaphore* owner_;
};

class FEARLESS_SYNC semaphore {
public:
  /// The largest count a semaphore can hold.
  static constexpr std::size_t max_permits() noexcept {
    return std::numeric_limits<std::ptrdiff_t>::max();
  }

  /// A semaphore with `permits` free units. Throws std::length_error above
  /// max_permits().
  explicit semaphore(std::size_t permits) : available_(checked(permits)) {}
  semaphore(const semaphore&) = delete;
  semaphore& operator=(const semaphore&) = delete;
  /// Every permit must have been given back: a permit that outlived its
  /// semaphore would write freed memory when it dies, so destroying a
  /// semaphore with permits out calls std::terminate (as destroying a
  /// joinable std::thread does) instead.
  ~semaphore() {
    std::lock_guard lock(mutex_);  // the last give_back() is done with us
    if (out_ != 0) {
      std::fputs("fearless::semaphore destroyed while permits are out\n", stderr);
      std::terminate();
    }
  }

  /// Waits for a free unit.
  semaphore_permit acquire() {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [&] { return available_ > 0; });
    return take();
  }

  /// A permit if a unit is free now.
  std::optional<semaphore_permit> try_acquire() {
    std::lock_guard lock(mutex_);
    if (available_ == 0)
      return std::nullopt;
    return take();
  }

  /// A permit if a unit comes free within `timeout`.
  template <typename Rep, typename Period>
  std::optional<semaphore_permit> acquire_for(std::chrono::duration<Rep, Period> timeout) {
    std::unique_lock lock(mutex_);
    if (!freed_.wait_for(lock, timeout, [&] { return available_ > 0; }))
      return std::nullopt;
    return take();
  }

  /// Adds `n` free units (a pool that grows). Throws std::length_error if
  /// the count would pass max_permits().
  void add_permits(std::size_t n) {
    std::lock_guard lock(mutex_);
    // The permits out come back too: count them against the maximum.
    if (n > max_permits() - available_ - out_)
      throw std::length_error("fearless::semaphore::add_permits: too many permits");
    available_ += n;
    freed_.notify_all();  // under the lock, as in give_back
  }

  /// Free units now (a snapshot: others may change it at once).
  [[nodiscard]] std::size_t available_permits() const {
    std::lock_guard lock(mutex_);
    return available_;
  }

private:
  friend class semaphore_permit;

  static std::size_t checked(std::size_t permits) {
    if (permits > max_permits())
      throw std::length_error("fearless::semaphore: too many permits");
    return permits;
  }

  // Called with mutex_ held and a unit free.
  semaphore_permit take() noexcept {
    --available_;
    ++out_;
    return semaphore_permit(*this);
  }

  /// Notifies under the lock: a waiter woken by the last permit may destroy
  /// the semaphore at once (a semaphore(0) used as a one-shot signal), and
  /// must not do so while this call still touches it.
  void give_back() noexcept {
    std::lock_guard lock(mutex_);
    ++available_;
    --out_;
    freed_.notify_one();
  }

  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::size_t available_;  // guarded by mutex_
  std::size_t out_ = 0;    // permits alive; guarded by mutex_
};

inline semaphore_permit& semaphore_permit::operator=(semaphore_permit&& other) noexcept {
  if (this != &other) {
    if (owner_)
      owner_->give_back();
    owner_ = std::exchange(other.owner_, nullptr);
  }
  return *this;
}

inline semaphore_permit::~semaphore_permit() {
  if (owner_)
    owner_->give_back();
}

inline void semaphore_permit::release() {
  if (!owner_)
    detail::throw_empty_guard("a fearless::semaphore_permit");
  std::exchange(owner_, nullptr)->give_back();
}

}  // namespace fearless

#endif  // FEARLESS_SYNC_SEMAPHORE_HPP
