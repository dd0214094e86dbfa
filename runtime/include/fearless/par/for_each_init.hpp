// fearless — for_each_init(init, f) and for_each_with(value, f): for_each
// with per-task state. Each sequential piece of work makes its state with
// init() (or copies value) and calls f(state, x) for its items, so f may
// mutate the state without racing: a scratch buffer, a sender clone, a
// random engine.
#ifndef FEARLESS_PAR_FOR_EACH_INIT_HPP
#define FEARLESS_PAR_FOR_EACH_INIT_HPP

#include "fearless/par/plumbing.hpp"

#include <functional>
#include <type_traits>

namespace fearless::par {

template <typename Init, typename F>
class for_each_init_consumer {
public:
  using result_type = unit;

  for_each_init_consumer(const Init* init, const F* f) : init_(init), f_(f) {}
  struct folder {
    const F* f;
    std::invoke_result_t<const Init&> state;
    template <typename X>
    void consume(X&& x) {
      std::invoke(*f, state, std::forward<X>(x));
    }
    [[nodiscard]] static constexpr bool full() noexcept { return false; }
    unit complete() && noexcept { return {}; }
  };
  [[nodiscard]] folder make_folder() const { return folder{f_, std::invoke(*init_)}; }
  std::pair<for_each_init_consumer, for_each_init_consumer> split_at(std::size_t) const {
    return {*this, *this};
  }
  unit reduce(unit, unit) const noexcept { return {}; }
  [[nodiscard]] static constexpr bool full() noexcept { return false; }

private:
  const Init* init_;
  const F* f_;
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_FOR_EACH_INIT_HPP
