// fearless — channels: multi-producer multi-consumer message passing, in the
// style of Rust's crossbeam-channel.
//
//   auto [tx, rx] = fearless::channel::bounded<int>(16);
//   fearless::scope([&](fearless::scope_handle& s) {
//     s.spawn([tx = std::move(tx)]() mutable {
//       for (int i = 0; i < 100; ++i)
//         if (!tx.send(i)) break;        // false once every receiver is gone
//     });                                // the last sender's end disconnects
//     for (int v : rx) use(v);           // receives until disconnected
//   });
//
// Flavors: bounded(n) (n >= 1: a ring of n slots), bounded(0) (rendezvous:
// a send completes when a receiver takes the message), unbounded() (a list
// of blocks), and the timers after(d)/at(t), tick(d), never<T>().
//
// Thread safety: every operation of sender and receiver may be called from
// any number of threads at once, through copies or through one shared
// handle; operations are const (they change the channel, not the handle),
// so a handle captured by value in a lambda works as is. Copies of a handle are cheap (one atomic increment) and refer to
// the same channel. When the last sender is destroyed the channel is
// disconnected for receivers (they drain what is left, then get "no
// value"); when the last receiver is destroyed, sends fail and hand their
// message back. A moved-from handle throws std::logic_error when used.
//
// Messages must be nothrow-move-constructible (wrap others in
// std::unique_ptr): a message is moved in and out of the channel while
// another thread may wait for the slot.
#ifndef FEARLESS_CHANNEL_HPP
#define FEARLESS_CHANNEL_HPP

#include "fearless/annotations.hpp"
#include "fearless/typestate.hpp"
#include "fearless/channel/flavor.hpp"
#include "fearless/channel/flavors/array.hpp"
#include "fearless/channel/flavors/at.hpp"
#include "fearless/channel/flavors/list.hpp"
#include "fearless/channel/flavors/never.hpp"
#include "fearless/channel/flavors/tick.hpp"
#include "fearless/channel/flavors/zero.hpp"
#include "fearless/channel/results.hpp"

#include <chrono>
#include <concepts>
#include <cstddef>
#include <iterator>
#include <limits>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace fearless {

/// The message of a channel that carries no data, only the event of a send
/// (Go's `chan struct{}`, Rust's `()`): `channel::bounded<void>(n)` makes one.
struct unit {
  friend constexpr bool operator==(unit, unit) noexcept { return true; }
};

}  // namespace fearless

namespace fearless::channel {

/// The clock of every timeout, deadline and timer message.
using clock = std::chrono::steady_clock;
using instant = clock::time_point;

template <typename T>
class sender;
template <typename T>
class receiver;

namespace detail {

/// now + timeout, or no deadline when that is beyond the clock's range.
/// Any duration type: the range check is done in floating point, so a
/// narrow representation or a period finer than the clock's cannot overflow.
template <typename Rep, typename Period>
std::optional<instant> deadline_after(std::chrono::duration<Rep, Period> timeout) {
  const instant now = clock::now();
  if (timeout <= timeout.zero())
    return now;
  using seconds = std::chrono::duration<long double>;
  if (std::chrono::duration_cast<seconds>(timeout) >=
      std::chrono::duration_cast<seconds>(instant::max() - now))
    return std::nullopt;
  return now + std::chrono::ceil<clock::duration>(timeout);
}

/// A period as the clock's duration, at most a quarter of the clock's range
/// (about 73 years), so that adding it to any instant of this era cannot
/// overflow.
template <typename Rep, typename Period>
clock::duration clamped_period(std::chrono::duration<Rep, Period> period) {
  using seconds = std::chrono::duration<long double>;
  constexpr clock::duration longest = clock::duration::max() / 4;
  if (std::chrono::duration_cast<seconds>(period) >= std::chrono::duration_cast<seconds>(longest))
    return longest;
  return std::chrono::ceil<clock::duration>(period);
}

template <typename T>
void check_message_type() {
  static_assert(std::is_object_v<T> && !std::is_const_v<T> && !std::is_array_v<T>,
                "fearless::channel: the message type must be a non-const object type");
  static_assert(std::is_nothrow_move_constructible_v<T>,
                "fearless::channel: the message type must be nothrow-move-constructible "
                "(wrap it in std::unique_ptr)");
}

/// Lets select reach the channel behind a handle.
struct handle_access {
  template <typename Handle>
  static auto& channel_of(const Handle& handle) {
    return handle.checked();
  }
};

}  // namespace detail

/// The sending half of a channel. Copyable (another sender of the same
/// channel) and movable. Thread-safe, hence FEARLESS_SYNC for the race checks.
/// Once reset or moved from it holds no channel: using it then throws
/// std::logic_error, and fearless-typestate reports it at build time.
template <typename T>
class FEARLESS_SYNC FEARLESS_STATES("connected,released") FEARLESS_MOVED_FROM("released") sender {
public:
  using value_type = T;

