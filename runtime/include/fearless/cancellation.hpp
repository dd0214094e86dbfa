// fearless — cancellation: one side asks work to stop, the other side
// polls for it or waits on it, in select too (Go's context.Done()).
//
//   fearless::cancellation_source stop;
//   fearless::scope([&](fearless::scope_handle& s) {
//     s.spawn([token = stop.token(), &jobs] {
//       for (;;) {
//         bool go_on = true;
//         fearless::channel::select(
//             fearless::channel::recv(jobs, [&](std::optional<job> j) { go_on = j && run(*j); }),
//             fearless::channel::recv(token.done(), [&] { go_on = false; }));
//         if (!go_on) return;
//       }
//     });
//     ...
//     stop.cancel();
//   });
//
// A token's done() is a receiver<void> that no one sends on: cancel() drops
// its only sender, so it disconnects, which wakes every recv, select and
// selector waiting on it, for ever after — exactly Go's closed Done channel.
// A source made from a parent token is cancelled with the parent too.
#ifndef FEARLESS_CANCELLATION_HPP
#define FEARLESS_CANCELLATION_HPP

#include "fearless/annotations.hpp"
#include "fearless/channel.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace fearless {

namespace detail {

/// What a source and its tokens share.
struct FEARLESS_SYNC cancellation_state {
  cancellation_state() {
    auto [tx, rx] = channel::unbounded<void>();
    done_sender.emplace(std::move(tx));
    done.emplace(std::move(rx));
  }

  void cancel() noexcept {
    std::vector<std::weak_ptr<cancellation_state>> to_cancel;
    {
      std::lock_guard lock(mutex);
      if (cancelled.exchange(true, std::memory_order_release))
        return;
      done_sender.reset();  // disconnects done: wakes every waiter
      to_cancel.swap(children);
    }
    for (auto& weak : to_cancel)
      if (auto child = weak.lock())
        child->cancel();
  }

  /// Links a child: cancelled now if this is, or when this is.
  void adopt(const std::shared_ptr<cancellation_state>& child) {
    {
      std::lock_guard lock(mutex);
      if (!cancelled.load(std::memory_order_relaxed)) {
        std::erase_if(children, [](const auto& weak) { return weak.expired(); });
        children.push_back(child);
        return;
      }
    }
    child->cancel();
  }

  std::atomic<bool> cancelled{false};
  std::mutex mutex;
  std::optional<channel::sender<void>> done_sender;            // guarded by mutex
  std::vector<std::weak_ptr<cancellation_state>> children;     // guarded by mutex
  std::optional<channel::receiver<void>> done;                 // set once, then read-only
};

}  // namespace detail

/// The observing side: cheap to copy, safe to use from any thread.
class FEARLESS_SYNC cancellation_token {
public:
  cancellation_token(const cancellation_token&) = default;
  cancellation_token& operator=(const cancellation_token&) = default;
  /// A "move" copies: a token stays usable after being moved from (it only
  /// observes, so there is nothing to hand over), where an empty one would
  /// have to be checked on every call.
  cancellation_token(cancellation_token&& other) noexcept : state_(other.state_) {}
  cancellation_token& operator=(cancellation_token&& other) noexcept {
    state_ = other.state_;
    return *this;
  }

  /// True once the source was cancelled (an acquire load: what the
  /// canceller wrote before cancel() is visible after a true).
  [[nodiscard]] bool cancelled() const noexcept {
    return state_->cancelled.load(std::memory_order_acquire);
  }

  /// A channel that disconnects when the source is cancelled, to wait on in
  /// select or a selector: recv(token.done(), handler) runs once cancelled.
  /// Never carries a message.
  [[nodiscard]] const channel::receiver<void>& done() const noexcept { return *state_->done; }

  /// Waits until cancelled.
  void wait() const { (void)done().recv(); }

  /// Waits until cancelled, at most `timeout`; true if cancelled.
  template <typename Rep, typename Period>
  bool wait_for(std::chrono::duration<Rep, Period> timeout) const {
    return done().recv_timeout(timeout).is_disconnected();
  }

private:
  friend class cancellation_source;
  explicit cancellation_token(std::shared_ptr<detail::cancellation_state> state) noexcept
      : state_(std::move(state)) {}

  std::shared_ptr<detail::cancellation_state> state_;
};

/// The cancelling side. Not copyable (one owner decides), movable.
class FEARLESS_SYNC cancellation_source {
public:
  cancellation_source() : state_(std::make_shared<detail::cancellation_state>()) {}

  /// A source cancelled by cancel(), and also whenever `parent`'s source is
  /// (Go's context.WithCancel(parent)).
  explicit cancellation_source(const cancellation_token& parent) : cancellation_source() {
    parent.state_->adopt(state_);
  }

  cancellation_source(cancellation_source&&) noexcept = default;
  cancellation_source& operator=(cancellation_source&&) noexcept = default;
  cancellation_source(const cancellation_source&) = delete;
  cancellation_source& operator=(const cancellation_source&) = delete;

  /// A token observing this source; valid after the source is gone.
  [[nodiscard]] cancellation_token token() const { return cancellation_token(state()); }

  /// Cancels this source and every source made from its tokens; idempotent,
  /// from any thread.
  void cancel() { state()->cancel(); }

  [[nodiscard]] bool cancelled() const {
    return state()->cancelled.load(std::memory_order_acquire);
  }

private:
  /// A moved-from source has no state: using it is a logic error, reported
  /// as one rather than as a null dereference.
  const std::shared_ptr<detail::cancellation_state>& state() const {
    if (!state_)
      throw_moved_from();
    return state_;
  }
  [[noreturn]] static void throw_moved_from();

  std::shared_ptr<detail::cancellation_state> state_;
};

inline void cancellation_source::throw_moved_from() {
  throw std::logic_error("fearless::cancellation_source: used after it was moved from");
}

}  // namespace fearless

#endif  // FEARLESS_CANCELLATION_HPP
