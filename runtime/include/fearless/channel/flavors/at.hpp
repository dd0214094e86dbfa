// fearless — the channel of fearless::channel::after / at: delivers one
// message, the instant it was due, once that instant has come; then stays
// empty forever (it never disconnects).
#ifndef FEARLESS_CHANNEL_FLAVORS_AT_HPP
#define FEARLESS_CHANNEL_FLAVORS_AT_HPP

#include "fearless/channel/flavors/timer_common.hpp"

#include <atomic>

namespace fearless::channel::detail {

class at_flavor final : public receive_only_flavor<instant> {
public:
  explicit at_flavor(instant delivery) : delivery_(delivery) {}

  std::optional<instant> read(token& t) override {
    return instant(clock::duration(static_cast<clock::rep>(t.number)));
  }

  recv_status try_recv(std::optional<instant>& out) override {
    if (received_.load(std::memory_order_relaxed) || clock::now() < delivery_ ||
        received_.exchange(true, std::memory_order_acq_rel))
      return recv_status::empty;
    out = delivery_;
    return recv_status::received;
  }

  recv_status recv(std::optional<instant>& out, std::optional<instant> deadline) override {
    if (!received_.load(std::memory_order_relaxed)) {
      if (deadline && *deadline < delivery_) {
        std::this_thread::sleep_until(*deadline);
        return recv_status::timeout;
      }
      std::this_thread::sleep_until(delivery_);
      if (try_recv(out) == recv_status::received)
        return recv_status::received;
    }
    // Another receiver took the only message.
    sleep_until_or_forever(deadline);
    return recv_status::timeout;
  }

  [[nodiscard]] std::optional<instant> next_delivery() const override {
    if (received_.load(std::memory_order_relaxed))
      return std::nullopt;
    return delivery_;
  }
  [[nodiscard]] std::size_t len() const override { return is_empty() ? 0 : 1; }
  [[nodiscard]] std::optional<std::size_t> capacity() const override { return 1; }
  [[nodiscard]] bool is_empty() const override {
    return received_.load(std::memory_order_relaxed) || clock::now() < delivery_;
  }
  [[nodiscard]] bool is_full() const override { return !is_empty(); }

private:
  const instant delivery_;
  std::atomic<bool> received_{false};
};

}  // namespace fearless::channel::detail

#endif  // FEARLESS_CHANNEL_FLAVORS_AT_HPP
