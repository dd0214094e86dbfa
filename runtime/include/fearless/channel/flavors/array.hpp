// fearless — the bounded channel (capacity >= 1): a fixed ring of slots,
// each with a stamp saying which lap may use it next, so senders and
// receivers claim slots with one CAS on the tail/head and never lock
// (Dmitry Vyukov's bounded MPMC queue, as in crossbeam-channel's array
// flavor). The tail's mark bit records disconnection.
#ifndef FEARLESS_CHANNEL_FLAVORS_ARRAY_HPP
#define FEARLESS_CHANNEL_FLAVORS_ARRAY_HPP

#include "fearless/channel/blocking.hpp"
#include "fearless/channel/flavor.hpp"
#include "fearless/channel/waker.hpp"
#include "fearless/detail/backoff.hpp"
#include "fearless/detail/platform.hpp"

#include <atomic>
#include <bit>
#include <cstdint>
#include <memory>
#include <new>
#include <stdexcept>
#include <utility>

namespace fearless::channel::detail {

template <typename T>
class array_flavor final : public flavor<T> {
public:
  explicit array_flavor(std::size_t cap)
      : cap_(cap), mark_bit_(std::bit_ceil(static_cast<std::uint64_t>(cap) + 1)),
        one_lap_(mark_bit_ * 2), slots_(new slot[cap]) {
    // A slot may be used in lap L once its stamp says index + L * one_lap.
    for (std::size_t i = 0; i < cap; ++i)
      slots_[i].stamp.store(i, std::memory_order_relaxed);
  }

  ~array_flavor() override {
    // Every handle is gone: drop the messages nobody received.
    const std::uint64_t head = head_.load(std::memory_order_relaxed);
    const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
    const std::size_t count = len_of(head, tail);
    const std::uint64_t first = head & (mark_bit_ - 1);
    for (std::size_t i = 0; i < count; ++i) {
      std::size_t index = first + i < cap_ ? first + i : first + i - cap_;
      slots_[index].value()->~T();
    }
  }

  // --- reservations ----------------------------------------------------
  bool try_reserve(side which, token& t) override {
    return which == side::sending ? start_send(t) : start_recv(t);
  }

  bool enlist(side which, selection operation, const std::shared_ptr<context>& cx) override {
    if (which == side::sending) {
      senders_waiting_.enlist(operation, cx);
      return !is_full() || is_disconnected();
    }
    receivers_waiting_.enlist(operation, cx);
    return !is_empty() || is_disconnected();
  }

  void delist(side which, selection operation) override {
    (which == side::sending ? senders_waiting_ : receivers_waiting_).delist(operation);
  }

  bool accept(side which, token& t, context&) override { return try_reserve(which, t); }

  bool is_ready(side which) override {
    if (which == side::sending)
      return !is_full() || is_disconnected();
    return !is_empty() || is_disconnected();
  }
  void watch(side which, selection operation, const std::shared_ptr<context>& cx) override {
    (which == side::sending ? senders_waiting_ : receivers_waiting_).watch(operation, cx);
  }
  void unwatch(side which, selection operation) override {
    (which == side::sending ? senders_waiting_ : receivers_waiting_).unwatch(operation);
  }

  std::optional<T> read(token& t) override {
    auto* s = static_cast<slot*>(t.place);
    if (!s)
      return std::nullopt;
    std::optional<T> message(std::move(*s->value()));
    s->value()->~T();
    s->stamp.store(t.number, std::memory_order_release);
    senders_waiting_.notify();
    return message;
  }

  bool write(token& t, T& message) override {
    auto* s = static_cast<slot*>(t.place);
    if (!s)
      return false;
    ::new (static_cast<void*>(s->storage)) T(std::move(message));
    s->stamp.store(t.number, std::memory_order_release);
    receivers_waiting_.notify();
    return true;
  }

  // --- plain operations ------------------------------------------------
  send_status try_send(T& message) override {
    token t;
    if (!start_send(t))
      return send_status::full;
    return write(t, message) ? send_status::sent : send_status::disconnected;
  }

  send_status send(T& message, std::optional<instant> deadline) override {
    token t;
    if (!start_send(t) &&
        !reserve_blocking(
            senders_waiting_, t, [this](token& r) { return start_send(r); },
            [this] { return !is_full() || is_disconnected(); }, deadline))
      return send_status::timeout;
    return write(t, message) ? send_status::sent : send_status::disconnected;
  }

  recv_status try_recv(std::optional<T>& out) override {
    token t;
    if (!start_recv(t))
      return recv_status::empty;
    out = read(t);
    return out ? recv_status::received : recv_status::disconnected;
  }

  recv_status recv(std::optional<T>& out, std::optional<instant> deadline) override {
    token t;
    if (!start_recv(t) &&
        !reserve_blocking(
            receivers_waiting_, t, [this](token& r) { return start_recv(r); },
            [this] { return !is_empty() || is_disconnected(); }, deadline))
      return recv_status::timeout;
    out = read(t);
    return out ? recv_status::received : recv_status::disconnected;
  }

