// fearless — the channel of fearless::channel::never<T>(): never delivers,
// never disconnects. Useful to switch a select branch off.
#ifndef FEARLESS_CHANNEL_FLAVORS_NEVER_HPP
#define FEARLESS_CHANNEL_FLAVORS_NEVER_HPP

#include "fearless/channel/flavors/timer_common.hpp"

namespace fearless::channel::detail {

template <typename T>
class never_flavor final : public receive_only_flavor<T> {
public:
  std::optional<T> read(token&) override { return std::nullopt; }
  recv_status try_recv(std::optional<T>&) override { return recv_status::empty; }
  recv_status recv(std::optional<T>&, std::optional<instant> deadline) override {
    sleep_until_or_forever(deadline);
    return recv_status::timeout;
  }
  [[nodiscard]] std::size_t len() const override { return 0; }
  [[nodiscard]] std::optional<std::size_t> capacity() const override { return 0; }
  [[nodiscard]] bool is_empty() const override { return true; }
  [[nodiscard]] bool is_full() const override { return true; }
};

}  // namespace fearless::channel::detail

#endif  // FEARLESS_CHANNEL_FLAVORS_NEVER_HPP
