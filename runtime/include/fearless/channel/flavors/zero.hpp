// fearless — the zero-capacity (rendezvous) channel: a send completes only
// when a receiver takes the message. Blocked senders and receivers wait in
// two lists under one lock, each with a packet: a blocked sender's packet
// holds its message on its stack; a selecting thread's packet is on the
// heap (it is still choosing) and is freed by whoever reads it.
#ifndef FEARLESS_CHANNEL_FLAVORS_ZERO_HPP
#define FEARLESS_CHANNEL_FLAVORS_ZERO_HPP

#include "fearless/channel/context.hpp"
#include "fearless/detail/short_mutex.hpp"
#include "fearless/channel/flavor.hpp"
#include "fearless/channel/waker.hpp"
#include "fearless/detail/backoff.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace fearless::channel::detail {

template <typename T>
class zero_flavor final : public flavor<T> {
  struct packet {
    explicit packet(bool is_on_stack) : on_stack(is_on_stack) {}
    const bool on_stack;
    std::atomic<bool> ready{false};
    std::optional<T> message;

    void wait_ready() const noexcept {
      fearless::detail::backoff backoff;
      while (!ready.load(std::memory_order_acquire))
        backoff.snooze();
    }
  };

public:
  zero_flavor() = default;

  // --- reservations ----------------------------------------------------
  bool try_reserve(side which, token& t) override {
    std::unique_lock lock(mutex_);
    std::optional<waiting_operation> peer =
        (which == side::sending ? receivers_waiting_ : senders_waiting_).select_one();
    if (peer) {
      lock.unlock();
      t.place = peer->packet;
      peer->cx->unpark();
      return true;
    }
    if (disconnected_) {
      t.place = nullptr;
      return true;
    }
    return false;
  }

  bool enlist(side which, selection operation, const std::shared_ptr<context>& cx) override {
    auto* p = new packet(/*is_on_stack=*/false);
    std::lock_guard lock(mutex_);
    if (which == side::sending) {
      senders_waiting_.enlist(operation, p, cx);
      receivers_waiting_.notify_observers();  // a receive is possible now
      return receivers_waiting_.can_select() || disconnected_;
    }
    receivers_waiting_.enlist(operation, p, cx);
    senders_waiting_.notify_observers();  // a send is possible now
    return senders_waiting_.can_select() || disconnected_;
  }

  // --- readiness: a peer waiting on the other side ------------------------
  bool is_ready(side which) override {
    std::lock_guard lock(mutex_);
    if (which == side::sending)
      return receivers_waiting_.can_select() || disconnected_;
    return senders_waiting_.can_select() || disconnected_;
  }
  void watch(side which, selection operation, const std::shared_ptr<context>& cx) override {
    std::lock_guard lock(mutex_);
    (which == side::sending ? senders_waiting_ : receivers_waiting_).watch(operation, cx);
  }
  void unwatch(side which, selection operation) override {
    std::lock_guard lock(mutex_);
    (which == side::sending ? senders_waiting_ : receivers_waiting_).unwatch(operation);
  }

  void delist(side which, selection operation) override {
    std::optional<waiting_operation> mine;
    {
      std::lock_guard lock(mutex_);
      mine = (which == side::sending ? senders_waiting_ : receivers_waiting_).delist(operation);
    }
    if (mine)
      delete static_cast<packet*>(mine->packet);
  }

  bool accept(side, token& t, context& cx) override {
    // The peer that selected us stored our packet in our context.
    t.place = cx.wait_packet();
    return true;
  }

  std::optional<T> read(token& t) override {
    auto* p = static_cast<packet*>(t.place);
    if (!p)
      return std::nullopt;
    return take(p);
  }

  bool write(token& t, T& message) override {
    auto* p = static_cast<packet*>(t.place);
    if (!p)
      return false;
    put(p, message);
    return true;
  }

  // --- plain operations ------------------------------------------------
  send_status try_send(T& message) override { return send_now(message).value_or(send_status::full); }

  send_status send(T& message, std::optional<instant> deadline) override {
    std::unique_lock lock(mutex_);
    if (std::optional<send_status> done = send_locked(lock, message))
      return *done;
    // Wait, holding the message in a packet on our stack.
    std::shared_ptr<context> cx = context::for_this_thread();
    packet p(/*is_on_stack=*/true);
    p.message.emplace(std::move(message));
    const selection operation = operation_id(&p);
    senders_waiting_.enlist(operation, &p, cx);
    receivers_waiting_.notify_observers();  // a receive is possible now
    lock.unlock();
    const selection outcome = cx->wait_until(deadline);
    if (outcome == selected_aborted || outcome == selected_disconnected) {
      lock.lock();
      senders_waiting_.delist(operation);
      lock.unlock();
      // Hand it back (by reconstruction: T need not be move-assignable).
      std::destroy_at(&message);
      std::construct_at(&message, std::move(*p.message));
      return outcome == selected_aborted ? send_status::timeout : send_status::disconnected;
    }
    p.wait_ready();  // a receiver took the message
    return send_status::sent;
  }

