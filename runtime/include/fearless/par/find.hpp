// fearless — the searching terminals: any, all (as "any not"), find_any,
// position_any (find_any on enumerate) and find_first. They stop early: once
// one piece has found a match, the others stop at their next item, and no
// new piece starts.
#ifndef FEARLESS_PAR_FIND_HPP
#define FEARLESS_PAR_FIND_HPP

#include "fearless/par/plumbing.hpp"

#include <atomic>
#include <limits>
#include <optional>

namespace fearless::par {

/// Any match anywhere; which one is unspecified (the first found in time).
/// V is what is kept of the matching item; `Keep` maps the item to it.
template <typename V, typename Pred>
class find_any_consumer {
public:
  using result_type = std::optional<V>;

  find_any_consumer(const Pred* pred, std::atomic<bool>* found) : pred_(pred), found_(found) {}
  struct folder {
    result_type match;
    const Pred& pred;
    std::atomic<bool>& found;
    template <typename X>
    void consume(X&& x) {
      if (call(pred, std::as_const(x))) {
        match.emplace(std::forward<X>(x));
        found.store(true, std::memory_order_relaxed);
      }
    }
    [[nodiscard]] bool full() const noexcept {
      return match.has_value() || found.load(std::memory_order_relaxed);
    }
    result_type complete() && { return std::move(match); }
  };
  [[nodiscard]] folder make_folder() const { return folder{std::nullopt, *pred_, *found_}; }
  std::pair<find_any_consumer, find_any_consumer> split_at(std::size_t) const {
    return {*this, *this};
  }
  result_type reduce(result_type left, result_type right) const {
    return left ? std::move(left) : std::move(right);
  }
  [[nodiscard]] bool full() const noexcept { return found_->load(std::memory_order_relaxed); }

private:
  const Pred* pred_;
  std::atomic<bool>* found_;
};

/// The first match in sequence order. Each consumer owns an interval of an
/// abstract line [0, 2^64) that its splits halve, so the line's order is the
/// sequence's order; `best` is the lowest interval start that found a match,
/// and a piece that starts after it cannot hold the first match and stops.
template <typename V, typename Pred>
class find_first_consumer {
public:
  using result_type = std::optional<V>;

  find_first_consumer(const Pred* pred, std::atomic<std::size_t>* best)
      : pred_(pred), best_(best), lo_(0), hi_(std::numeric_limits<std::size_t>::max()) {}

  struct folder {
    result_type match;
    const Pred& pred;
    std::atomic<std::size_t>& best;
    std::size_t lo;
    template <typename X>
    void consume(X&& x) {
      if (call(pred, std::as_const(x))) {
        match.emplace(std::forward<X>(x));
        std::size_t seen = best.load(std::memory_order_relaxed);
        while (lo < seen && !best.compare_exchange_weak(seen, lo, std::memory_order_relaxed)) {
        }
      }
    }
    [[nodiscard]] bool full() const noexcept {
      return match.has_value() || best.load(std::memory_order_relaxed) < lo;
    }
    result_type complete() && { return std::move(match); }
  };
  [[nodiscard]] folder make_folder() const { return folder{std::nullopt, *pred_, *best_, lo_}; }
  std::pair<find_first_consumer, find_first_consumer> split_at(std::size_t) const {
    const std::size_t mid = lo_ + (hi_ - lo_) / 2;
    find_first_consumer left = *this;
    find_first_consumer right = *this;
    left.hi_ = mid;
    right.lo_ = mid;
    return {left, right};
  }
  result_type reduce(result_type left, result_type right) const {
    return left ? std::move(left) : std::move(right);
  }
  [[nodiscard]] bool full() const noexcept {
    return best_->load(std::memory_order_relaxed) < lo_;
  }

private:
  const Pred* pred_;
  std::atomic<std::size_t>* best_;
  std::size_t lo_;
  std::size_t hi_;
};

/// any(pred): like find_any, keeping nothing of the item.
template <typename Pred>
class any_consumer {
public:
  using result_type = bool;

  any_consumer(const Pred* pred, std::atomic<bool>* found) : pred_(pred), found_(found) {}
  struct folder {
    bool match;
    const Pred& pred;
    std::atomic<bool>& found;
    template <typename X>
    void consume(X&& x) {
      if (call(pred, std::as_const(x))) {
        match = true;
        found.store(true, std::memory_order_relaxed);
      }
    }
    [[nodiscard]] bool full() const noexcept {
      return match || found.load(std::memory_order_relaxed);
    }
    bool complete() && noexcept { return match; }
  };
  [[nodiscard]] folder make_folder() const { return folder{false, *pred_, *found_}; }
  std::pair<any_consumer, any_consumer> split_at(std::size_t) const { return {*this, *this}; }
  bool reduce(bool left, bool right) const noexcept { return left || right; }
  [[nodiscard]] bool full() const noexcept { return found_->load(std::memory_order_relaxed); }

private:
  const Pred* pred_;
  std::atomic<bool>* found_;
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_FIND_HPP
