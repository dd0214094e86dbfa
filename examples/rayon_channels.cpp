// CLEAN: the article's "Combining Rayon with Channels" — a parallel iterator
// produces into a channel that a scoped thread drains; and the other way
// round, par_bridge spreads the messages of a channel over the pool.
// No fearless check reports anything.
#include <fearless/channel.hpp>
#include <fearless/par_bridge.hpp>
#include <fearless/par_iter.hpp>
#include <fearless/scope.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace ch = fearless::channel;
using namespace std::chrono_literals;

namespace {

int expensive_transform(int input) {
  std::this_thread::sleep_for(100us);
  return input * input;
}

std::string post_process(int value) { return "Result: " + std::to_string(value); }

/// Rayon: `data.par_iter().for_each(|&item| tx.send(expensive_transform(item)))`
/// on one thread, `rx.iter().map(post_process).collect()` on another.
std::vector<std::string> transform_then_post_process(const std::vector<int>& data) {
  auto [tx, rx] = ch::bounded<int>(50);
  return fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&data, tx = std::move(tx)] {
      // Each task sends through its own copy of the sender; the last copy
      // goes when the producer returns, and that ends the consumer's loop.
      fearless::par_iter(data).for_each_with(tx, [](const ch::sender<int>& out, int item) {
        (void)out.send(expensive_transform(item));
      });
    });
    auto consumer = s.spawn([rx = std::move(rx)] {
      std::vector<std::string> results;
      for (int value : rx)
        results.push_back(post_process(value));
      return results;
    });
    return consumer.join();
  });
}

bool is_prime(int n) {
  if (n < 2)
    return false;
  for (int d = 2; d * d <= n; ++d)
    if (n % d == 0)
      return false;
  return true;
}

/// The producer is a scoped thread, not a pool task: par_bridge's pool
/// threads wait in recv(), so whoever sends must not need the pool.
std::size_t count_primes_received(int limit) {
  auto [tx, rx] = ch::bounded<int>(64);
  return fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([limit, tx = std::move(tx)] {
      for (int n = 0; n < limit; ++n)
        if (!tx.send(n))
          return;
    });
    return fearless::par_bridge(rx).filter([](int n) { return is_prime(n); }).count();
  });
}

}  // namespace

int main() {
  std::vector<int> data;
  for (int i = 0; i < 100; ++i)
    data.push_back(i);
  const std::vector<std::string> results = transform_then_post_process(data);
  long sum = 0;
  for (const std::string& r : results)
    sum += std::stol(r.substr(r.find(' ') + 1));
  std::printf("par_iter into a channel: processed %zu items, sum %ld\n", results.size(), sum);

  const std::size_t primes = count_primes_received(10'000);
  std::printf("par_bridge over a channel: %zu primes below 10000\n", primes);
  return results.size() == 100 && sum == 328'350 && primes == 1229 ? 0 : 1;
}