  recv_status try_recv(std::optional<T>& out) override {
    return recv_now(out).value_or(recv_status::empty);
  }

  recv_status recv(std::optional<T>& out, std::optional<instant> deadline) override {
    std::unique_lock lock(mutex_);
    if (std::optional<recv_status> done = recv_locked(lock, out))
      return *done;
    std::shared_ptr<context> cx = context::for_this_thread();
    packet p(/*is_on_stack=*/true);
    const selection operation = operation_id(&p);
    receivers_waiting_.enlist(operation, &p, cx);
    senders_waiting_.notify_observers();  // a send is possible now
    lock.unlock();
    const selection outcome = cx->wait_until(deadline);
    if (outcome == selected_aborted || outcome == selected_disconnected) {
      lock.lock();
      receivers_waiting_.delist(operation);
      return outcome == selected_aborted ? recv_status::timeout : recv_status::disconnected;
    }
    p.wait_ready();  // a sender put its message in our packet
    out = std::move(p.message);
    return recv_status::received;
  }

  // --- state -----------------------------------------------------------
  [[nodiscard]] std::size_t len() const override { return 0; }
  [[nodiscard]] std::optional<std::size_t> capacity() const override { return 0; }
  [[nodiscard]] bool is_empty() const override { return true; }
  [[nodiscard]] bool is_full() const override { return true; }

protected:
  void disconnect_senders() override { disconnect(); }
  void disconnect_receivers() override { disconnect(); }

private:
  void disconnect() {
    std::lock_guard lock(mutex_);
    if (!disconnected_) {
      disconnected_ = true;
      senders_waiting_.disconnect();
      receivers_waiting_.disconnect();
    }
  }

  /// Gives the message to a waiting receiver, or says why not (nullopt:
  /// nobody waits). Unlocks when it hands over.
  std::optional<send_status> send_locked(std::unique_lock<fearless::detail::short_mutex>& lock, T& message) {
    if (std::optional<waiting_operation> receiver = receivers_waiting_.select_one()) {
      lock.unlock();
      put(static_cast<packet*>(receiver->packet), message);
      receiver->cx->unpark();
      return send_status::sent;
    }
    if (disconnected_)
      return send_status::disconnected;
    return std::nullopt;
  }

  std::optional<send_status> send_now(T& message) {
    std::unique_lock lock(mutex_);
    return send_locked(lock, message);
  }

  /// Takes a message from a waiting sender, or says why not.
  std::optional<recv_status> recv_locked(std::unique_lock<fearless::detail::short_mutex>& lock,
                                         std::optional<T>& out) {
    if (std::optional<waiting_operation> sender = senders_waiting_.select_one()) {
      lock.unlock();
      auto* p = static_cast<packet*>(sender->packet);
      if (p->on_stack) {
        // A blocked sender: take its message, then let it go.
        out = take(p);
        sender->cx->unpark();
      } else {
        // A selecting sender: wake it so that it writes, then take.
        sender->cx->unpark();
        out = take(p);
      }
      return recv_status::received;
    }
    if (disconnected_)
      return recv_status::disconnected;
    return std::nullopt;
  }

  std::optional<recv_status> recv_now(std::optional<T>& out) {
    std::unique_lock lock(mutex_);
    return recv_locked(lock, out);
  }

  /// Fills a waiting receiver's packet. After the store the packet may be
  /// gone (its owner returns): touch nothing more.
  static void put(packet* p, T& message) {
    p->message.emplace(std::move(message));
    p->ready.store(true, std::memory_order_release);
  }

  /// Empties a sender's packet: a blocked sender's stack packet already
  /// holds the message (the sender returns once `ready` is set); a selecting
  /// sender's heap packet is filled later and freed here.
  static std::optional<T> take(packet* p) {
    if (p->on_stack) {
      std::optional<T> message = std::move(p->message);
      p->ready.store(true, std::memory_order_release);
      return message;
    }
    p->wait_ready();
    std::optional<T> message = std::move(p->message);
    delete p;
    return message;
  }

  fearless::detail::short_mutex mutex_;
  waker senders_waiting_;
  waker receivers_waiting_;
  bool disconnected_ = false;  // guarded by mutex_
};

}  // namespace fearless::channel::detail

#endif  // FEARLESS_CHANNEL_FLAVORS_ZERO_HPP
