// fearless — join: run two closures, potentially in parallel, and return both
// results. Everything parallel in fearless is built on it.
//
//   auto [left, right] = fearless::join([&] { return sum(lo); },
//                                       [&] { return sum(hi); });
//
// The calling thread runs `a` itself and offers `b` to the pool; if no other
// thread took `b` by the time `a` is done, the caller runs `b` too. So join
// costs little more than two calls when there is nothing to parallelise, and
// nested joins never deadlock: a thread waiting for a stolen `b` runs other
// pending work meanwhile.
#ifndef FEARLESS_JOIN_HPP
#define FEARLESS_JOIN_HPP

#include "fearless/pool/job.hpp"
#include "fearless/pool/registry.hpp"
#include "fearless/thread_pool.hpp"

#include <type_traits>
#include <utility>

namespace fearless {

namespace pool_detail {

/// The closure `b` of a join, waiting on its owner's deque.
template <typename F, typename R>
class join_job : public job {
public:
  join_job(F& f, worker* owner) noexcept : job{&run_stolen}, f_(f), done_(owner) {}
  void run_inline(bool migrated) noexcept { result_.run(f_, migrated); }
  [[nodiscard]] const latch& done() const noexcept { return done_; }
  job_result<R>& result() noexcept { return result_; }

private:
  static void run_stolen(job* self, bool migrated) noexcept {
    auto* me = static_cast<join_job*>(self);
    me->result_.run(me->f_, migrated);
    me->done_.set();
  }
  F& f_;
  job_result<R> result_;
  latch done_;
};

template <typename A, typename B>
auto join_on(worker& self, bool injected, A& a, B& b) {
  using result_a = result_of_t<A, bool>;
  using result_b = result_of_t<B, bool>;
  join_job<B, result_b> job_b(b, &self);
  self.deque().push(&job_b);
  self.owner().notify_new_work();

  job_result<result_a> outcome_a;
  outcome_a.run(a, injected);

  // Take `b` back if nobody stole it; else help with other work until it is
  // done. Jobs above `b` on our deque were all finished by `a`'s own joins,
  // so the first job popped is either `b` or older work of an outer join.
  while (!job_b.done().probe()) {
    job* popped = self.deque().pop();
    if (popped == &job_b) {
      if (!outcome_a.failed())  // `a` threw: skip `b`, the join fails anyway
        job_b.run_inline(injected);
      break;
    }
    if (popped != nullptr) {
      popped->execute(popped, true);
      continue;
    }
    self.owner().wait_until(self, job_b.done());
    break;
  }
  // `a`'s exception first, as if the two had run one after the other.
  result_a value_a = outcome_a.take();
  result_b value_b = job_b.result().take();
  return std::pair<result_a, result_b>(std::move(value_a), std::move(value_b));
}

}  // namespace pool_detail

/// Like join, but each closure receives a bool: true if it runs on another
/// thread than the one that called join_context ("migrated", i.e. stolen).
/// Splitting strategies use it to split more where work is being stolen.
template <typename A, typename B>
auto join_context(A&& a, B&& b) {
  static_assert(std::is_invocable_v<A&, bool> && std::is_invocable_v<B&, bool>,
                "fearless::join_context: both closures take a bool (migrated)");
  auto op = [&a, &b](pool_detail::worker& self, bool injected) {
    return pool_detail::join_on(self, injected, a, b);
  };
  // A caller from outside the pools works in the global pool while it waits.
  return pool_detail::current_registry().in_worker(op, /*caller_may_work=*/true);
}

/// Runs `a()` and `b()`, potentially in parallel, and returns both results as
/// a std::pair (a closure returning void gives std::monostate); when both
/// return void, join returns void. If either throws, join rethrows once
/// neither runs any more (`a`'s exception if both threw); if `a` throws
/// before another thread has started `b`, `b` is not run at all (unlike
/// Rayon, which runs it anyway). Called from outside any pool, it runs in the
/// global pool with the calling thread working in it (it runs `a` itself).
template <typename A, typename B>
auto join(A&& a, B&& b) {
  static_assert(std::is_invocable_v<A&> && std::is_invocable_v<B&>,
                "fearless::join: both arguments must be callable without arguments");
  auto run_a = [&a](bool) { return a(); };
  auto run_b = [&b](bool) { return b(); };
  if constexpr (std::is_void_v<std::invoke_result_t<A&>> &&
                std::is_void_v<std::invoke_result_t<B&>>)
    (void)join_context(run_a, run_b);
  else
    return join_context(run_a, run_b);
}

}  // namespace fearless

#endif  // FEARLESS_JOIN_HPP
