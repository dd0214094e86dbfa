// CLEAN: the article's "Semaphore Pattern with Channels" — ten workers, at
// most three at work at once. First with fearless::semaphore, whose permits
// give themselves back, then with the article's own channel of permits.
// No fearless check reports anything.
#include <fearless/channel.hpp>
#include <fearless/scope.hpp>
#include <fearless/sync/semaphore.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <thread>
#include <utility>

namespace ch = fearless::channel;
using namespace std::chrono_literals;

namespace {

constexpr int workers = 10;
constexpr int limit = 3;

/// How many workers are inside at once, and the most there ever were.
class concurrency_meter {
public:
  void enter() {
    const int now = inside_.fetch_add(1) + 1;
    int seen = peak_.load();
    while (now > seen && !peak_.compare_exchange_weak(seen, now)) {
    }
  }
  void leave() { inside_.fetch_sub(1); }
  [[nodiscard]] int peak() const { return peak_.load(); }

private:
  std::atomic<int> inside_{0};
  std::atomic<int> peak_{0};
};

void do_work(concurrency_meter& meter) {
  meter.enter();
  std::this_thread::sleep_for(2ms);
  meter.leave();
}

int with_semaphore() {
  fearless::semaphore slots(limit);
  concurrency_meter meter;
  fearless::scope([&](fearless::scope_handle& s) {
    for (int i = 0; i < workers; ++i)
      s.spawn([&] {
        auto permit = slots.acquire();
        do_work(meter);
      });  // the permit goes back here, also if do_work throws
  });
  return meter.peak();
}

/// The article's Semaphore: a channel holding one message per free permit.
/// Acquiring takes a message out (waiting while there is none), releasing
/// puts one back.
class channel_semaphore {
public:
  explicit channel_semaphore(std::size_t permits)
      : channel_semaphore(ch::bounded<void>(permits)) {
    for (std::size_t i = 0; i < permits; ++i)
      (void)permits_.send();
  }
  void acquire() const { (void)acquire_.recv(); }
  void release() const { (void)permits_.send(); }

private:
  explicit channel_semaphore(std::pair<ch::sender<void>, ch::receiver<void>> ends)
      : permits_(std::move(ends.first)), acquire_(std::move(ends.second)) {}

  ch::sender<void> permits_;
  ch::receiver<void> acquire_;
};

int with_channel() {
  const channel_semaphore sem(limit);
  concurrency_meter meter;
  fearless::scope([&](fearless::scope_handle& s) {
    for (int i = 0; i < workers; ++i)
      s.spawn([&] {
        sem.acquire();
        do_work(meter);
        sem.release();
      });
  });
  return meter.peak();
}

bool report(const char* how, int peak) {
  const bool ok = peak >= 1 && peak <= limit;
  std::printf("%s: %d workers, peak concurrency %d of %d (%s)\n", how, workers, peak, limit,
              ok ? "ok" : "LIMIT EXCEEDED");
  return ok;
}

}  // namespace

int main() {
  const bool semaphore_ok = report("semaphore", with_semaphore());
  const bool channel_ok = report("channel semaphore", with_channel());
  return semaphore_ok && channel_ok ? 0 : 1;
}