  sender(const sender& other) noexcept : channel_(other.channel_) {
    if (channel_)
      channel_->acquire_sender();
  }
  sender(sender&& other) noexcept : channel_(std::exchange(other.channel_, nullptr)) {}
  sender& operator=(sender other) noexcept {
    std::swap(channel_, other.channel_);
    return *this;
  }
  ~sender() {
    if (channel_)
      channel_->release_sender();
  }

  /// Sends, blocking while the channel is full (rendezvous: until a receiver
  /// takes it). Fails only when every receiver is gone: the result then
  /// holds the message.
  FEARLESS_REQUIRES("connected")
  send_result<T> send(T message) const { return finish(checked().send(message, std::nullopt), message); }

  /// Sends only if that needs no waiting: fails with `full` (or
  /// `disconnected`) and hands the message back otherwise.
  FEARLESS_REQUIRES("connected")
  send_result<T> try_send(T message) const { return finish(checked().try_send(message), message); }

  /// Like send, giving up with `timeout` (message handed back) after `timeout`.
  template <typename Rep, typename Period>
  FEARLESS_REQUIRES("connected")
  send_result<T> send_timeout(T message, std::chrono::duration<Rep, Period> timeout) const {
    return finish(checked().send(message, detail::deadline_after(timeout)), message);
  }

  /// Like send, giving up with `timeout` at `deadline`.
  FEARLESS_REQUIRES("connected")
  send_result<T> send_deadline(T message, instant deadline) const {
    return finish(checked().send(message, deadline), message);
  }

  /// Messages in the channel now (a snapshot: others may change it at once).
  FEARLESS_REQUIRES("connected")
  [[nodiscard]] std::size_t len() const { return checked().len(); }
  /// The capacity; none for an unbounded channel.
  FEARLESS_REQUIRES("connected")
  [[nodiscard]] std::optional<std::size_t> capacity() const { return checked().capacity(); }
  FEARLESS_REQUIRES("connected")
  [[nodiscard]] bool is_empty() const { return checked().is_empty(); }
  FEARLESS_REQUIRES("connected")
  [[nodiscard]] bool is_full() const { return checked().is_full(); }
  /// Whether both handles belong to the same channel.
  [[nodiscard]] bool same_channel(const sender& other) const noexcept {
    return channel_ && channel_ == other.channel_;
  }

  /// Drops this handle now, as its destructor would (the last sender of a
  /// channel disconnects it). Afterwards the handle is like a moved-from one.
  FEARLESS_TRANSITION("released")
  void reset() noexcept {
    if (channel_)
      std::exchange(channel_, nullptr)->release_sender();
  }
  /// False once reset or moved from.
  FEARLESS_TESTS_STATE("connected")
  [[nodiscard]] bool valid() const noexcept { return channel_ != nullptr; }

private:
  template <typename U>
  friend std::pair<sender<U>, receiver<U>> bounded(std::size_t capacity);
  template <typename U>
  friend std::pair<sender<U>, receiver<U>> unbounded();
  friend struct detail::handle_access;

