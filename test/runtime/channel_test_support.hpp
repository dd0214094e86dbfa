// What the channel and select suites share: the flavors they run every test
// on, a message type that counts its lives, and timing helpers.
#ifndef FEARLESS_TEST_CHANNEL_TEST_SUPPORT_HPP
#define FEARLESS_TEST_CHANNEL_TEST_SUPPORT_HPP

#include "fearless/channel.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

namespace fearless_test {

using namespace std::chrono_literals;

// A generous upper bound for "returns promptly" (the machine may be loaded
// and the test may run under a sanitizer): it only catches hangs and waits
// for a much longer timeout than the one asked for.
constexpr auto prompt = 2s;

template <typename F>
fearless::channel::clock::duration time_of(F&& f) {
  const fearless::channel::instant start = fearless::channel::clock::now();
  std::forward<F>(f)();
  return fearless::channel::clock::now() - start;
}

/// A message that counts its live objects and notices being destroyed (or
/// moved from) after it was destroyed. Nothrow-movable, not copyable.
class tracked {
public:
  static inline std::atomic<long> live{0};
  static inline std::atomic<long> faults{0};

  explicit tracked(int value) noexcept : value_(value) { live.fetch_add(1); }
  tracked(tracked&& other) noexcept : value_(other.value_) {
    other.check();
    other.value_ = moved_from;
    live.fetch_add(1);
  }
  tracked& operator=(tracked&& other) noexcept {
    check();
    other.check();
    value_ = std::exchange(other.value_, moved_from);
    return *this;
  }
  tracked(const tracked&) = delete;
  tracked& operator=(const tracked&) = delete;
  ~tracked() {
    check();
    // An atomic store survives the compiler's dead-store elimination at the
    // end of the object's lifetime, so a second destructor call sees it.
    state_.store(dead, std::memory_order_relaxed);
    live.fetch_sub(1);
    if (value_ >= 0 && value_ < max_counted)
      ends[value_].fetch_add(1);  // a message (not a moved-from shell) ends
  }

  [[nodiscard]] int value() const noexcept { return value_; }

  static constexpr int moved_from = -1;

  /// How many times the message with each value ended (for values below
  /// max_counted): exactly once if it was neither lost nor duplicated.
  static constexpr int max_counted = 4096;
  static inline std::array<std::atomic<int>, max_counted> ends{};
  static void reset_ends() {
    for (auto& e : ends)
      e.store(0);
  }

private:
  static constexpr std::uint32_t alive = 0xA11CE;
  static constexpr std::uint32_t dead = 0xDEAD;
  void check() const noexcept {
    if (state_.load(std::memory_order_relaxed) != alive)
      faults.fetch_add(1);
  }
  int value_;
  std::atomic<std::uint32_t> state_{alive};
};

/// The flavors a parameterized test runs on.
enum class kind { zero, bounded1, bounded8, unbounded };

inline std::string kind_name(const ::testing::TestParamInfo<kind>& info) {
  switch (info.param) {
  case kind::zero: return "Zero";
  case kind::bounded1: return "Bounded1";
  case kind::bounded8: return "Bounded8";
  case kind::unbounded: return "Unbounded";
  }
  return "Unknown";
}

template <typename T>
std::pair<fearless::channel::sender<T>, fearless::channel::receiver<T>> make_channel(kind k) {
  namespace ch = fearless::channel;
  switch (k) {
  case kind::zero: return ch::bounded<T>(0);
  case kind::bounded1: return ch::bounded<T>(1);
  case kind::bounded8: return ch::bounded<T>(8);
  case kind::unbounded: return ch::unbounded<T>();
  }
  return ch::unbounded<T>();
}

/// Destroys a handle (or a container of them) now, through its destructor.
template <typename Handle>
void drop(Handle& handle) {
  Handle gone = std::move(handle);
}

}  // namespace fearless_test

#endif  // FEARLESS_TEST_CHANNEL_TEST_SUPPORT_HPP
