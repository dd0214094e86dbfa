// CLEAN: the article's "The Unit Type for Signaling" and "Select for
// Multiple Channels". Channels of bounded<void> carry only the event of a
// send: a start and a done signal, and a gate whose closing releases every
// waiter at once. Then a select_loop over two data channels, a ticker and a
// timer. No fearless check reports anything.
#include <fearless/channel.hpp>
#include <fearless/scope.hpp>
#include <fearless/select.hpp>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace ch = fearless::channel;
using namespace std::chrono_literals;

namespace {

/// Returns true when the done signal came only after the start signal.
bool start_and_done() {
  auto [start_tx, start_rx] = ch::bounded<void>(0);
  auto [done_tx, done_rx] = ch::bounded<void>(0);
  return fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([start = std::move(start_rx), done = std::move(done_tx)] {
      if (!start.recv())
        return;  // nobody will ever start us
      std::this_thread::sleep_for(2ms);
      (void)done.send();
    });
    // The worker waits for the start signal, so nothing can arrive in time.
    const bool early = ch::select(ch::recv(done_rx, [] { return true; }),
                                  ch::timeout(5ms, [] { return false; }));
    std::printf("unit signals: %s\n",
                early ? "done before start (WRONG)" : "no done signal within 5 ms");
    (void)start_tx.send();
    const bool done = done_rx.recv();
    std::printf("unit signals: %s\n", done ? "worker finished" : "worker gone without a signal");
    return !early && done;
  });
}

/// A message reaches one receiver; a disconnection reaches them all.
int released_by_closing(int waiters) {
  auto [gate_tx, gate_rx] = ch::bounded<void>(0);
  return fearless::scope([&](fearless::scope_handle& s) {
    std::vector<fearless::join_handle<bool>> handles;
    for (int i = 0; i < waiters; ++i)
      handles.push_back(s.spawn([gate = gate_rx] { return !gate.recv(); }));
    gate_tx.reset();
    int released = 0;
    for (auto& h : handles)
      released += h.join() ? 1 : 0;
    return released;
  });
}

struct selected {
  std::optional<int> number;
  std::optional<std::string> text;
  bool timed_out = false;
};

/// The article's loop, ended when both senders are gone instead of always
/// waiting out the timer; the timer stays as the bound on a stuck sender.
selected select_over_channels() {
  auto [tx1, rx1] = ch::unbounded<int>();
  auto [tx2, rx2] = ch::unbounded<std::string>();
  const ch::receiver<ch::instant> ticker = ch::tick(1ms);
  const ch::receiver<ch::instant> time_up = ch::after(500ms);
  selected got;
  fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([tx = std::move(tx1)] {
      std::this_thread::sleep_for(3ms);
      (void)tx.send(42);
    });
    s.spawn([tx = std::move(tx2)] {
      std::this_thread::sleep_for(7ms);
      (void)tx.send("Hello");
    });
    int open = 2;
    auto closed = [&open] {
      return --open == 0 ? ch::select_control::break_loop : ch::select_control::continue_loop;
    };
    ch::select_loop(
        ch::recv(rx1, [&](std::optional<int> n) {
          if (!n)
            return closed();
          got.number = n;
          return ch::select_control::continue_loop;
        }),
        ch::recv(rx2, [&](std::optional<std::string> t) {
          if (!t)
            return closed();
          got.text = std::move(t);
          return ch::select_control::continue_loop;
        }),
        ch::recv(ticker, [] {}),  // the article prints "Tick!": how many is up to the scheduler
        ch::recv(time_up, [&] {
          got.timed_out = true;
          return ch::select_control::break_loop;
        }));
  });
  return got;
}

}  // namespace

int main() {
  const bool signalled = start_and_done();
  const int released = released_by_closing(3);
  std::printf("unit signals: %d of 3 waiters released by closing the gate\n", released);
  const selected got = select_over_channels();
  std::printf("select: number %d, string %s, %s\n", got.number.value_or(-1),
              got.text.value_or("(none)").c_str(),
              got.timed_out ? "timed out (WRONG)" : "both senders closed before the timeout");
  return signalled && released == 3 && got.number == 42 && got.text == "Hello" && !got.timed_out
             ? 0
             : 1;
}
