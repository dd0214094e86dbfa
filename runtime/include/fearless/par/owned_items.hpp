// fearless — the producer over items the iterator owns and hands out to be
// moved from: par_iter(std::move(container)), and the items a non-indexed
// iterator had to collect first (take and skip after filter, say). Every
// item is handed out exactly once per terminal, so moving from it is safe.
#ifndef FEARLESS_PAR_OWNED_ITEMS_HPP
#define FEARLESS_PAR_OWNED_ITEMS_HPP

#include "fearless/par/plumbing.hpp"

#include <atomic>
#include <cstddef>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <utility>

namespace fearless::par {

/// Items that can be handed out once: the first terminal takes them (they
/// are moved from), a second one throws std::logic_error with `message`.
class single_use {
public:
  void take(const char* message) {
    if (used_.exchange(true, std::memory_order_relaxed))
      throw std::logic_error(message);
  }

private:
  std::atomic<bool> used_{false};
};

/// Items [first, first + n) of a random-access sequence owned through
/// `owner`; yields rvalue references to them.
template <std::random_access_iterator It>
class owned_items_producer {
public:
  using item_type = std::iter_rvalue_reference_t<It>;

  owned_items_producer(std::shared_ptr<void> owner, It first, std::size_t n)
      : owner_(std::move(owner)), first_(first), n_(n) {}
  [[nodiscard]] std::size_t len() const noexcept { return n_; }
  item_type get(std::size_t i) const {
    return std::ranges::iter_move(first_ + static_cast<std::iter_difference_t<It>>(i));
  }
  std::pair<owned_items_producer, owned_items_producer> split_at(std::size_t i) const {
    return {owned_items_producer(owner_, first_, i),
            owned_items_producer(owner_, first_ + static_cast<std::iter_difference_t<It>>(i),
                                 n_ - i)};
  }

private:
  std::shared_ptr<void> owner_;  // keeps the items alive while a terminal runs
  It first_;
  std::size_t n_;
};

/// A container handed to par_iter as an rvalue: the iterator owns it (shared
/// between copies of the iterator) and its first terminal moves the elements
/// out, like Rust's into_par_iter. A second terminal on it, or on a copy,
/// would see moved-from elements, so it throws std::logic_error instead.
template <typename Container>
class owning_source {
public:
  explicit owning_source(Container c) : state_(std::make_shared<state>(std::move(c))) {}

  [[nodiscard]] auto producer() const {
    state_->once.take(
        "fearless::par_iter: a container moved into par_iter is consumed by the first "
        "terminal (its elements were moved out); call par_iter again for a second pass");
    Container& items = state_->items;
    return owned_items_producer<std::ranges::iterator_t<Container>>(
        state_, std::ranges::begin(items), static_cast<std::size_t>(std::ranges::size(items)));
  }

private:
  struct state {
    explicit state(Container c) : items(std::move(c)) {}
    Container items;
    single_use once;
  };
  std::shared_ptr<state> state_;
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_OWNED_ITEMS_HPP
