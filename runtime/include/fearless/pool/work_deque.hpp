// fearless — the per-worker deque of the work-stealing pool (Chase–Lev, in
// the formulation of Lê, Pop, Cohen and Zappa Nardelli, "Correct and
// Efficient Work-Stealing for Weak Memory Models", PPoPP 2013).
//
// The owning worker pushes and pops at the bottom (LIFO: the newest, smallest
// piece of work stays hot in its cache); thieves take from the top (FIFO: the
// oldest, largest piece). Elements are job pointers; the jobs themselves live
// on the stacks of the threads that wait for them.
#ifndef FEARLESS_POOL_WORK_DEQUE_HPP
#define FEARLESS_POOL_WORK_DEQUE_HPP

#include "fearless/detail/platform.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace fearless::pool_detail {

struct job;

class work_deque {
public:
  work_deque() : ring_(new ring(initial_capacity)) { rings_.emplace_back(ring_.load()); }
  work_deque(const work_deque&) = delete;
  work_deque& operator=(const work_deque&) = delete;

  /// Owner only. Grows the ring when full (the old ring stays alive until the
  /// deque dies: a thief may still be reading it).
  void push(job* item) {
    const std::int64_t b = bottom_.load(std::memory_order_relaxed);
    ring* r = ring_.load(std::memory_order_relaxed);
    // The top only grows, so an old reading is a safe lower bound: read the
    // thieves' cache line only when the ring may really be full.
    if (b - top_seen_ >= r->capacity()) {
      top_seen_ = top_.load(std::memory_order_acquire);
      if (b - top_seen_ >= r->capacity())
        r = grow(r, top_seen_, b);
    }
    r->store(b, item);
    // Release, not seq_cst: a full barrier here doubled the cost of a join.
    // The price is that a worker falling asleep at this very moment may miss
    // this job (see registry.hpp); the owner still runs it itself.
    bottom_.store(b + 1, std::memory_order_release);
  }

  /// Owner only: the most recently pushed job, or nullptr.
  job* pop() noexcept {
    const std::int64_t b = bottom_.load(std::memory_order_relaxed) - 1;
    ring* r = ring_.load(std::memory_order_relaxed);
    // The seq_cst store and load order "claim the bottom" before "read the
    // top" against a thief doing the reverse.
    bottom_.store(b, std::memory_order_seq_cst);
    std::int64_t t = top_.load(std::memory_order_seq_cst);
    if (t > b) {  // empty
      bottom_.store(b + 1, std::memory_order_relaxed);
      return nullptr;
    }
    job* item = r->load(b);
    if (t == b) {  // the last element: race the thieves for it
      if (!top_.compare_exchange_strong(t, t + 1, std::memory_order_seq_cst,
                                        std::memory_order_relaxed))
        item = nullptr;
      bottom_.store(b + 1, std::memory_order_relaxed);
    }
    return item;
  }

  /// Any thread: the oldest job, or nullptr when empty or when another thief
  /// won the race (the caller just moves on to the next victim).
  job* steal() noexcept {
    std::int64_t t = top_.load(std::memory_order_seq_cst);
    const std::int64_t b = bottom_.load(std::memory_order_seq_cst);
    if (t >= b)
      return nullptr;
    ring* r = ring_.load(std::memory_order_acquire);
    job* item = r->load(t);
    if (!top_.compare_exchange_strong(t, t + 1, std::memory_order_seq_cst,
                                      std::memory_order_relaxed))
      return nullptr;
    return item;
  }

  /// A snapshot; exact only for the owner.
  [[nodiscard]] bool looks_empty() const noexcept {
    return top_.load(std::memory_order_seq_cst) >= bottom_.load(std::memory_order_seq_cst);
  }

private:
  static constexpr std::int64_t initial_capacity = 256;

  class ring {
  public:
    explicit ring(std::int64_t capacity)
        : mask_(capacity - 1), slots_(new std::atomic<job*>[static_cast<std::size_t>(capacity)]) {}
    [[nodiscard]] std::int64_t capacity() const noexcept { return mask_ + 1; }
    void store(std::int64_t index, job* item) noexcept {
      slots_[static_cast<std::size_t>(index & mask_)].store(item, std::memory_order_relaxed);
    }
    [[nodiscard]] job* load(std::int64_t index) const noexcept {
      return slots_[static_cast<std::size_t>(index & mask_)].load(std::memory_order_relaxed);
    }

  private:
    std::int64_t mask_;
    std::unique_ptr<std::atomic<job*>[]> slots_;
  };

  ring* grow(ring* old, std::int64_t t, std::int64_t b) {
    auto bigger = std::make_unique<ring>(old->capacity() * 2);
    for (std::int64_t i = t; i < b; ++i)
      bigger->store(i, old->load(i));
    ring* fresh = bigger.get();
    rings_.push_back(std::move(bigger));
    ring_.store(fresh, std::memory_order_release);
    return fresh;
  }

  alignas(detail::cache_line) std::atomic<std::int64_t> top_{0};
  alignas(detail::cache_line) std::atomic<std::int64_t> bottom_{0};
  std::atomic<ring*> ring_;
  std::int64_t top_seen_ = 0;                 // owner only: a lower bound of top_
  std::vector<std::unique_ptr<ring>> rings_;  // every ring ever used, owner only
};

}  // namespace fearless::pool_detail

#endif  // FEARLESS_POOL_WORK_DEQUE_HPP