  explicit sender(detail::flavor<T>* channel) noexcept : channel_(channel) {
    detail::check_message_type<T>();
  }

  detail::flavor<T>& checked() const {
    if (!channel_)
      throw std::logic_error("fearless::channel::sender: used after it was moved from");
    return *channel_;
  }

  static send_result<T> finish(send_status status, T& message) {
    if (status == send_status::sent)
      return send_result<T>::success();
    return send_result<T>::failure(status, std::move(message));
  }

  detail::flavor<T>* channel_;
};

/// The receiving half of a channel. Copyable (another receiver of the same
/// channel: each message goes to exactly one of them) and movable. A range:
/// `for (T v : rx)` receives until the channel is empty and disconnected.
/// Thread-safe, hence FEARLESS_SYNC for the race checks. Once reset or moved
/// from it holds no channel: using it then throws std::logic_error, and
/// fearless-typestate reports it at build time.
template <typename T>
class FEARLESS_SYNC FEARLESS_STATES("connected,released") FEARLESS_MOVED_FROM("released") receiver {
public:
  using value_type = T;

  receiver(const receiver& other) noexcept : channel_(other.channel_) {
    if (channel_)
      channel_->acquire_receiver();
  }
  receiver(receiver&& other) noexcept : channel_(std::exchange(other.channel_, nullptr)) {}
  receiver& operator=(receiver other) noexcept {
    std::swap(channel_, other.channel_);
    return *this;
  }
  ~receiver() {
    if (channel_)
      channel_->release_receiver();
  }

  /// Receives, blocking while the channel is empty. No value once the
  /// channel is empty and every sender is gone.
  FEARLESS_REQUIRES("connected")
  std::optional<T> recv() const {
    std::optional<T> out;
    checked().recv(out, std::nullopt);
    return out;
  }

  /// Receives only if a message is there now: `empty` or `disconnected` otherwise.
  FEARLESS_REQUIRES("connected")
  recv_result<T> try_recv() const {
    std::optional<T> out;
    return finish(checked().try_recv(out), out);
  }

  /// Like recv, giving up with `timeout` after `timeout`.
  template <typename Rep, typename Period>
  FEARLESS_REQUIRES("connected")
  recv_result<T> recv_timeout(std::chrono::duration<Rep, Period> timeout) const {
    std::optional<T> out;
    return finish(checked().recv(out, detail::deadline_after(timeout)), out);
  }

  /// Like recv, giving up with `timeout` at `deadline`.
  FEARLESS_REQUIRES("connected")
  recv_result<T> recv_deadline(instant deadline) const {
    std::optional<T> out;
    return finish(checked().recv(out, deadline), out);
  }

  FEARLESS_REQUIRES("connected")
  [[nodiscard]] std::size_t len() const { return checked().len(); }
  FEARLESS_REQUIRES("connected")
  [[nodiscard]] std::optional<std::size_t> capacity() const { return checked().capacity(); }
  FEARLESS_REQUIRES("connected")
  [[nodiscard]] bool is_empty() const { return checked().is_empty(); }
  FEARLESS_REQUIRES("connected")
  [[nodiscard]] bool is_full() const { return checked().is_full(); }
  [[nodiscard]] bool same_channel(const receiver& other) const noexcept {
    return channel_ && channel_ == other.channel_;
  }

  /// Drops this handle now, as its destructor would (the last receiver of a
  /// channel disconnects it). Afterwards the handle is like a moved-from one.
  FEARLESS_TRANSITION("released")
  void reset() noexcept {
    if (channel_)
      std::exchange(channel_, nullptr)->release_receiver();
  }
  /// False once reset or moved from.
  FEARLESS_TESTS_STATE("connected")
  [[nodiscard]] bool valid() const noexcept { return channel_ != nullptr; }

