// The crossbeam-channel benchmark workloads (crossbeam-channel's
// benchmarks/crossbeam-channel.rs), written once over an adapter so that
// every implementation runs exactly the same code around its channel.
//
// An adapter `Impl` provides:
//   Impl::name                          the impl column, e.g. "cpp-fearless"
//   Impl::supports(family, workload)    whether it has that channel kind/operation
//   Impl::make(family, messages)        a channel (any type with .send(u64), .recv())
//   Impl::select_send(chans, v)         send v through a select over all chans
//   Impl::select_recv(chans)            receive through a select over all chans
// The workloads sum what they receive; the caller compares with the sum sent.
#ifndef FEARLESS_BENCH_CHANNELS_WORKLOADS_HPP
#define FEARLESS_BENCH_CHANNELS_WORKLOADS_HPP

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace bench {

inline constexpr int threads = 4;

enum class family { bounded0, bounded1, bounded, unbounded };
enum class workload { seq, spsc, mpsc, mpmc, select_rx, select_both };

inline const char* name_of(family f) {
  switch (f) {
  case family::bounded0: return "bounded0";
  case family::bounded1: return "bounded1";
  case family::bounded: return "bounded";
  case family::unbounded: return "unbounded";
  }
  return "?";
}

inline const char* name_of(workload w) {
  switch (w) {
  case workload::seq: return "seq";
  case workload::spsc: return "spsc";
  case workload::mpsc: return "mpsc";
  case workload::mpmc: return "mpmc";
  case workload::select_rx: return "select_rx";
  case workload::select_both: return "select_both";
  }
  return "?";
}

/// seq needs room for every message: only capacity-N and unbounded channels.
inline bool workload_fits(family f, workload w) {
  return w != workload::seq || f == family::bounded || f == family::unbounded;
}

/// Sum of 0..count-1, what a sender of `count` messages sends.
inline std::uint64_t sum_below(std::uint64_t count) { return count * (count - 1) / 2; }

/// Runs one workload; returns the sum of the received messages.
template <typename Impl>
std::uint64_t run(family f, workload w, std::uint64_t messages) {
  const std::uint64_t per_thread = messages / threads;
  std::uint64_t received = 0;
  switch (w) {
  case workload::seq: {
    auto chan = Impl::make(f, messages);
    for (std::uint64_t i = 0; i < messages; ++i)
      chan.send(i);
    for (std::uint64_t i = 0; i < messages; ++i)
      received += chan.recv();
    break;
  }
  case workload::spsc: {
    auto chan = Impl::make(f, messages);
    std::thread producer([&] {
      for (std::uint64_t i = 0; i < messages; ++i)
        chan.send(i);
    });
    for (std::uint64_t i = 0; i < messages; ++i)
      received += chan.recv();
    producer.join();
    break;
  }
  case workload::mpsc: {
    auto chan = Impl::make(f, messages);
    std::vector<std::thread> producers;
    for (int t = 0; t < threads; ++t)
      producers.emplace_back([&] {
        for (std::uint64_t i = 0; i < per_thread; ++i)
          chan.send(i);
      });
    for (std::uint64_t i = 0; i < per_thread * threads; ++i)
      received += chan.recv();
    for (auto& p : producers)
      p.join();
    break;
  }
  case workload::mpmc: {
    auto chan = Impl::make(f, messages);
    std::vector<std::uint64_t> sums(threads);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
      workers.emplace_back([&] {
        for (std::uint64_t i = 0; i < per_thread; ++i)
          chan.send(i);
      });
    for (int t = 0; t < threads; ++t)
      workers.emplace_back([&, t] {
        std::uint64_t sum = 0;
        for (std::uint64_t i = 0; i < per_thread; ++i)
          sum += chan.recv();
        sums[t] = sum;
      });
    for (auto& w : workers)
      w.join();
    for (std::uint64_t s : sums)
      received += s;
    break;
  }
  case workload::select_rx: {
    std::vector<decltype(Impl::make(f, messages))> chans;
    for (int t = 0; t < threads; ++t)
      chans.push_back(Impl::make(f, messages));
    std::vector<std::thread> producers;
    for (int t = 0; t < threads; ++t)
      producers.emplace_back([&, t] {
        for (std::uint64_t i = 0; i < per_thread; ++i)
          chans[t].send(i);
      });
    for (std::uint64_t i = 0; i < per_thread * threads; ++i)
      received += Impl::select_recv(chans);
    for (auto& p : producers)
      p.join();
    break;
  }
  case workload::select_both: {
    std::vector<decltype(Impl::make(f, messages))> chans;
    for (int t = 0; t < threads; ++t)
      chans.push_back(Impl::make(f, messages));
    std::vector<std::uint64_t> sums(threads);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
      workers.emplace_back([&] {
        for (std::uint64_t i = 0; i < per_thread; ++i)
          Impl::select_send(chans, i);
      });
    for (int t = 0; t < threads; ++t)
      workers.emplace_back([&, t] {
        std::uint64_t sum = 0;
        for (std::uint64_t i = 0; i < per_thread; ++i)
          sum += Impl::select_recv(chans);
        sums[t] = sum;
      });
    for (auto& w : workers)
      w.join();
    for (std::uint64_t s : sums)
      received += s;
    break;
  }
  }
  return received;
}

/// What run() must return.
inline std::uint64_t expected_sum(workload w, std::uint64_t messages) {
  switch (w) {
  case workload::seq:
  case workload::spsc:
    return sum_below(messages);
  default:
    return threads * sum_below(messages / threads);
  }
}

}  // namespace bench

#endif  // FEARLESS_BENCH_CHANNELS_WORKLOADS_HPP