  // --- state -----------------------------------------------------------
  [[nodiscard]] std::size_t len() const override {
    for (;;) {
      const std::uint64_t tail = tail_.load(std::memory_order_seq_cst);
      const std::uint64_t head = head_.load(std::memory_order_seq_cst);
      if (tail_.load(std::memory_order_seq_cst) == tail)
        return len_of(head, tail);
    }
  }
  [[nodiscard]] std::optional<std::size_t> capacity() const override { return cap_; }
  [[nodiscard]] bool is_empty() const override {
    const std::uint64_t head = head_.load(std::memory_order_seq_cst);
    const std::uint64_t tail = tail_.load(std::memory_order_seq_cst);
    return (tail & ~mark_bit_) == head;
  }
  [[nodiscard]] bool is_full() const override {
    const std::uint64_t tail = tail_.load(std::memory_order_seq_cst);
    const std::uint64_t head = head_.load(std::memory_order_seq_cst);
    return head + one_lap_ == (tail & ~mark_bit_);
  }

protected:
  void disconnect_senders() override { disconnect(); }
  void disconnect_receivers() override { disconnect(); }

private:
  struct slot {
    std::atomic<std::uint64_t> stamp;
    alignas(T) unsigned char storage[sizeof(T)];
    T* value() noexcept { return std::launder(reinterpret_cast<T*>(storage)); }
  };

  [[nodiscard]] bool is_disconnected() const {
    return (tail_.load(std::memory_order_seq_cst) & mark_bit_) != 0;
  }

  void disconnect() {
    const std::uint64_t tail = tail_.fetch_or(mark_bit_, std::memory_order_seq_cst);
    if ((tail & mark_bit_) == 0) {
      senders_waiting_.disconnect();
      receivers_waiting_.disconnect();
    }
  }

  [[nodiscard]] std::size_t len_of(std::uint64_t head, std::uint64_t tail) const {
    const std::uint64_t hix = head & (mark_bit_ - 1);
    const std::uint64_t tix = tail & (mark_bit_ - 1);
    if (hix < tix)
      return tix - hix;
    if (hix > tix)
      return cap_ - hix + tix;
    return (tail & ~mark_bit_) == head ? 0 : cap_;
  }

  /// Claims the slot at the tail. False when full; true with no slot when
  /// disconnected.
  bool start_send(token& t) {
    fearless::detail::backoff backoff;
    std::uint64_t tail = tail_.load(std::memory_order_relaxed);
    for (;;) {
      if (tail & mark_bit_) {
        t.place = nullptr;
        return true;
      }
      const std::uint64_t index = tail & (mark_bit_ - 1);
      const std::uint64_t lap = tail & ~(one_lap_ - 1);
      slot& s = slots_[index];
      const std::uint64_t stamp = s.stamp.load(std::memory_order_acquire);
      if (tail == stamp) {
        // The slot is free in this lap: claim it.
        const std::uint64_t next = index + 1 < cap_ ? tail + 1 : lap + one_lap_;
        if (tail_.compare_exchange_weak(tail, next, std::memory_order_seq_cst,
                                        std::memory_order_relaxed)) {
          t.place = &s;
          t.number = tail + 1;
          return true;
        }
        backoff.spin();
      } else if (stamp + one_lap_ == tail + 1) {
        // The slot still holds last lap's message: full, unless a receiver
        // moved the head meanwhile.
        fearless::detail::seq_cst_fence();
        const std::uint64_t head = head_.load(std::memory_order_relaxed);
        if (head + one_lap_ == tail)
          return false;
        backoff.spin();
        tail = tail_.load(std::memory_order_relaxed);
      } else {
        // Another sender claimed the slot and has not moved the tail yet.
        backoff.snooze();
        tail = tail_.load(std::memory_order_relaxed);
      }
    }
  }

  /// Claims the slot at the head. False when empty; true with no slot when
  /// empty and disconnected.
  bool start_recv(token& t) {
    fearless::detail::backoff backoff;
    std::uint64_t head = head_.load(std::memory_order_relaxed);
    for (;;) {
      const std::uint64_t index = head & (mark_bit_ - 1);
      const std::uint64_t lap = head & ~(one_lap_ - 1);
      slot& s = slots_[index];
      const std::uint64_t stamp = s.stamp.load(std::memory_order_acquire);
      if (head + 1 == stamp) {
        // A message is written here in this lap: claim it.
        const std::uint64_t next = index + 1 < cap_ ? head + 1 : lap + one_lap_;
        if (head_.compare_exchange_weak(head, next, std::memory_order_seq_cst,
                                        std::memory_order_relaxed)) {
          t.place = &s;
          t.number = head + one_lap_;
          return true;
        }
        backoff.spin();
      } else if (stamp == head) {
        // Nothing written here yet: empty, unless the tail moved meanwhile.
        fearless::detail::seq_cst_fence();
        const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
        if ((tail & ~mark_bit_) == head) {
          if (tail & mark_bit_) {
            t.place = nullptr;
            return true;
          }
          return false;
        }
        backoff.spin();
        head = head_.load(std::memory_order_relaxed);
      } else {
        // Another receiver claimed the slot and has not moved the head yet.
        backoff.snooze();
        head = head_.load(std::memory_order_relaxed);
      }
    }
  }

  alignas(fearless::detail::cache_line) std::atomic<std::uint64_t> head_{0};
  alignas(fearless::detail::cache_line) std::atomic<std::uint64_t> tail_{0};
  alignas(fearless::detail::cache_line) const std::size_t cap_;
  const std::uint64_t mark_bit_;
  const std::uint64_t one_lap_;
  std::unique_ptr<slot[]> slots_;
  sync_waker senders_waiting_;
  sync_waker receivers_waiting_;
};

}  // namespace fearless::channel::detail

#endif  // FEARLESS_CHANNEL_FLAVORS_ARRAY_HPP