  /// Input iterator over the received messages; ends at disconnect.
  class iterator {
  public:
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using iterator_concept = std::input_iterator_tag;
    // Also a classic input iterator, for `std::vector<T>(rx.begin(), rx.end())`.
    using iterator_category = std::input_iterator_tag;
    using reference = T&;
    using pointer = T*;

    iterator() = default;
    T& operator*() const { return *current_; }
    T* operator->() const { return &*current_; }
    iterator& operator++() {
      current_ = owner_->recv();
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& it, std::default_sentinel_t) noexcept {
      return !it.current_;
    }
    /// Iterators compare equal when both are at the end (the channel was
    /// disconnected), or when they read the same receiver.
    friend bool operator==(const iterator& a, const iterator& b) noexcept {
      if (!a.current_ || !b.current_)
        return !a.current_ && !b.current_;
      return a.owner_ == b.owner_;
    }

  private:
    friend class receiver;
    explicit iterator(const receiver* owner) : owner_(owner), current_(owner->recv()) {}
    const receiver* owner_ = nullptr;
    mutable std::optional<T> current_;
  };

  /// Blocks for the first message. Iterating ends when the channel is
  /// disconnected.
  FEARLESS_REQUIRES("connected")
  iterator begin() const { return iterator(this); }
  /// An end iterator when messages can be copied (so that the iterator pair
  /// fills containers and std::ranges algorithms take the receiver), the
  /// default sentinel otherwise.
  auto end() const noexcept {
    if constexpr (std::copyable<T>)
      return iterator();
    else
      return std::default_sentinel;
  }

  /// The messages there now, without waiting: iteration ends at the first
  /// try_recv() that finds nothing (crossbeam's `try_iter`).
  class try_iterator {
  public:
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using iterator_concept = std::input_iterator_tag;

    try_iterator() = default;
    T& operator*() const { return *current_; }
    T* operator->() const { return &*current_; }
    try_iterator& operator++() {
      current_ = owner_->try_recv().into_optional();
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const try_iterator& it, std::default_sentinel_t) noexcept {
      return !it.current_;
    }

  private:
    friend class receiver;
    explicit try_iterator(const receiver* owner)
        : owner_(owner), current_(owner->try_recv().into_optional()) {}
    const receiver* owner_ = nullptr;
    mutable std::optional<T> current_;
  };

  struct try_range {
    const receiver* owner;
    try_iterator begin() const { return try_iterator(owner); }
    std::default_sentinel_t end() const noexcept { return {}; }
  };
  /// `for (auto& m : rx.try_iter())`: the messages available now.
  FEARLESS_REQUIRES("connected")
  try_range try_iter() const { return try_range{this}; }

private:
  template <typename U>
  friend std::pair<sender<U>, receiver<U>> bounded(std::size_t capacity);
  template <typename U>
  friend std::pair<sender<U>, receiver<U>> unbounded();
  template <typename U>
  friend receiver<U> never();
  friend receiver<instant> at(instant);
  template <typename Rep, typename Period>
  friend receiver<instant> tick(std::chrono::duration<Rep, Period>);
  friend struct detail::handle_access;

  explicit receiver(detail::flavor<T>* channel) noexcept : channel_(channel) {
    detail::check_message_type<T>();
  }

  detail::flavor<T>& checked() const {
    if (!channel_)
      throw std::logic_error("fearless::channel::receiver: used after it was moved from");
    return *channel_;
  }

  static recv_result<T> finish(recv_status status, std::optional<T>& out) {
    if (status == recv_status::received)
      return recv_result<T>::success(std::move(*out));
    return recv_result<T>::failure(status);
  }

