// fearless — the unbounded channel: a linked list of blocks of slots.
// Senders claim a slot by advancing the tail index with one CAS, receivers
// by advancing the head; the sender that claims a block's last slot links
// the next block, and the receivers free a block once every slot of it was
// read (the last reader of a block frees it, with a DESTROY bit handing the
// job over to readers still busy). Index layout as in crossbeam-channel's
// list flavor: index << 1, with the low bit marking "disconnected" on the
// tail and "another block follows" on the head.
#ifndef FEARLESS_CHANNEL_FLAVORS_LIST_HPP
#define FEARLESS_CHANNEL_FLAVORS_LIST_HPP

#include "fearless/channel/blocking.hpp"
#include "fearless/channel/flavor.hpp"
#include "fearless/channel/waker.hpp"
#include "fearless/detail/backoff.hpp"
#include "fearless/detail/platform.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <new>
#include <utility>

namespace fearless::channel::detail {

template <typename T>
class list_flavor final : public flavor<T> {
  static constexpr std::uint64_t shift = 1;
  static constexpr std::uint64_t mark_bit = 1;
  static constexpr std::uint64_t lap = 32;            // indices per block
  static constexpr std::uint64_t block_cap = lap - 1;  // the last index is a gap
  static constexpr std::uint64_t one = 1 << shift;     // one index step

  static constexpr unsigned written = 1;
  static constexpr unsigned read_done = 2;
  static constexpr unsigned destroy = 4;

  struct slot {
    alignas(T) unsigned char storage[sizeof(T)];
    std::atomic<unsigned> state{0};
    T* value() noexcept { return std::launder(reinterpret_cast<T*>(storage)); }

    void wait_written() const noexcept {
      fearless::detail::backoff backoff;
      while ((state.load(std::memory_order_acquire) & written) == 0)
        backoff.snooze();
    }
  };

  struct block {
    std::atomic<block*> next{nullptr};
    slot slots[block_cap];

    block* wait_next() const noexcept {
      fearless::detail::backoff backoff;
      for (;;) {
        if (block* n = next.load(std::memory_order_acquire))
          return n;
        backoff.snooze();
      }
    }

    /// Frees the block once the slots from `start` on were read; a reader
    /// still reading one of them takes the job over (the DESTROY bit).
    static void destroy_from(block* b, std::size_t start) noexcept {
      // The last slot's reader calls destroy_from(0) and needs no bit.
      for (std::size_t i = start; i < block_cap - 1; ++i) {
        slot& s = b->slots[i];
        if ((s.state.load(std::memory_order_acquire) & read_done) == 0 &&
            (s.state.fetch_or(destroy, std::memory_order_acq_rel) & read_done) == 0)
          return;
      }
      delete b;
    }
  };

  struct position {
    std::atomic<std::uint64_t> index{0};
    std::atomic<block*> blk{nullptr};
  };

public:
  list_flavor() = default;

  ~list_flavor() override {
    // Every handle is gone: drop the unread messages and free the blocks.
    std::uint64_t head = head_.index.load(std::memory_order_relaxed) & ~mark_bit;
    const std::uint64_t tail = tail_.index.load(std::memory_order_relaxed) & ~mark_bit;
    block* b = head_.blk.load(std::memory_order_relaxed);
    while (head != tail) {
      const std::uint64_t offset = (head >> shift) % lap;
      if (offset < block_cap) {
        b->slots[offset].value()->~T();
      } else {
        block* next = b->next.load(std::memory_order_relaxed);
        delete b;
        b = next;
      }
      head += one;
    }
    delete b;
  }

  // --- reservations ----------------------------------------------------
  bool try_reserve(side which, token& t) override {
    return which == side::sending ? start_send(t) : start_recv(t);
  }

  bool enlist(side which, selection operation, const std::shared_ptr<context>& cx) override {
    if (which == side::sending)
      return true;  // never full: the select loop's next try succeeds
    receivers_waiting_.enlist(operation, cx);
    return !is_empty() || is_disconnected();
  }

  void delist(side which, selection operation) override {
    if (which == side::receiving)
      receivers_waiting_.delist(operation);
  }

