// fearless — what every channel flavor implements, behind the one
// sender/receiver facade (channel.hpp). Two layers:
//  * channel_base: reference counts and disconnect (in one place), and the
//    four select primitives per side — try (reserve without blocking),
//    enlist/delist (wait for readiness), accept (reserve after being
//    selected) — that the select loop (select_core.hpp) drives;
//  * flavor<T>: completing a reservation (read/write a token) and the plain
//    blocking operations, which each flavor implements in its fastest way.
#ifndef FEARLESS_CHANNEL_FLAVOR_HPP
#define FEARLESS_CHANNEL_FLAVOR_HPP

#include "fearless/channel/context.hpp"
#include "fearless/channel/results.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

namespace fearless::channel::detail {

/// A reserved operation: filled by a flavor's try/accept, consumed by its
/// read/write. Two words whose meaning is the flavor's business:
///   array:    place = the slot,   number = the stamp to store when done
///   list:     place = the block,  number = the slot's offset in it
///   zero:     place = the packet
///   at, tick: number = the instant delivered (steady_clock ticks)
/// For array, list and zero, no place means "disconnected".
struct token {
  void* place = nullptr;
  std::uint64_t number = 0;
};

enum class side { receiving, sending };

class channel_base {
public:
  channel_base() = default;
  channel_base(const channel_base&) = delete;
  channel_base& operator=(const channel_base&) = delete;
  virtual ~channel_base() = default;

  // --- select primitives -------------------------------------------------
  /// Reserves the operation if it can complete now (or the channel is
  /// disconnected, which completes it with a failure).
  virtual bool try_reserve(side which, token& t) = 0;
  /// Enlists `cx` to be selected when the operation may have become
  /// possible; returns whether it is possible already.
  virtual bool enlist(side which, selection operation, const std::shared_ptr<context>& cx) = 0;
  virtual void delist(side which, selection operation) = 0;
  /// After `cx` was selected for this operation: reserve it.
  virtual bool accept(side which, token& t, context& cx) = 0;
  /// Timers: when the next message is due (select waits no longer).
  [[nodiscard]] virtual std::optional<instant> next_delivery() const { return std::nullopt; }

  // --- readiness (selector::ready) ------------------------------------------
  /// Whether the operation could complete now (or fails at once: the channel
  /// is disconnected), without reserving anything: by the time the caller
  /// acts, another thread may have taken it.
  [[nodiscard]] virtual bool is_ready(side which) = 0;
  /// Wakes `cx` (selecting `operation`) at the next change that may make the
  /// operation ready, without taking part in it; unwatch() ends that.
  virtual void watch(side which, selection operation, const std::shared_ptr<context>& cx) = 0;
  virtual void unwatch(side which, selection operation) = 0;

  // --- state ---------------------------------------------------------------
  [[nodiscard]] virtual std::size_t len() const = 0;
  [[nodiscard]] virtual std::optional<std::size_t> capacity() const = 0;
  [[nodiscard]] virtual bool is_empty() const = 0;
  [[nodiscard]] virtual bool is_full() const = 0;

  // --- handles and disconnect ---------------------------------------------
  void acquire_sender() noexcept { senders_.fetch_add(1, std::memory_order_relaxed); }
  void acquire_receiver() noexcept { receivers_.fetch_add(1, std::memory_order_relaxed); }

  /// The last sender disconnects the channel; the last handle of all deletes it.
  void release_sender() noexcept {
    if (senders_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      disconnect_senders();
      if (one_side_gone_.exchange(true, std::memory_order_acq_rel))
        delete this;
    }
  }
  void release_receiver() noexcept {
    if (receivers_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      disconnect_receivers();
      if (one_side_gone_.exchange(true, std::memory_order_acq_rel))
        delete this;
    }
  }

protected:
  /// Called once, when the last sender is gone: wake blocked receivers.
  virtual void disconnect_senders() = 0;
  /// Called once, when the last receiver is gone: wake blocked senders.
  virtual void disconnect_receivers() = 0;

  /// For channels born without senders (timers, never): only the receivers
  /// count, so the last receiver deletes the channel.
  void start_without_senders() noexcept {
    senders_.store(0, std::memory_order_relaxed);
    one_side_gone_.store(true, std::memory_order_relaxed);
  }

private:
  std::atomic<std::size_t> senders_{1};
  std::atomic<std::size_t> receivers_{1};
  std::atomic<bool> one_side_gone_{false};
};

template <typename T>
class flavor : public channel_base {
public:
  /// Completes a reserved receive: the message, or none (disconnected).
  virtual std::optional<T> read(token& t) = 0;
  /// Completes a reserved send. Moves from `message` only when it returns
  /// true; false means disconnected.
  virtual bool write(token& t, T& message) = 0;

  /// Blocking operations with an optional deadline. send moves from
  /// `message` only when it returns send_status::sent.
  virtual send_status send(T& message, std::optional<instant> deadline) = 0;
  virtual send_status try_send(T& message) = 0;
  virtual recv_status recv(std::optional<T>& out, std::optional<instant> deadline) = 0;
  virtual recv_status try_recv(std::optional<T>& out) = 0;
};

}  // namespace fearless::channel::detail

#endif  // FEARLESS_CHANNEL_FLAVOR_HPP
