// The channel idioms, written the way a user writes them with
// fearless::scope + channels: a pipeline of stages ending by disconnect, a
// worker pool, cancellation (by dropping the sender, and by a cancel channel
// checked with select), a semaphore over a bounded channel, and a select
// over two channels, a ticker and a timeout.
#include "fearless/channel.hpp"
#include "fearless/scope.hpp"
#include "fearless/select.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

namespace ch = fearless::channel;
using namespace std::chrono_literals;

// --- a pipeline -------------------------------------------------------------------

TEST(ChannelExamples, PipelineOfScopedStagesEndsByDisconnect) {
  // numbers -> squares -> sum; each stage ends when its input disconnects,
  // and its end drops its output's sender, which ends the next stage.
  const long total = fearless::scope([](fearless::scope_handle& s) {
    auto [numbers_tx, numbers_rx] = ch::bounded<int>(4);
    auto [squares_tx, squares_rx] = ch::bounded<long>(0);
    s.spawn([tx = std::move(numbers_tx)]() mutable {
      for (int i = 1; i <= 1000; ++i)
        if (!tx.send(i))
          return;  // nobody listens any more
    });
    s.spawn([rx = std::move(numbers_rx), tx = std::move(squares_tx)]() mutable {
      for (int n : rx)
        if (!tx.send(static_cast<long>(n) * n))
          return;
    });
    long sum = 0;
    for (long square : squares_rx)
      sum += square;
    return sum;
  });
  EXPECT_EQ(total, 1000L * 1001 * 2001 / 6);
}

TEST(ChannelExamples, PipelineWithAParallelStage) {
  // lines -> (3 parsers sharing one input) -> collector. The parsers' output
  // senders are copies: the collector ends when the last parser is done.
  std::vector<int> collected = fearless::scope([](fearless::scope_handle& s) {
    auto [lines_tx, lines_rx] = ch::unbounded<std::string>();
    auto [values_tx, values_rx] = ch::bounded<int>(8);
    s.spawn([tx = std::move(lines_tx)]() mutable {
      for (int i = 0; i < 300; ++i)
        if (!tx.send(std::to_string(i)))
          return;
    });
    for (int p = 0; p < 3; ++p)
      s.spawn([rx = lines_rx, tx = values_tx]() mutable {
        for (const std::string& line : rx)
          if (!tx.send(std::stoi(line)))
            return;
      });
    // Drop the body's own copies, or the stages would never see disconnect.
    { auto gone = std::move(lines_rx); }
    { auto gone = std::move(values_tx); }
    std::vector<int> values;
    for (int v : values_rx)
      values.push_back(v);
    return values;
  });
  std::sort(collected.begin(), collected.end());
  ASSERT_EQ(collected.size(), 300u);
  for (int i = 0; i < 300; ++i)
    EXPECT_EQ(collected[static_cast<std::size_t>(i)], i);
}

// --- a worker pool ----------------------------------------------------------------

struct job {
  int id;
  int input;
};
struct outcome {
  int id;
  int worker;
  long output;
};

TEST(ChannelExamples, WorkerPool) {
  constexpr int workers = 4;
  constexpr int jobs = 1000;
  std::vector<int> done_by(jobs, -1);
  std::vector<long> output(jobs, 0);
  fearless::scope([&](fearless::scope_handle& s) {
    auto [jobs_tx, jobs_rx] = ch::bounded<job>(16);
    auto [results_tx, results_rx] = ch::bounded<outcome>(16);
    for (int w = 0; w < workers; ++w)
      s.spawn([w, rx = jobs_rx, tx = results_tx]() mutable {
        for (const job& j : rx)
          if (!tx.send(outcome{j.id, w, static_cast<long>(j.input) * 3}))
            return;
      });
    { auto gone = std::move(jobs_rx); }
    { auto gone = std::move(results_tx); }
    // Feed from another thread: with both channels bounded, a body that
    // first sends everything and then collects could block forever.
    s.spawn([tx = std::move(jobs_tx)]() mutable {
      for (int i = 0; i < jobs; ++i)
        if (!tx.send(job{i, i + 1}))
          return;
    });  // its end closes the job queue; the workers then end, closing results
    for (const outcome& r : results_rx) {
      ASSERT_GE(r.id, 0);
      ASSERT_LT(r.id, jobs);
      EXPECT_EQ(done_by[static_cast<std::size_t>(r.id)], -1) << "job " << r.id << " done twice";
      done_by[static_cast<std::size_t>(r.id)] = r.worker;
      output[static_cast<std::size_t>(r.id)] = r.output;
    }
  });
  for (int i = 0; i < jobs; ++i) {
    EXPECT_GE(done_by[static_cast<std::size_t>(i)], 0) << "job " << i << " never done";
    EXPECT_EQ(output[static_cast<std::size_t>(i)], 3L * (i + 1));
  }
}

