// Boost.Fiber's channels (Debian's libboost-fiber-dev), used from plain
// threads: unbuffered_channel is a rendezvous (bounded0), buffered_channel a
// ring whose capacity must be a power of two and holds capacity - 1
// messages (bounded1: 2, bounded: the power of two above N). No unbounded
// channel, no select.
#ifndef FEARLESS_BENCH_CHANNELS_IMPL_BOOST_FIBER_HPP
#define FEARLESS_BENCH_CHANNELS_IMPL_BOOST_FIBER_HPP

#include "workloads.hpp"

#include <boost/fiber/buffered_channel.hpp>
#include <boost/fiber/unbuffered_channel.hpp>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

namespace bench {

struct boost_fiber_impl {
  static constexpr const char* name = "cpp-boost-fiber";

  struct channel {
    std::unique_ptr<boost::fibers::buffered_channel<std::uint64_t>> buffered;
    std::unique_ptr<boost::fibers::unbuffered_channel<std::uint64_t>> rendezvous;

    void send(std::uint64_t v) {
      auto status = buffered ? buffered->push(v) : rendezvous->push(v);
      if (status != boost::fibers::channel_op_status::success)
        fail();
    }
    std::uint64_t recv() {
      std::uint64_t v = 0;
      auto status = buffered ? buffered->pop(v) : rendezvous->pop(v);
      if (status != boost::fibers::channel_op_status::success)
        fail();
      return v;
    }
  };

  static bool supports(family f, workload w) {
    return f != family::unbounded && w != workload::select_rx && w != workload::select_both;
  }

  static channel make(family f, std::uint64_t messages) {
    channel c;
    if (f == family::bounded0)
      c.rendezvous = std::make_unique<boost::fibers::unbuffered_channel<std::uint64_t>>();
    else
      c.buffered = std::make_unique<boost::fibers::buffered_channel<std::uint64_t>>(
          f == family::bounded1 ? 2 : std::bit_ceil(messages + 1));
    return c;
  }

  static void select_send(std::vector<channel>&, std::uint64_t) {}
  static std::uint64_t select_recv(std::vector<channel>&) { return 0; }

  [[noreturn]] static void fail() {
    std::fprintf(stderr, "cpp-boost-fiber: channel operation failed\n");
    std::exit(1);
  }
};

}  // namespace bench

#endif  // FEARLESS_BENCH_CHANNELS_IMPL_BOOST_FIBER_HPP
