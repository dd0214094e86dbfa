// CLEAN: the article's "Pattern 3: Cancellation Without Context". With
// fearless::try_scope the first worker to fail cancels the scope's token:
// one worker polls token.cancelled(), another selects on token.done(), and
// try_scope rethrows the failure once both have stopped. Then the article's
// own form: closing a channel that never carries a message stops every
// worker selecting on it. No fearless check reports anything.
#include <fearless/cancellation.hpp>
#include <fearless/channel.hpp>
#include <fearless/scope.hpp>
#include <fearless/select.hpp>
#include <fearless/try_scope.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <thread>
#include <vector>

namespace ch = fearless::channel;
using namespace std::chrono_literals;

namespace {

/// Returns how many of the two other workers saw the cancellation, and
/// prints the failure that caused it.
int first_failure_cancels_the_rest() {
  std::atomic<int> stopped{0};
  try {
    fearless::try_scope([&](fearless::try_scope_handle& s) {
      s.spawn([] {
        std::this_thread::sleep_for(3ms);
        throw std::runtime_error("record 7 is corrupt");
      });
      s.spawn([&stopped](const fearless::cancellation_token& token) {
        while (!token.cancelled())
          std::this_thread::sleep_for(1ms);  // a step of work between two polls
        ++stopped;
      });
      s.spawn([&stopped](const fearless::cancellation_token& token) {
        const ch::receiver<ch::instant> ticker = ch::tick(1ms);
        ch::select_loop(ch::recv(ticker, [] {}),
                        ch::recv(token.done(), [] { return ch::select_control::break_loop; }));
        ++stopped;
      });
    });
    std::printf("try_scope: no worker failed\n");
  } catch (const std::runtime_error& e) {
    std::printf("try_scope failed: %s\n", e.what());
  }
  return stopped.load();
}

/// The article's worker: works a step per tick until its shutdown channel
/// is closed.
void worker(const ch::receiver<void>& shutdown) {
  const ch::receiver<ch::instant> ticker = ch::tick(1ms);
  for (bool running = true; running;)
    ch::select(ch::recv(shutdown, [&] { running = false; }), ch::recv(ticker, [] {}));
}

/// Returns how many workers returned after the close.
int closing_a_channel_stops_every_worker() {
  auto [shutdown_tx, shutdown_rx] = ch::bounded<void>(0);
  return fearless::scope([&](fearless::scope_handle& s) {
    std::vector<fearless::join_handle<void>> workers;
    for (int i = 0; i < 3; ++i)
      workers.push_back(s.spawn([rx = shutdown_rx] { worker(rx); }));
    std::this_thread::sleep_for(5ms);
    shutdown_tx.reset();  // nothing is ever sent: the disconnection wakes all three
    int returned = 0;
    for (auto& w : workers) {
      w.join();
      ++returned;
    }
    return returned;
  });
}

}  // namespace

int main() {
  const int cancelled = first_failure_cancels_the_rest();
  std::printf("try_scope: %d of 2 workers stopped on cancellation\n", cancelled);
  const int shut_down = closing_a_channel_stops_every_worker();
  std::printf("shutdown channel closed: %d of 3 workers stopped\n", shut_down);
  return cancelled == 2 && shut_down == 3 ? 0 : 1;
}