// --- cancellation -----------------------------------------------------------------

TEST(ChannelExamples, WorkersStopWhenTheSenderIsDropped) {
  std::atomic<int> processed{0};
  std::atomic<int> stopped{0};
  fearless::scope([&](fearless::scope_handle& s) {
    auto [tx, rx] = ch::bounded<int>(0);
    for (int w = 0; w < 3; ++w)
      s.spawn([&, rx = rx]() mutable {
        for (int unit : rx)
          processed += unit;
        ++stopped;  // the channel disconnected: no more work will come
      });
    for (int i = 0; i < 10; ++i)
      ASSERT_TRUE(tx.send(1));
    { auto cancel = std::move(tx); }  // cancels every worker at once
  });
  EXPECT_EQ(processed.load(), 10);
  EXPECT_EQ(stopped.load(), 3);
}

struct cancelled {};  // the cancel channel's message type: none is ever sent

TEST(ChannelExamples, CancelChannelCheckedWithSelect) {
  // The work channel stays open; the workers stop because the cancel
  // channel disconnects (dropping its only sender is a broadcast: every
  // worker's cancel branch becomes ready at once).
  std::atomic<int> processed{0};
  std::atomic<int> stopped{0};
  auto [work_tx, work_rx] = ch::unbounded<int>();
  fearless::scope([&](fearless::scope_handle& s) {
    auto [cancel_tx, cancel_rx] = ch::bounded<cancelled>(0);
    auto [acks_tx, acks_rx] = ch::unbounded<int>();
    for (int w = 0; w < 3; ++w)
      s.spawn([&, w, work = work_rx, cancel = cancel_rx, acks = acks_tx]() mutable {
        bool running = true;
        while (running)
          ch::select(ch::recv(work,
                              [&](std::optional<int> unit) {
                                if (!unit) {
                                  running = false;
                                  return;
                                }
                                processed += *unit;
                                (void)acks.send(w);
                              }),
                     ch::recv(cancel, [&] { running = false; }));
        ++stopped;
      });
    for (int i = 0; i < 20; ++i)
      ASSERT_TRUE(work_tx.send(1));
    for (int i = 0; i < 20; ++i)  // the work is done...
      ASSERT_TRUE(acks_rx.recv_timeout(10s));
    EXPECT_EQ(stopped.load(), 0) << "a worker stopped before the cancel";
    { auto cancel = std::move(cancel_tx); }  // ...now cancel; the work channel is still open
  });
  EXPECT_EQ(stopped.load(), 3);
  EXPECT_EQ(processed.load(), 20);
  EXPECT_TRUE(work_rx.try_recv().is_empty()) << "the work channel is still connected";
}

