// fearless — the channel of fearless::channel::tick: delivers the instant
// each period elapsed. A tick not received is not queued: the next one is
// due one period after the last one was received, so a slow receiver sees
// fewer ticks rather than a burst.
#ifndef FEARLESS_CHANNEL_FLAVORS_TICK_HPP
#define FEARLESS_CHANNEL_FLAVORS_TICK_HPP

#include "fearless/channel/flavors/timer_common.hpp"

#include <atomic>

namespace fearless::channel::detail {

class tick_flavor final : public receive_only_flavor<instant> {
public:
  explicit tick_flavor(clock::duration period)
      : period_(period), next_(to_rep(clock::now() + period)) {}

  std::optional<instant> read(token& t) override {
    return instant(clock::duration(static_cast<clock::rep>(t.number)));
  }

  recv_status try_recv(std::optional<instant>& out) override {
    for (;;) {
      const instant now = clock::now();
      clock::rep due = next_.load(std::memory_order_acquire);
      if (now < from_rep(due))
        return recv_status::empty;
      if (next_.compare_exchange_weak(due, to_rep(now + period_), std::memory_order_acq_rel)) {
        out = from_rep(due);
        return recv_status::received;
      }
    }
  }

  recv_status recv(std::optional<instant>& out, std::optional<instant> deadline) override {
    for (;;) {
      const instant due = from_rep(next_.load(std::memory_order_acquire));
      if (deadline && *deadline < due) {
        std::this_thread::sleep_until(*deadline);
        return recv_status::timeout;
      }
      std::this_thread::sleep_until(due);
      if (try_recv(out) == recv_status::received)
        return recv_status::received;
    }
  }

  [[nodiscard]] std::optional<instant> next_delivery() const override {
    return from_rep(next_.load(std::memory_order_acquire));
  }
  [[nodiscard]] std::size_t len() const override { return is_empty() ? 0 : 1; }
  [[nodiscard]] std::optional<std::size_t> capacity() const override { return 1; }
  [[nodiscard]] bool is_empty() const override {
    return clock::now() < from_rep(next_.load(std::memory_order_acquire));
  }
  [[nodiscard]] bool is_full() const override { return !is_empty(); }

private:
  static clock::rep to_rep(instant t) noexcept { return t.time_since_epoch().count(); }
  static instant from_rep(clock::rep r) noexcept { return instant(clock::duration(r)); }

  const clock::duration period_;
  std::atomic<clock::rep> next_;
};

}  // namespace fearless::channel::detail

#endif  // FEARLESS_CHANNEL_FLAVORS_TICK_HPP
