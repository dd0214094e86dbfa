// fearless — exponential backoff for spin loops: spin with the CPU's pause
// hint a little longer each time, then yield the core, then tell the caller
// to stop spinning and block (see channel::detail::context::wait_until).
#ifndef FEARLESS_DETAIL_BACKOFF_HPP
#define FEARLESS_DETAIL_BACKOFF_HPP

#include "fearless/detail/platform.hpp"

#include <thread>

namespace fearless::detail {

class backoff {
public:
  /// After a failed compare-exchange: another thread made progress, retry
  /// soon without giving up the core.
  void spin() noexcept {
    for (unsigned i = 0; i < (1u << (step_ < spin_limit ? step_ : spin_limit)); ++i)
      cpu_relax();
    if (step_ <= spin_limit)
      ++step_;
  }

  /// While waiting for another thread to finish something: spin at first,
  /// then yield so that a preempted peer can run (this machine may have
  /// fewer cores than threads).
  void snooze() noexcept {
    if (step_ <= spin_limit) {
      for (unsigned i = 0; i < (1u << step_); ++i)
        cpu_relax();
    } else {
      std::this_thread::yield();
    }
    if (step_ <= yield_limit)
      ++step_;
  }

  /// True once snoozing has gone on long enough that blocking is cheaper.
  [[nodiscard]] bool is_completed() const noexcept { return step_ > yield_limit; }

private:
  static constexpr unsigned spin_limit = 6;
  static constexpr unsigned yield_limit = 10;
  unsigned step_ = 0;
};

}  // namespace fearless::detail

#endif  // FEARLESS_DETAIL_BACKOFF_HPP