  bool accept(side which, token& t, context&) override { return try_reserve(which, t); }

  bool is_ready(side which) override {
    return which == side::sending || !is_empty() || is_disconnected();
  }
  void watch(side which, selection operation, const std::shared_ptr<context>& cx) override {
    if (which == side::receiving)
      receivers_waiting_.watch(operation, cx);
  }
  void unwatch(side which, selection operation) override {
    if (which == side::receiving)
      receivers_waiting_.unwatch(operation);
  }

  std::optional<T> read(token& t) override {
    auto* b = static_cast<block*>(t.place);
    if (!b)
      return std::nullopt;
    const std::size_t offset = t.number;
    slot& s = b->slots[offset];
    s.wait_written();
    std::optional<T> message(std::move(*s.value()));
    s.value()->~T();
    if (offset + 1 == block_cap)
      block::destroy_from(b, 0);
    else if ((s.state.fetch_or(read_done, std::memory_order_acq_rel) & destroy) != 0)
      block::destroy_from(b, offset + 1);
    return message;
  }

  bool write(token& t, T& message) override {
    auto* b = static_cast<block*>(t.place);
    if (!b)
      return false;
    slot& s = b->slots[t.number];
    ::new (static_cast<void*>(s.storage)) T(std::move(message));
    s.state.fetch_or(written, std::memory_order_release);
    receivers_waiting_.notify();
    return true;
  }

  // --- plain operations ------------------------------------------------
  send_status try_send(T& message) override { return send(message, std::nullopt); }

  send_status send(T& message, std::optional<instant>) override {
    token t;
    start_send(t);  // never full
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
      std::uint64_t tail = tail_.index.load(std::memory_order_seq_cst);
      std::uint64_t head = head_.index.load(std::memory_order_seq_cst);
      if (tail_.index.load(std::memory_order_seq_cst) != tail)
        continue;
      tail &= ~((1 << shift) - 1);
      head &= ~((1 << shift) - 1);
      // Treat the gap index at the end of a block as the next block's start.
      if (((tail >> shift) & (lap - 1)) == lap - 1)
        tail += one;
      if (((head >> shift) & (lap - 1)) == lap - 1)
        head += one;
      // Rotate both so that head falls in the first block.
      const std::uint64_t lap_base = head & ~((lap << shift) - 1);
      head -= lap_base;
      tail -= lap_base;
      head >>= shift;
      tail >>= shift;
      // Every block loses one index (the gap).
      return static_cast<std::size_t>(tail - head - tail / lap);
    }
  }
  [[nodiscard]] std::optional<std::size_t> capacity() const override { return std::nullopt; }
  [[nodiscard]] bool is_empty() const override {
    const std::uint64_t head = head_.index.load(std::memory_order_seq_cst);
    const std::uint64_t tail = tail_.index.load(std::memory_order_seq_cst);
    return (head >> shift) == (tail >> shift);
  }
  [[nodiscard]] bool is_full() const override { return false; }

protected:
  void disconnect_senders() override {
    const std::uint64_t tail = tail_.index.fetch_or(mark_bit, std::memory_order_seq_cst);
    if ((tail & mark_bit) == 0)
      receivers_waiting_.disconnect();
  }
  void disconnect_receivers() override {
    // Senders never block here; marking the tail makes further sends fail.
    // The unread messages are dropped with the channel.
    tail_.index.fetch_or(mark_bit, std::memory_order_seq_cst);
  }

private:
  [[nodiscard]] bool is_disconnected() const {
    return (tail_.index.load(std::memory_order_seq_cst) & mark_bit) != 0;
  }

