// fearless — what the channel operations return: the outcome, and the
// message itself (received, or handed back when a send did not happen).
#ifndef FEARLESS_CHANNEL_RESULTS_HPP
#define FEARLESS_CHANNEL_RESULTS_HPP

#include <optional>
#include <stdexcept>
#include <utility>

namespace fearless::channel {

/// How a send ended.
enum class send_status {
  sent,          ///< The message is in the channel (or, rendezvous: taken).
  full,          ///< try_send only: no room and no waiting receiver.
  timeout,       ///< send_timeout/send_deadline: still full at the deadline.
  disconnected,  ///< Every receiver is gone: nobody can ever take it.
};

/// How a receive ended.
enum class recv_status {
  received,      ///< A message was taken.
  empty,         ///< try_recv only: nothing there yet, senders still exist.
  timeout,       ///< recv_timeout/recv_deadline: still empty at the deadline.
  disconnected,  ///< Empty, and every sender is gone: nothing will come.
};

/// The outcome of a send. A message that was not sent is handed back, never
/// dropped: take it with `message()`. Converts to true when sent.
template <typename T>
class [[nodiscard]] send_result {
public:
  static send_result success() { return send_result(send_status::sent, std::nullopt); }
  static send_result failure(send_status status, T&& unsent) {
    return send_result(status, std::optional<T>(std::move(unsent)));
  }

  [[nodiscard]] send_status status() const noexcept { return status_; }
  [[nodiscard]] bool sent() const noexcept { return status_ == send_status::sent; }
  explicit operator bool() const noexcept { return sent(); }
  [[nodiscard]] bool is_full() const noexcept { return status_ == send_status::full; }
  [[nodiscard]] bool is_timeout() const noexcept { return status_ == send_status::timeout; }
  [[nodiscard]] bool is_disconnected() const noexcept {
    return status_ == send_status::disconnected;
  }

  /// The message that was not sent. Throws std::logic_error when it was sent.
  T& message() & { return checked_message(); }
  const T& message() const& { return const_cast<send_result*>(this)->checked_message(); }
  T&& message() && { return std::move(checked_message()); }

private:
  send_result(send_status status, std::optional<T> unsent)
      : status_(status), unsent_(std::move(unsent)) {}

  T& checked_message() {
    if (!unsent_)
      throw std::logic_error(
          "fearless::channel::send_result::message: the message was sent");
    return *unsent_;
  }

  send_status status_;
  std::optional<T> unsent_;
};

/// The outcome of a try_recv/recv_timeout/recv_deadline: a message, or why
/// there is none. Converts to true when a message was received; `*result`
/// and `result->` reach it like std::optional.
template <typename T>
class [[nodiscard]] recv_result {
public:
  static recv_result success(T&& value) { return recv_result(std::move(value)); }
  static recv_result failure(recv_status status) { return recv_result(status); }

  [[nodiscard]] recv_status status() const noexcept { return status_; }
  [[nodiscard]] bool has_value() const noexcept { return status_ == recv_status::received; }
  explicit operator bool() const noexcept { return has_value(); }
  [[nodiscard]] bool is_empty() const noexcept { return status_ == recv_status::empty; }
  [[nodiscard]] bool is_timeout() const noexcept { return status_ == recv_status::timeout; }
  [[nodiscard]] bool is_disconnected() const noexcept {
    return status_ == recv_status::disconnected;
  }

  /// The message. Throws std::logic_error when none was received.
  T& value() & { return checked_value(); }
  const T& value() const& { return const_cast<recv_result*>(this)->checked_value(); }
  T&& value() && { return std::move(checked_value()); }
  T& operator*() & { return checked_value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(checked_value()); }
  T* operator->() { return &checked_value(); }
  const T* operator->() const { return &value(); }

  /// The message as a std::optional (empty when none was received).
  std::optional<T> into_optional() && { return std::move(value_); }

private:
  explicit recv_result(T&& value) : status_(recv_status::received), value_(std::move(value)) {}
  explicit recv_result(recv_status status) : status_(status) {}

  T& checked_value() {
    if (!value_)
      throw std::logic_error(
          "fearless::channel::recv_result::value: no message was received");
    return *value_;
  }

  recv_status status_;
  std::optional<T> value_;
};

}  // namespace fearless::channel

#endif  // FEARLESS_CHANNEL_RESULTS_HPP
