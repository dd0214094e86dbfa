// fearless — what the timer flavors (at, tick, never) share: they have no
// senders, their receive side is driven by the clock, and their send side
// does not exist.
#ifndef FEARLESS_CHANNEL_FLAVORS_TIMER_COMMON_HPP
#define FEARLESS_CHANNEL_FLAVORS_TIMER_COMMON_HPP

#include "fearless/channel/flavor.hpp"

#include <chrono>
#include <optional>
#include <thread>
#include <type_traits>

namespace fearless::channel::detail {

/// Sleeps until the deadline, or forever without one.
inline void sleep_until_or_forever(std::optional<instant> deadline) {
  if (deadline) {
    std::this_thread::sleep_until(*deadline);
    return;
  }
  for (;;)
    std::this_thread::sleep_for(std::chrono::hours(24));
}

/// A receive-only flavor whose messages are produced by the clock.
template <typename T>
class receive_only_flavor : public flavor<T> {
public:
  receive_only_flavor() { this->start_without_senders(); }

  bool try_reserve(side which, token& t) override {
    if constexpr (std::is_same_v<T, instant>) {
      std::optional<T> message;
      if (which == side::sending || this->try_recv(message) != recv_status::received)
        return false;
      t.number = static_cast<std::uint64_t>(message->time_since_epoch().count());
      return true;
    } else {
      return false;  // never<T>: nothing ever arrives
    }
  }
  bool enlist(side which, selection, const std::shared_ptr<context>&) override {
    // Nobody wakes a timer's waiters: select sleeps until next_delivery().
    return which == side::receiving && !this->is_empty();
  }
  void delist(side, selection) override {}
  bool accept(side which, token& t, context&) override { return try_reserve(which, t); }

  bool is_ready(side which) override { return which == side::receiving && !this->is_empty(); }
  // Nobody wakes a timer's observers either: ready() sleeps until next_delivery().
  void watch(side, selection, const std::shared_ptr<context>&) override {}
  void unwatch(side, selection) override {}

  // No senders exist, so the send side is never reached.
  bool write(token&, T&) override { return false; }
  send_status send(T&, std::optional<instant>) override { return send_status::disconnected; }
  send_status try_send(T&) override { return send_status::disconnected; }

protected:
  void disconnect_senders() override {}
  void disconnect_receivers() override {}
};

}  // namespace fearless::channel::detail

#endif  // FEARLESS_CHANNEL_FLAVORS_TIMER_COMMON_HPP
