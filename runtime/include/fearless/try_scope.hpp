// fearless — try_scope: a scope whose first failing thread cancels the
// others, and which rethrows that first failure once every thread has
// joined (Go's errgroup.WithContext; Rust's thread::scope with a shared
// stop flag).
//
//   std::vector<page> pages(urls.size());
//   fearless::try_scope([&](fearless::try_scope_handle& s) {
//     for (std::size_t i = 0; i < urls.size(); ++i)
//       s.spawn([&, i](const fearless::cancellation_token& token) {
//         pages[i] = fetch(urls[i], token);  // polls token.cancelled(), or selects on token.done()
//       });
//   });  // the first fetch that threw is rethrown here, the others were cancelled
//
// The rules are fearless::scope's (every thread is joined before try_scope
// returns; borrows from outside the scope are safe), plus:
//   - a spawned callable may take a `const cancellation_token&` (or a token
//     by value); it is cancelled when a spawned thread throws, when the body
//     throws, when s.cancel() is called, and when try_scope returns;
//   - the exception try_scope rethrows is the first to be thrown in time
//     (not in spawn order) among those nobody took through join(), so the
//     cause is reported, not the cancellations it caused;
//   - an exception taken through join() still cancels the others.
#ifndef FEARLESS_TRY_SCOPE_HPP
#define FEARLESS_TRY_SCOPE_HPP

#include "fearless/annotations.hpp"
#include "fearless/cancellation.hpp"
#include "fearless/scope.hpp"

#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

namespace fearless {

/// Spawns threads that the enclosing fearless::try_scope joins, and holds
/// the scope's cancellation. Thread-safe, like scope_handle.
class FEARLESS_SYNC try_scope_handle final : private detail::scope_failure_listener {
public:
  try_scope_handle(const try_scope_handle&) = delete;
  try_scope_handle& operator=(const try_scope_handle&) = delete;

  /// Starts f on a new thread, as scope_handle::spawn does. If f accepts a
  /// cancellation_token it is called with the scope's token.
  template <typename F>
  auto spawn(F&& f) {
    using callable = std::decay_t<F>;
    if constexpr (std::is_invocable_v<callable&, const cancellation_token&>) {
      return handle_.spawn([fn = callable(std::forward<F>(f)), token = source_.token()]() mutable {
        return fn(std::as_const(token));
      });
    } else {
      static_assert(std::is_invocable_v<callable&>,
                    "fearless::try_scope_handle::spawn: the callable takes no argument or a "
                    "const fearless::cancellation_token&");
      return handle_.spawn(std::forward<F>(f));
    }
  }

  /// The scope's token, for work that is not spawned through the handle.
  [[nodiscard]] cancellation_token token() const { return source_.token(); }

  /// Cancels the scope's token now (a result was found, a user gave up);
  /// the scope still joins every thread.
  void cancel() { source_.cancel(); }

private:
  template <typename F>
  friend auto try_scope(F&& body) -> std::invoke_result_t<F&, try_scope_handle&>;
  template <typename F>
  friend auto try_scope(const cancellation_token& parent, F&& body)
      -> std::invoke_result_t<F&, try_scope_handle&>;

  try_scope_handle() = default;
  explicit try_scope_handle(const cancellation_token& parent) : source_(parent) {}

  void thread_failed() noexcept override { source_.cancel(); }

  /// Joins everything; the first exception in time nobody took, or null.
  std::exception_ptr finish() noexcept {
    std::exception_ptr error = handle_.join_all(scope_handle::first_by::failure_time);
    source_.cancel();
    return error;
  }

  template <typename F>
  auto run(F& body) -> std::invoke_result_t<F&, try_scope_handle&> {
    using R = std::invoke_result_t<F&, try_scope_handle&>;
    std::optional<std::conditional_t<std::is_void_v<R>, char, R>> result;
    try {
      if constexpr (std::is_void_v<R>)
        body(*this);
      else
        result.emplace(body(*this));
    } catch (...) {
      source_.cancel();
      finish();
      throw;
    }
    if (std::exception_ptr error = finish())
      std::rethrow_exception(error);
    if constexpr (!std::is_void_v<R>)
      return std::move(*result);
  }

  cancellation_source source_;
  scope_handle handle_{this};  // after source_: its threads use the source
};

/// Runs body(handle) and joins every thread spawned through the handle
/// before returning body's result. If a thread throws, the scope's token is
/// cancelled at once; once all threads are joined, the first exception
/// thrown (in time) that nobody took through join() is rethrown. If the
/// body throws, the token is cancelled, the threads are joined and the
/// body's exception propagates.
template <typename F>
auto try_scope(F&& body) -> std::invoke_result_t<F&, try_scope_handle&> {
  try_scope_handle handle;
  return handle.run(body);
}

/// try_scope whose token is also cancelled when `parent` is: a try_scope
/// inside work that can itself be cancelled.
template <typename F>
auto try_scope(const cancellation_token& parent, F&& body)
    -> std::invoke_result_t<F&, try_scope_handle&> {
  try_scope_handle handle(parent);
  return handle.run(body);
}

}  // namespace fearless

#endif  // FEARLESS_TRY_SCOPE_HPP
