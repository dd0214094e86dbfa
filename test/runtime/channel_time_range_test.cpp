// Timeouts and periods of any std::chrono duration type: narrow
// representations and periods finer than the clock's used to overflow
// (a wait that never timed out, a tick due at once).
#include "fearless/channel.hpp"
#include "fearless/select.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <ratio>
#include <thread>

namespace {

namespace ch = fearless::channel;
using namespace std::chrono_literals;

TEST(ChannelTimeRange, NarrowRepresentationsGiveTheDeadlineAsked) {
  // Whatever the clock's value: the old check cast ~292 years into the
  // caller's type, whose sign then followed bits of the clock.
  for (int round = 0; round < 1000; ++round) {
    const ch::instant before = ch::clock::now();
    const std::optional<ch::instant> nano =
        ch::detail::deadline_after(std::chrono::duration<int, std::nano>(1'000'000));
    const std::optional<ch::instant> milli =
        ch::detail::deadline_after(std::chrono::duration<int, std::milli>(5));
    const ch::instant after = ch::clock::now();
    ASSERT_TRUE(nano.has_value());
    ASSERT_TRUE(milli.has_value());
    EXPECT_GE(*nano, before + 1ms);
    EXPECT_LE(*nano, after + 1ms);
    EXPECT_GE(*milli, before + 5ms);
    EXPECT_LE(*milli, after + 5ms);
  }
}

TEST(ChannelTimeRange, PeriodsFinerThanTheClockDoNotOverflow) {
  const std::chrono::duration<long long, std::pico> thirty_ms(30'000'000'000);
  const ch::instant before = ch::clock::now();
  const std::optional<ch::instant> due = ch::detail::deadline_after(thirty_ms);
  ASSERT_TRUE(due.has_value());
  EXPECT_GE(*due, before + 30ms);
  EXPECT_LE(*due, ch::clock::now() + 30ms);

  auto [tx, rx] = ch::bounded<int>(1);
  const ch::instant start = ch::clock::now();
  EXPECT_TRUE(rx.recv_timeout(thirty_ms).is_timeout());
  EXPECT_GE(ch::clock::now() - start, 30ms);
}

TEST(ChannelTimeRange, TimeoutsBeyondTheClockMeanNoDeadline) {
  EXPECT_FALSE(ch::detail::deadline_after(std::chrono::hours::max()).has_value());
  EXPECT_FALSE(ch::detail::deadline_after(std::chrono::years(1000)).has_value());
  EXPECT_FALSE(ch::detail::deadline_after(std::chrono::duration<double>(1e30)).has_value());
  ch::receiver<ch::instant> never_fires = ch::after(std::chrono::hours::max());
  EXPECT_TRUE(never_fires.try_recv().is_empty());
}

TEST(ChannelTimeRange, TickWithAPeriodBeyondTheClockDoesNotTickAtOnce) {
  ch::receiver<ch::instant> hours_max = ch::tick(std::chrono::hours::max());
  EXPECT_TRUE(hours_max.try_recv().is_empty());
  ch::receiver<ch::instant> centuries = ch::tick(std::chrono::years(300));
  EXPECT_TRUE(centuries.try_recv().is_empty());
  ch::receiver<ch::instant> picos = ch::tick(std::chrono::duration<long long, std::pico>(1));
  std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(picos.try_recv().has_value());  // 1 ps rounds up to 1 ns: due
}

TEST(ChannelTimeRange, SelectTimeoutBranchWithANarrowDurationFires) {
  auto [tx, rx] = ch::bounded<int>(1);
  for (int round = 0; round < 20; ++round) {
    const bool timed_out =
        ch::select(ch::recv(rx, [] { return false; }),
                   ch::timeout(std::chrono::duration<int, std::nano>(1'000'000), [] { return true; }));
    EXPECT_TRUE(timed_out);
  }
}

}  // namespace
