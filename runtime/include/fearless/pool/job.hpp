// fearless — what the pool runs: a job is a function pointer plus whatever
// the concrete job type keeps beside it. Jobs live on the stack of the thread
// that waits for them (join, install), so the pool never allocates one.
#ifndef FEARLESS_POOL_JOB_HPP
#define FEARLESS_POOL_JOB_HPP

#include <exception>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace fearless::pool_detail {

struct job {
  /// Runs the job on the thread that stole or was given it; `migrated` says
  /// whether that is another thread than the one that pushed it.
  void (*execute)(job* self, bool migrated) noexcept;
};

/// The value a callable returned, with void mapped to std::monostate so that
/// every result can be stored and returned the same way.
template <typename F, typename... Args>
using result_of_t = std::conditional_t<std::is_void_v<std::invoke_result_t<F&, Args...>>,
                                       std::monostate, std::invoke_result_t<F&, Args...>>;

template <typename F, typename... Args>
result_of_t<F, Args...> invoke_to_value(F& f, Args&&... args) {
  if constexpr (std::is_void_v<std::invoke_result_t<F&, Args...>>) {
    f(std::forward<Args>(args)...);
    return std::monostate{};
  } else {
    return f(std::forward<Args>(args)...);
  }
}

/// A callable's outcome: its value or the exception it threw.
template <typename R>
class job_result {
public:
  template <typename F, typename... Args>
  void run(F& f, Args&&... args) noexcept {
    try {
      value_.emplace(invoke_to_value(f, std::forward<Args>(args)...));
    } catch (...) {
      error_ = std::current_exception();
    }
  }
  [[nodiscard]] bool failed() const noexcept { return error_ != nullptr; }
  void rethrow_if_failed() const {
    if (error_)
      std::rethrow_exception(error_);
  }
  /// The value; rethrows the callable's exception instead if it threw.
  R take() {
    rethrow_if_failed();
    return std::move(*value_);
  }

private:
  std::optional<R> value_;
  std::exception_ptr error_;
};

}  // namespace fearless::pool_detail

#endif  // FEARLESS_POOL_JOB_HPP