  detail::flavor<T>* channel_;
};

/// The handles of a channel without data: a sender<unit>/receiver<unit>
/// whose send() takes nothing and whose recv() says whether an event came
/// (false: disconnected). Everything else (try_recv, timeouts, iteration,
/// select) is the unit channel's.
/// They carry the same type states as their bases (fearless-typestate).
template <>
class FEARLESS_SYNC FEARLESS_STATES("connected,released") FEARLESS_MOVED_FROM("released")
    sender<void> : public sender<unit> {
public:
  explicit sender(sender<unit> inner) noexcept : sender<unit>(std::move(inner)) {}
  FEARLESS_REQUIRES("connected")
  send_result<unit> send() const { return sender<unit>::send(unit{}); }
  FEARLESS_REQUIRES("connected")
  send_result<unit> try_send() const { return sender<unit>::try_send(unit{}); }
  template <typename Rep, typename Period>
  FEARLESS_REQUIRES("connected")
  send_result<unit> send_timeout(std::chrono::duration<Rep, Period> timeout) const {
    return sender<unit>::send_timeout(unit{}, timeout);
  }
  FEARLESS_REQUIRES("connected")
  send_result<unit> send_deadline(instant deadline) const {
    return sender<unit>::send_deadline(unit{}, deadline);
  }
};

template <>
class FEARLESS_SYNC FEARLESS_STATES("connected,released") FEARLESS_MOVED_FROM("released")
    receiver<void> : public receiver<unit> {
public:
  explicit receiver(receiver<unit> inner) noexcept : receiver<unit>(std::move(inner)) {}
  /// Blocks for the next event; false once the channel is empty and every
  /// sender is gone.
  FEARLESS_REQUIRES("connected")
  bool recv() const { return receiver<unit>::recv().has_value(); }
};

/// A channel holding at most `capacity` messages; 0 makes a rendezvous
/// channel, where each send waits for a receiver to take the message.
template <typename T>
std::pair<sender<T>, receiver<T>> bounded(std::size_t capacity) {
  if constexpr (std::is_void_v<T>) {
    auto [tx, rx] = bounded<unit>(capacity);
    return {sender<void>(std::move(tx)), receiver<void>(std::move(rx))};
  } else {
  detail::check_message_type<T>();
  if (capacity > (std::numeric_limits<std::size_t>::max() >> 4))
    throw std::length_error("fearless::channel::bounded: capacity too large");
  detail::flavor<T>* channel;
  if (capacity == 0)
    channel = new detail::zero_flavor<T>();
  else
    channel = new detail::array_flavor<T>(capacity);
  return {sender<T>(channel), receiver<T>(channel)};
  }
}

/// A channel without a capacity: send never blocks.
template <typename T>
std::pair<sender<T>, receiver<T>> unbounded() {
  if constexpr (std::is_void_v<T>) {
    auto [tx, rx] = unbounded<unit>();
    return {sender<void>(std::move(tx)), receiver<void>(std::move(rx))};
  } else {
    detail::check_message_type<T>();
    auto* channel = new detail::list_flavor<T>();
    return {sender<T>(channel), receiver<T>(channel)};
  }
}

/// A receiver that gets one message, the instant `when`, once it has come.
inline receiver<instant> at(instant when) {
  return receiver<instant>(new detail::at_flavor(when));
}

/// A receiver that gets one message (the instant it was due) after `delay`.
template <typename Rep, typename Period>
receiver<instant> after(std::chrono::duration<Rep, Period> delay) {
  std::optional<instant> when = detail::deadline_after(delay);
  return at(when ? *when : instant::max());
}

/// A receiver that gets a message every `period`: the instant the tick was
/// due. The first is due one period from now, each next one a period after
/// the previous one was received: missed ticks are not queued.
template <typename Rep, typename Period>
receiver<instant> tick(std::chrono::duration<Rep, Period> period) {
  if (period <= period.zero())
    throw std::invalid_argument("fearless::channel::tick: the period must be positive");
  return receiver<instant>(new detail::tick_flavor(detail::clamped_period(period)));
}

/// A receiver that never gets a message and is never disconnected
/// (never<void>() for a channel without data).
template <typename T>
receiver<T> never() {
  if constexpr (std::is_void_v<T>)
    return receiver<void>(never<unit>());
  else
    return receiver<T>(new detail::never_flavor<T>());
}

}  // namespace fearless::channel

#endif  // FEARLESS_CHANNEL_HPP
