// Robustness: every C++20 standard header of the system's libstdc++ in one
// translation unit, with the concurrency facilities instantiated and used
// correctly: no crash and no finding, not even one suppressed in a system
// header (the checks leave those alone). The second run analyses the system
// headers too (--system-headers): every std function with a body, and the
// threads <future> and <execution> start themselves, without a crash.
// RUN: %clang_tidy -checks='-*,fearless-*' %s -- -std=c++20 -pthread \
// RUN:   2>&1 | count 0
// RUN: %clang_tidy -checks='-*,fearless-*' --system-headers --quiet %s \
// RUN:   -- -std=c++20 -pthread 2>&1 | not grep -E 'PLEASE submit|Stack dump'
// RUN: %clang_tidy --list-checks -checks='-*,fearless-*' | FileCheck %s --check-prefix=LOADED
// LOADED: fearless-unjoined-thread

#include <algorithm>
#include <any>
#include <array>
#include <atomic>
#include <barrier>
#include <bit>
#include <bitset>
#include <cassert>
#include <cctype>
#include <cerrno>
#include <cfenv>
#include <cfloat>
#include <charconv>
#include <chrono>
#include <cinttypes>
#include <climits>
#include <clocale>
#include <cmath>
#include <codecvt>
#include <compare>
#include <complex>
#include <concepts>
#include <condition_variable>
#include <coroutine>
#include <csetjmp>
#include <csignal>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <cuchar>
#include <cwchar>
#include <cwctype>
#include <deque>
#include <exception>
#include <execution>
#include <filesystem>
#if __has_include(<format>)
#include <format>
#endif
#include <forward_list>
#include <fstream>
#include <functional>
#include <future>
#include <initializer_list>
#include <iomanip>
#include <ios>
#include <iosfwd>
#include <iostream>
#include <istream>
#include <iterator>
#include <latch>
#include <limits>
#include <list>
#include <locale>
#include <map>
#include <memory>
#include <memory_resource>
#include <mutex>
#include <new>
#include <numbers>
#include <numeric>
#include <optional>
#include <ostream>
#include <queue>
#include <random>
#include <ranges>
#include <ratio>
#include <regex>
#include <scoped_allocator>
#include <semaphore>
#include <set>
#include <shared_mutex>
#include <source_location>
#include <span>
#include <sstream>
#include <stack>
#include <stdexcept>
#include <stop_token>
#include <streambuf>
#include <string>
#include <string_view>
#include <syncstream>
#include <system_error>
#include <thread>
#include <tuple>
#include <type_traits>
#include <typeindex>
#include <typeinfo>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <valarray>
#include <variant>
#include <vector>
#include <version>

struct Ledger {
  std::mutex mutex;
  std::shared_mutex readers;
  std::condition_variable ready_changed;
  bool ready = false;
  std::map<std::string, long> balances;
  std::atomic<long> operations{0};
};

long everything(Ledger &ledger) {
  std::thread writer([&ledger] {
    std::lock_guard lock(ledger.mutex);
    ledger.balances["a"] += 1;
    ledger.ready = true;
    ledger.ready_changed.notify_all();
  });
  {
    std::unique_lock lock(ledger.mutex);
    ledger.ready_changed.wait(lock, [&] { return ledger.ready; });
  }
  writer.join();

  std::jthread counter([&ledger](std::stop_token stop) {
    std::stop_callback on_stop(stop, [] {});
    while (!stop.stop_requested() && ledger.operations.load() < 10)
      ledger.operations.fetch_add(1);
  });
  counter.request_stop();
  counter.join();

  std::promise<int> promise;
  std::future<int> answer = promise.get_future();
  std::thread producer([p = std::move(promise)]() mutable { p.set_value(42); });
  producer.join();
  std::packaged_task<int(int)> task([](int x) { return x * 2; });
  std::future<int> doubled = task.get_future();
  std::thread runner(std::move(task), 21);
  runner.join();
  std::future<long> later = std::async(std::launch::async, [&ledger] {
    std::shared_lock lock(ledger.readers);
    return ledger.operations.load();
  });

  std::latch done(2);
  std::barrier sync_point(2);
  std::counting_semaphore<4> slots(4);
  std::vector<std::jthread> crew;
  for (int i = 0; i < 2; ++i)
    crew.emplace_back([&] {
      slots.acquire();
      sync_point.arrive_and_wait();
      slots.release();
      done.count_down();
    });
  done.wait();
  crew.clear();

  static std::once_flag once;
  std::call_once(once, [] {});
  std::scoped_lock both(ledger.mutex, ledger.readers);

  std::vector<long> values(1000, 1);
  std::atomic<long> sum{0};
  std::for_each(std::execution::par, values.begin(), values.end(),
                [&sum](long v) { sum += v; });
  std::osyncstream(std::cout) << sum << '\n';
  return answer.get() + doubled.get() + later.get() + sum.load();
}
