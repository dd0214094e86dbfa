// CLEAN: the runtime's answer to the article's concurrency examples — scoped
// threads that borrow safely, connected by channels instead of shared
// mutable state, with a select over results, a ticker and a timeout, and
// cancellation by dropping the sender. No fearless check reports anything.
#include <fearless/channel.hpp>
#include <fearless/scope.hpp>
#include <fearless/select.hpp>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace ch = fearless::channel;
using namespace std::chrono_literals;

namespace {

struct order {
  int id;
  int quantity;
};

struct priced {
  int id;
  long cents;
};

/// Stage 1 reads the borrowed order book; stage 2 is a pool of pricing
/// workers; the caller collects. Each stage ends when its input disconnects.
long price_orders(const std::vector<order>& book, long unit_cents) {
  auto [orders_tx, orders_rx] = ch::bounded<order>(8);
  auto [priced_tx, priced_rx] = ch::unbounded<priced>();
  long total = 0;

  fearless::scope([&](fearless::scope_handle& s) {
    // The feeder borrows `book`: fine, the scope outlives it.
    s.spawn([&book, tx = std::move(orders_tx)] {
      for (const order& o : book)
        if (!tx.send(o))
          return;  // every worker is gone
    });             // the last orders sender is dropped here: workers finish

    for (int w = 0; w < 3; ++w)
      s.spawn([rx = orders_rx, tx = priced_tx, unit_cents] {
        for (order o : rx)
          (void)tx.send(priced{o.id, o.quantity * unit_cents});
      });
    priced_tx.reset();  // only the workers send now

    // Collect with a select: results, a progress ticker and a stall timeout.
    auto progress = ch::tick(5ms);
    std::size_t received = 0;
    for (bool open = true; open;) {
      open = ch::select(
          ch::recv(priced_rx,
                   [&](std::optional<priced> p) {
                     if (!p)
                       return false;  // all workers done
                     total += p->cents;
                     ++received;
                     return true;
                   }),
          ch::recv(progress, [&] {
            std::printf("progress: %zu of %zu orders priced\n", received, book.size());
            return true;
          }),
          ch::timeout(2s, [] {
            std::printf("pricing stalled\n");
            return false;
          }));
    }
  });
  return total;
}

/// Cancellation by dropping the sender: the watcher stops as soon as the
/// `stop` channel disconnects, however long its own timer still runs.
void run_until_cancelled() {
  auto [stop_tx, stop_rx] = ch::bounded<int>(0);
  fearless::scope([&](fearless::scope_handle& s) {
    auto watcher = s.spawn([rx = std::move(stop_rx)] {
      int heartbeats = 0;
      auto beat = ch::tick(1ms);
      for (;;) {
        bool stopped = ch::select(ch::recv(rx, [](std::optional<int>) { return true; }),
                                  ch::recv(beat, [&] { ++heartbeats; return false; }));
        if (stopped)
          return heartbeats;
      }
    });
    std::this_thread::sleep_for(10ms);
    stop_tx.reset();  // cancel: the watcher sees the disconnect
    std::printf("watcher cancelled after %s heartbeats\n",
                watcher.join() > 0 ? "some" : "no");
  });
}

}  // namespace

int main() {
  std::vector<order> book;
  for (int i = 1; i <= 1000; ++i)
    book.push_back({i, i % 7 + 1});
  long total = price_orders(book, 250);
  long expected = 0;
  for (const order& o : book)
    expected += o.quantity * 250L;
  std::printf("priced %zu orders: %ld cents (%s)\n", book.size(), total,
              total == expected ? "correct" : "WRONG");
  run_until_cancelled();
  return total == expected ? 0 : 1;
}
