// fearless — the for_each terminal: calls f on every item.
#ifndef FEARLESS_PAR_FOR_EACH_HPP
#define FEARLESS_PAR_FOR_EACH_HPP

#include "fearless/par/plumbing.hpp"

namespace fearless::par {

template <typename F>
class for_each_consumer {
public:
  using result_type = unit;

  explicit for_each_consumer(const F* f) : f_(f) {}
  struct folder {
    const F& f;
    template <typename X>
    void consume(X&& x) {
      call(f, std::forward<X>(x));
    }
    [[nodiscard]] static constexpr bool full() noexcept { return false; }
    unit complete() && { return {}; }
  };
  [[nodiscard]] folder make_folder() const { return folder{*f_}; }
  std::pair<for_each_consumer, for_each_consumer> split_at(std::size_t) const {
    return {*this, *this};
  }
  unit reduce(unit, unit) const { return {}; }
  [[nodiscard]] static constexpr bool full() noexcept { return false; }

private:
  const F* f_;
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_FOR_EACH_HPP
