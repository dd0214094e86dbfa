// fearless — the list of threads blocked on one side of a channel. A sender
// that made a message available selects one waiting receiver (and vice
// versa); disconnecting selects them all.
#ifndef FEARLESS_CHANNEL_WAKER_HPP
#define FEARLESS_CHANNEL_WAKER_HPP

#include "fearless/channel/context.hpp"
#include "fearless/detail/short_mutex.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace fearless::channel::detail {

/// One blocked operation: which one, its rendezvous packet (zero-capacity
/// channels only) and the context to select.
struct waiting_operation {
  selection operation = selected_waiting;
  void* packet = nullptr;
  std::shared_ptr<context> cx;
};

/// Not synchronized: the owner locks around it.
class waker {
public:
  void enlist(selection operation, void* packet, std::shared_ptr<context> cx) {
    waiting_.push_back({operation, packet, std::move(cx)});
  }

  std::optional<waiting_operation> delist(selection operation) {
    auto it = std::find_if(waiting_.begin(), waiting_.end(),
                           [&](const waiting_operation& w) { return w.operation == operation; });
    if (it == waiting_.end())
      return std::nullopt;
    waiting_operation found = std::move(*it);
    waiting_.erase(it);
    return found;
  }

  /// Selects one waiting operation of another thread, hands it its packet
  /// and removes it. The caller unparks the returned context (after
  /// unlocking, so the woken thread does not hit the lock at once).
  std::optional<waiting_operation> select_one() {
    const std::thread::id me = std::this_thread::get_id();
    for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
      if (it->cx->thread_id() == me)
        continue;  // A select must not rendezvous with itself.
      if (it->cx->try_select(it->operation) != selected_waiting)
        continue;  // Another channel won that select already.
      if (it->packet)
        it->cx->store_packet(it->packet);
      waiting_operation found = std::move(*it);
      waiting_.erase(it);
      return found;
    }
    return std::nullopt;
  }

  /// Whether select_one() could succeed now.
  [[nodiscard]] bool can_select() const {
    const std::thread::id me = std::this_thread::get_id();
    return std::any_of(waiting_.begin(), waiting_.end(), [&](const waiting_operation& w) {
      return w.cx->thread_id() != me && w.cx->selected() == selected_waiting;
    });
  }

  /// Selects every waiting operation as "disconnected" and wakes it; they
  /// delist themselves. Observers are woken too.
  void disconnect() {
    for (const waiting_operation& w : waiting_)
      if (w.cx->try_select(selected_disconnected) == selected_waiting)
        w.cx->unpark();
    notify_observers();
  }

  // --- observers (selector::ready): threads waiting for this side to become
  // ready without taking part in it. Every change wakes all of them, and
  // none counts as the one waiter a message is for.

  void watch(selection operation, std::shared_ptr<context> cx) {
    observers_.push_back({operation, nullptr, std::move(cx)});
  }
  void unwatch(selection operation) {
    std::erase_if(observers_, [&](const waiting_operation& w) { return w.operation == operation; });
  }
  void notify_observers() {
    for (const waiting_operation& w : observers_)
      if (w.cx->try_select(w.operation) == selected_waiting)
        w.cx->unpark();
    observers_.clear();
  }

  [[nodiscard]] bool empty() const noexcept { return waiting_.empty() && observers_.empty(); }

private:
  std::vector<waiting_operation> waiting_;
  std::vector<waiting_operation> observers_;
};

/// A waker with its own lock and a lock-free "nobody waits" fast path, for
/// the lock-free flavors: a send to a channel nobody waits on costs one load.
class sync_waker {
public:
  void enlist(selection operation, std::shared_ptr<context> cx) {
    std::lock_guard lock(mutex_);
    inner_.enlist(operation, nullptr, std::move(cx));
    is_empty_.store(false, std::memory_order_seq_cst);
  }

  void delist(selection operation) {
    std::lock_guard lock(mutex_);
    inner_.delist(operation);
    is_empty_.store(inner_.empty(), std::memory_order_seq_cst);
  }

  void watch(selection operation, std::shared_ptr<context> cx) {
    std::lock_guard lock(mutex_);
    inner_.watch(operation, std::move(cx));
    is_empty_.store(false, std::memory_order_seq_cst);
  }

  void unwatch(selection operation) {
    std::lock_guard lock(mutex_);
    inner_.unwatch(operation);
    is_empty_.store(inner_.empty(), std::memory_order_seq_cst);
  }

  /// Wakes one waiting operation, if any. Sequentially consistent with
  /// enlist + the waiter's re-check, so no wake-up is lost.
  void notify() {
    if (is_empty_.load(std::memory_order_seq_cst))
      return;
    std::optional<waiting_operation> chosen;
    {
      std::lock_guard lock(mutex_);
      if (is_empty_.load(std::memory_order_relaxed))
        return;
      chosen = inner_.select_one();
      inner_.notify_observers();
      is_empty_.store(inner_.empty(), std::memory_order_seq_cst);
    }
    if (chosen)
      chosen->cx->unpark();
  }

  void disconnect() {
    std::lock_guard lock(mutex_);
    inner_.disconnect();
  }

private:
  fearless::detail::short_mutex mutex_;
  waker inner_;
  std::atomic<bool> is_empty_{true};
};

}  // namespace fearless::channel::detail

#endif  // FEARLESS_CHANNEL_WAKER_HPP
