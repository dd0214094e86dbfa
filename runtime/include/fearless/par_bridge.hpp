// fearless — par_bridge: parallel work over a sequential source, Rayon's
// par_bridge. The source is an input range (a std::istream_iterator range,
// a std::list, a generator, a view that is not random-access) or a channel
// receiver; pool threads take items from it one at a time, under a lock for
// a range, straight from the channel for a receiver.
//
//   auto [tx, rx] = fearless::channel::bounded<job>(64);
//   ... producers send jobs and drop their senders ...
//   std::size_t failures = fearless::par_bridge(rx)
//                              .filter([](const job& j) { return !run(j); })
//                              .count();
//
// Items are values (moved from a receiver, copied from a range's elements,
// moved from those of a range handed over as an rvalue). The order in which
// they are processed, and collected, is unspecified; for an ordered result
// of a random-access range use par_iter. For a receiver, pool threads block
// in recv() while the channel is empty and open: the work ends when every
// sender is gone, and the senders must not need the pool to make progress.
#ifndef FEARLESS_PAR_BRIDGE_HPP
#define FEARLESS_PAR_BRIDGE_HPP

#include "fearless/channel.hpp"
#include "fearless/par/bridge_source.hpp"
#include "fearless/par/iterator.hpp"
#include "fearless/par/owned_items.hpp"
#include "fearless/thread_pool.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <ranges>
#include <type_traits>
#include <utility>

namespace fearless {

namespace par {

/// Pulls from a range under a lock. Holds the range itself when it was
/// handed over as an rvalue, else a reference to it.
template <typename R>
class range_puller {
public:
  using range_type = std::remove_reference_t<R>;
  using value_type = std::ranges::range_value_t<range_type>;

  explicit range_puller(R&& range)
      : range_(std::forward<R>(range)), next_(std::ranges::begin(range_)),
        end_(std::ranges::end(range_)) {}

  std::optional<value_type> next() {
    std::lock_guard lock(mutex_);
    if (next_ == end_)
      return std::nullopt;
    std::optional<value_type> item;
    if constexpr (std::is_lvalue_reference_v<R>)
      item.emplace(*next_);
    else
      item.emplace(std::ranges::iter_move(next_));
    ++next_;
    return item;
  }

  single_use once;  // taken when the range was handed over as an rvalue

private:
  R range_;  // a reference, or the range itself
  std::mutex mutex_;
  std::ranges::iterator_t<range_type> next_;   // guarded by mutex_
  std::ranges::sentinel_t<range_type> end_;
};

/// Receivers are ranges too, but are bridged by receiving, not under a lock.
template <typename T>
inline constexpr bool is_receiver_v = false;
template <typename T>
inline constexpr bool is_receiver_v<channel::receiver<T>> = true;

template <typename T>
class receiver_puller {
public:
  explicit receiver_puller(channel::receiver<T> rx) : rx_(std::move(rx)) {}
  std::optional<T> next() { return rx_.recv(); }

  single_use once;

private:
  channel::receiver<T> rx_;
};

/// A named range: each terminal pulls from a fresh begin().
template <typename R>
struct borrowed_bridge_source {
  R* range;
  auto producer() const {
    return bridge_producer<range_puller<R&>>(std::make_shared<range_puller<R&>>(*range),
                                             fearless::current_num_threads());
  }
};

/// A range handed over as an rvalue, or a receiver: consumed by the first
/// terminal; a second one throws std::logic_error, as for par_iter(std::move(v)).
template <typename Puller>
class consumed_bridge_source {
public:
  explicit consumed_bridge_source(std::shared_ptr<Puller> puller) : puller_(std::move(puller)) {}
  auto producer() const {
    puller_->once.take("fearless::par_bridge: the source was consumed by an earlier terminal; "
                       "call par_bridge again");
    return bridge_producer<Puller>(puller_, fearless::current_num_threads());
  }

private:
  std::shared_ptr<Puller> puller_;
};

}  // namespace par

/// Items of a channel: every message received until the channel is empty
/// and all senders are gone. The receiver is copied (receivers share the
/// channel), so other receivers may still take messages meanwhile.
template <typename T>
auto par_bridge(const channel::receiver<T>& rx) {
  static_assert(!std::is_void_v<T> && !std::is_same_v<T, fearless::unit>,
                "fearless::par_bridge: a channel without data carries no items");
  using puller = par::receiver_puller<T>;
  return parallel_iterator(par::consumed_bridge_source<puller>(std::make_shared<puller>(rx)));
}

/// Items of any input range, taken one at a time under a lock: a named
/// range is borrowed (it must outlive the iterator and not change while a
/// terminal runs); an rvalue range is moved into the iterator.
template <typename R>
  requires std::ranges::input_range<std::remove_reference_t<R>> &&
           (!par::is_receiver_v<std::remove_cvref_t<R>>)
auto par_bridge(R&& range) {
  if constexpr (std::is_lvalue_reference_v<R>) {
    return parallel_iterator(par::borrowed_bridge_source<std::remove_reference_t<R>>{&range});
  } else {
    using puller = par::range_puller<std::remove_cvref_t<R>>;
    return parallel_iterator(
        par::consumed_bridge_source<puller>(std::make_shared<puller>(std::forward<R>(range))));
  }
}

}  // namespace fearless

#endif  // FEARLESS_PAR_BRIDGE_HPP