TEST(ChannelExamples, CancelInterruptsAnEndlessProducer) {
  // A producer that would run forever checks a cancel channel in the same
  // select as its send.
  int sent = 0;
  fearless::scope([&](fearless::scope_handle& s) {
    auto [out_tx, out_rx] = ch::bounded<int>(1);
    auto [cancel_tx, cancel_rx] = ch::bounded<cancelled>(0);
    s.spawn([&, tx = std::move(out_tx), cancel = std::move(cancel_rx)]() mutable {
      for (bool running = true; running;)
        ch::select(ch::send(tx, sent,
                            [&](ch::send_result<int> r) {
                              // Check the result: once the consumer is gone
                              // the send branch is "ready" with a failure.
                              if (r)
                                ++sent;
                              else
                                running = false;
                            }),
                   ch::recv(cancel, [&] { running = false; }));
    });
    for (int i = 0; i < 5; ++i)
      EXPECT_EQ(out_rx.recv(), std::optional<int>(i));
    { auto cancel = std::move(cancel_tx); }
  });
  EXPECT_GE(sent, 5);
  EXPECT_LE(sent, 6);  // 5 received, at most one more queued
}

// --- a semaphore over a bounded channel ------------------------------------------

/// At most `permits` holders at once: acquire sends a token into a channel of
/// that capacity (blocking while it is full), release takes one out.
class semaphore {
public:
  explicit semaphore(std::size_t permits) : semaphore(ch::bounded<token>(permits)) {}

  void acquire() {
    if (!tokens_tx_.send(token{}))
      throw std::logic_error("semaphore: channel disconnected");
  }
  bool try_acquire() { return tokens_tx_.try_send(token{}).sent(); }
  void release() {
    if (!tokens_rx_.try_recv())
      throw std::logic_error("semaphore: release without acquire");
  }
  [[nodiscard]] std::size_t in_use() const { return tokens_rx_.len(); }

private:
  struct token {};
  explicit semaphore(std::pair<ch::sender<token>, ch::receiver<token>> channel)
      : tokens_tx_(std::move(channel.first)), tokens_rx_(std::move(channel.second)) {}
  ch::sender<token> tokens_tx_;
  ch::receiver<token> tokens_rx_;
};

TEST(ChannelExamples, SemaphoreAdmitsExactlyItsPermitsAtOnce) {
  constexpr int permits = 3;
  semaphore sem(permits);
  std::atomic<int> inside{0};
  std::atomic<bool> all_inside_together{true};
  fearless::scope([&](fearless::scope_handle& s) {
    for (int i = 0; i < permits; ++i)
      s.spawn([&] {
        sem.acquire();
        ++inside;
        // Every permit holder waits until all of them are in: this only
        // finishes if the semaphore really admits `permits` threads at once.
        const auto give_up = ch::clock::now() + 10s;
        while (inside.load() < permits) {
          if (ch::clock::now() > give_up) {
            all_inside_together = false;
            break;
          }
          std::this_thread::yield();
        }
      });
  });
  EXPECT_TRUE(all_inside_together.load());
  EXPECT_EQ(sem.in_use(), static_cast<std::size_t>(permits));
  EXPECT_FALSE(sem.try_acquire()) << "a permit beyond the capacity was granted";
  sem.release();
  EXPECT_TRUE(sem.try_acquire());
  for (int i = 0; i < permits; ++i)
    sem.release();
  EXPECT_EQ(sem.in_use(), 0u);
  EXPECT_THROW(sem.release(), std::logic_error);
}

TEST(ChannelExamples, SemaphoreNeverAdmitsMoreThanItsPermits) {
  constexpr int permits = 2;
  constexpr int threads = 6;
  semaphore sem(permits);
  std::atomic<int> inside{0};
  std::atomic<int> most_inside{0};
  std::atomic<int> entries{0};
  fearless::scope([&](fearless::scope_handle& s) {
    for (int t = 0; t < threads; ++t)
      s.spawn([&] {
        for (int i = 0; i < 100; ++i) {
          sem.acquire();
          const int now = ++inside;
          int seen = most_inside.load();
          while (now > seen && !most_inside.compare_exchange_weak(seen, now)) {
          }
          ++entries;
          if (i % 10 == 0)
            std::this_thread::sleep_for(100us);  // hold it a while sometimes
          --inside;
          sem.release();
        }
      });
  });
  EXPECT_EQ(entries.load(), threads * 100);
  EXPECT_LE(most_inside.load(), permits);
  EXPECT_GE(most_inside.load(), 1);
}

// --- select over two channels, a ticker and a timeout -----------------------------

