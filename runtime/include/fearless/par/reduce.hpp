// fearless — the reducing terminals: reduce(identity, op) and, built on the
// same consumer, sum, product and count. Each piece starts from identity and
// applies op item by item; the pieces' results are combined with op, left to
// right, so op must be associative and identity neutral (op(identity, x) == x).
#ifndef FEARLESS_PAR_REDUCE_HPP
#define FEARLESS_PAR_REDUCE_HPP

#include "fearless/par/plumbing.hpp"

namespace fearless::par {

template <typename T, typename Identity, typename Op>
class reduce_consumer {
public:
  using result_type = T;

  reduce_consumer(const Identity* identity, const Op* op) : identity_(identity), op_(op) {}
  struct folder {
    T acc;
    const Op& op;
    template <typename X>
    void consume(X&& x) {
      acc = call(op, std::move(acc), std::forward<X>(x));
    }
    [[nodiscard]] static constexpr bool full() noexcept { return false; }
    T complete() && { return std::move(acc); }
  };
  [[nodiscard]] folder make_folder() const { return folder{T(make_identity(*identity_)), *op_}; }
  std::pair<reduce_consumer, reduce_consumer> split_at(std::size_t) const {
    return {*this, *this};
  }
  T reduce(T left, T right) const { return call(*op_, std::move(left), std::move(right)); }
  [[nodiscard]] static constexpr bool full() noexcept { return false; }

private:
  const Identity* identity_;
  const Op* op_;
};

/// count(): how many items.
class count_consumer {
public:
  using result_type = std::size_t;
  struct folder {
    std::size_t n = 0;
    template <typename X>
    void consume(X&&) noexcept {
      ++n;
    }
    [[nodiscard]] static constexpr bool full() noexcept { return false; }
    std::size_t complete() && noexcept { return n; }
  };
  [[nodiscard]] folder make_folder() const noexcept { return {}; }
  std::pair<count_consumer, count_consumer> split_at(std::size_t) const noexcept { return {}; }
  std::size_t reduce(std::size_t left, std::size_t right) const noexcept { return left + right; }
  [[nodiscard]] static constexpr bool full() noexcept { return false; }
};

/// The accumulation of sum<S>() and product<S>(): S + item, S * item.
struct add_to {
  template <typename S, typename X>
  S operator()(S acc, X&& x) const {
    return static_cast<S>(std::move(acc) + std::forward<X>(x));
  }
};
struct multiply_into {
  template <typename S, typename X>
  S operator()(S acc, X&& x) const {
    return static_cast<S>(std::move(acc) * std::forward<X>(x));
  }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_REDUCE_HPP