  /// Claims the slot at the tail (always succeeds); no block = disconnected.
  bool start_send(token& t) {
    fearless::detail::backoff backoff;
    std::uint64_t tail = tail_.index.load(std::memory_order_acquire);
    block* b = tail_.blk.load(std::memory_order_acquire);
    std::unique_ptr<block> next_block;
    for (;;) {
      if (tail & mark_bit) {
        t.place = nullptr;
        return true;
      }
      const std::uint64_t offset = (tail >> shift) % lap;
      if (offset == block_cap) {
        // The claimer of the last slot is installing the next block.
        backoff.snooze();
        tail = tail_.index.load(std::memory_order_acquire);
        b = tail_.blk.load(std::memory_order_acquire);
        continue;
      }
      // About to claim the last slot: have the next block ready, so that
      // other senders wait for as short a time as possible.
      if (offset + 1 == block_cap && !next_block)
        next_block = std::make_unique<block>();

      if (!b) {
        // The very first message: install the first block.
        auto first = std::make_unique<block>();
        block* expected = nullptr;
        if (tail_.blk.compare_exchange_strong(expected, first.get(), std::memory_order_release,
                                              std::memory_order_relaxed)) {
          b = first.release();
          head_.blk.store(b, std::memory_order_release);
        } else {
          next_block = std::move(first);  // reuse it for the next block
          tail = tail_.index.load(std::memory_order_acquire);
          b = tail_.blk.load(std::memory_order_acquire);
          continue;
        }
      }

      const std::uint64_t new_tail = tail + one;
      if (tail_.index.compare_exchange_weak(tail, new_tail, std::memory_order_seq_cst,
                                            std::memory_order_acquire)) {
        if (offset + 1 == block_cap) {
          // Claimed the last slot: install the next block and skip the gap.
          block* next = next_block.release();
          tail_.blk.store(next, std::memory_order_release);
          tail_.index.fetch_add(one, std::memory_order_release);
          b->next.store(next, std::memory_order_release);
        }
        t.place = b;
        t.number = offset;
        return true;
      }
      b = tail_.blk.load(std::memory_order_acquire);
      backoff.spin();
    }
  }

  /// Claims the slot at the head. False when empty; true with no block
  /// when empty and disconnected.
  bool start_recv(token& t) {
    fearless::detail::backoff backoff;
    std::uint64_t head = head_.index.load(std::memory_order_acquire);
    block* b = head_.blk.load(std::memory_order_acquire);
    for (;;) {
      const std::uint64_t offset = (head >> shift) % lap;
      if (offset == block_cap) {
        // The claimer of the last slot is moving the head to the next block.
        backoff.snooze();
        head = head_.index.load(std::memory_order_acquire);
        b = head_.blk.load(std::memory_order_acquire);
        continue;
      }
      std::uint64_t new_head = head + one;
      if ((new_head & mark_bit) == 0) {
        // Not known to be followed by another block: compare with the tail.
        fearless::detail::seq_cst_fence();
        const std::uint64_t tail = tail_.index.load(std::memory_order_relaxed);
        if ((head >> shift) == (tail >> shift)) {
          if (tail & mark_bit) {
            t.place = nullptr;
            return true;
          }
          return false;
        }
        if ((head >> shift) / lap != (tail >> shift) / lap)
          new_head |= mark_bit;
      }
      if (!b) {
        // The first message's sender is installing the first block.
        backoff.snooze();
        head = head_.index.load(std::memory_order_acquire);
        b = head_.blk.load(std::memory_order_acquire);
        continue;
      }
      if (head_.index.compare_exchange_weak(head, new_head, std::memory_order_seq_cst,
                                            std::memory_order_acquire)) {
        if (offset + 1 == block_cap) {
          // Claimed the last slot: move the head to the next block.
          block* next = b->wait_next();
          std::uint64_t next_index = (new_head & ~mark_bit) + one;
          if (next->next.load(std::memory_order_relaxed))
            next_index |= mark_bit;
          head_.blk.store(next, std::memory_order_release);
          head_.index.store(next_index, std::memory_order_release);
        }
        t.place = b;
        t.number = offset;
        return true;
      }
      b = head_.blk.load(std::memory_order_acquire);
      backoff.spin();
    }
  }

  alignas(fearless::detail::cache_line) position head_;
  alignas(fearless::detail::cache_line) position tail_;
  alignas(fearless::detail::cache_line) sync_waker receivers_waiting_;
};

}  // namespace fearless::channel::detail

#endif  // FEARLESS_CHANNEL_FLAVORS_LIST_HPP
