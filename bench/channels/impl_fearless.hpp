// The benchmark adapter for fearless channels: every family and workload.
#ifndef FEARLESS_BENCH_CHANNELS_IMPL_FEARLESS_HPP
#define FEARLESS_BENCH_CHANNELS_IMPL_FEARLESS_HPP

#include "workloads.hpp"

#include <fearless/channel.hpp>
#include <fearless/select.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace bench {

struct fearless_impl {
  static constexpr const char* name = "cpp-fearless";

  struct channel {
    fearless::channel::sender<std::uint64_t> tx;
    fearless::channel::receiver<std::uint64_t> rx;

    void send(std::uint64_t v) {
      if (!tx.send(v))
        fail("send");
    }
    std::uint64_t recv() {
      std::optional<std::uint64_t> v = rx.recv();
      if (!v)
        fail("recv");
      return *v;
    }
  };

  static bool supports(family, workload) { return true; }

  static channel make(family f, std::uint64_t messages) {
    namespace ch = fearless::channel;
    auto [tx, rx] = f == family::unbounded ? ch::unbounded<std::uint64_t>()
                    : f == family::bounded0 ? ch::bounded<std::uint64_t>(0)
                    : f == family::bounded1 ? ch::bounded<std::uint64_t>(1)
                                            : ch::bounded<std::uint64_t>(messages);
    return {std::move(tx), std::move(rx)};
  }

  // Like crossbeam's benchmark: a new selector per message.
  static void select_send(std::vector<channel>& chans, std::uint64_t v) {
    fearless::channel::selector sel;
    for (channel& c : chans)
      sel.send(c.tx);
    fearless::channel::selected_operation op = sel.select();
    if (!op.send(chans[op.index()].tx, v))
      fail("select send");
  }

  static std::uint64_t select_recv(std::vector<channel>& chans) {
    fearless::channel::selector sel;
    for (channel& c : chans)
      sel.recv(c.rx);
    fearless::channel::selected_operation op = sel.select();
    std::optional<std::uint64_t> v = op.recv(chans[op.index()].rx);
    if (!v)
      fail("select recv");
    return *v;
  }

  [[noreturn]] static void fail(const char* what) {
    std::fprintf(stderr, "cpp-fearless: %s failed: channel disconnected\n", what);
    std::exit(1);
  }
};

}  // namespace bench

#endif  // FEARLESS_BENCH_CHANNELS_IMPL_FEARLESS_HPP