TEST(ChannelExamples, SelectOverTwoChannelsATickerAndADeadline) {
  constexpr int per_producer = 20;
  int from_fast = 0;
  int from_slow = 0;
  int ticks = 0;
  fearless::scope([&](fearless::scope_handle& s) {
    auto [fast_tx, fast_rx] = ch::unbounded<int>();
    auto [slow_tx, slow_rx] = ch::bounded<int>(0);
    s.spawn([tx = std::move(fast_tx)]() mutable {
      for (int i = 0; i < per_producer; ++i)
        ASSERT_TRUE(tx.send(i));
    });
    s.spawn([tx = std::move(slow_tx)]() mutable {
      for (int i = 0; i < per_producer; ++i) {
        std::this_thread::sleep_for(2ms);  // a slow source
        ASSERT_TRUE(tx.send(i));
      }
    });
    ch::receiver<ch::instant> ticker = ch::tick(10ms);
    const ch::receiver<int> closed = ch::never<int>();  // switches a branch off
    bool fast_open = true;
    bool slow_open = true;
    const ch::instant give_up = ch::clock::now() + 20s;
    bool timed_out = false;
    while ((fast_open || slow_open) && !timed_out)
      ch::select(ch::recv(fast_open ? fast_rx : closed,
                          [&](std::optional<int> v) {
                            if (v)
                              EXPECT_EQ(*v, from_fast++);
                            else
                              fast_open = false;
                          }),
                 ch::recv(slow_open ? slow_rx : closed,
                          [&](std::optional<int> v) {
                            if (v)
                              EXPECT_EQ(*v, from_slow++);
                            else
                              slow_open = false;
                          }),
                 ch::recv(ticker, [&] { ++ticks; }),
                 ch::deadline(give_up, [&] { timed_out = true; }));
    EXPECT_FALSE(timed_out);
    // Both sources are done; the ticker still ticks, a timeout still fires.
    EXPECT_EQ(ch::select(ch::recv(ticker, [] { return std::string("tick"); }),
                         ch::timeout(10s, [] { return std::string("timeout"); })),
              "tick");
    EXPECT_EQ(ch::select(ch::recv(closed, [] { return std::string("never"); }),
                         ch::timeout(20ms, [] { return std::string("timeout"); })),
              "timeout");
  });
  EXPECT_EQ(from_fast, per_producer);
  EXPECT_EQ(from_slow, per_producer);
  EXPECT_GE(ticks, 0);  // timing dependent: about 4 in the 40 ms of slow sends
}

TEST(ChannelExamples, RequestWithAReplyTimeout) {
  // A request carries its own reply channel; the client gives up after a
  // timeout if the server does not answer.
  struct request {
    int question;
    ch::sender<int> reply;
  };
  fearless::scope([&](fearless::scope_handle& s) {
    auto [requests_tx, requests_rx] = ch::unbounded<request>();
    s.spawn([rx = std::move(requests_rx)]() mutable {
      for (request& r : rx) {
        // Take the request out of the iterator: the iterator would keep it
        // (and its reply sender) alive until the next request arrives.
        request mine = std::move(r);
        if (mine.question >= 0)  // a negative question gets no answer
          (void)mine.reply.send(mine.question * 2);
      }
    });
    auto ask = [&](int question) -> std::optional<int> {
      auto [reply_tx, reply_rx] = ch::bounded<int>(1);
      if (!requests_tx.send(request{question, std::move(reply_tx)}))
        return std::nullopt;
      return ch::select(ch::recv(reply_rx, [](std::optional<int> v) { return v; }),
                        ch::timeout(5s, [] { return std::optional<int>(); }));
    };
    EXPECT_EQ(ask(21), std::optional<int>(42));
    // Unanswered: the server drops the request and its reply sender, which
    // disconnects the reply channel: no need to wait for the timeout.
    const ch::instant start = ch::clock::now();
    EXPECT_EQ(ask(-1), std::nullopt);
    EXPECT_LT(ch::clock::now() - start, 5s);
    { auto done = std::move(requests_tx); }
  });
}

}  // namespace
