// fearless — min, max, min_by_key, max_by_key: the smallest or largest item
// (a copy of it), or nullopt when there are none. Ties go as in Rayon's
// implementation (and Rust's Iterator): min keeps the first of equal items,
// max the last (std::max_element would keep the first).
#ifndef FEARLESS_PAR_EXTREMUM_HPP
#define FEARLESS_PAR_EXTREMUM_HPP

#include "fearless/par/plumbing.hpp"

#include <optional>

namespace fearless::par {

/// Compares the items themselves.
struct self_key {};

enum class extreme { min, max };

/// What is compared: key(x), or nothing extra when the items compare
/// themselves.
struct no_key {};
template <typename V, typename Key>
struct key_of {
  using type = std::remove_cvref_t<std::invoke_result_t<const Key&, const V&>>;
};
template <typename V>
struct key_of<V, self_key> {
  using type = no_key;
};

template <typename V, typename Key, extreme Which>
class extremum_consumer {
  static constexpr bool by_key = !std::is_same_v<Key, self_key>;
  using key_type = typename key_of<V, Key>::type;

public:
  struct best {
    V value;
    [[no_unique_address]] key_type key;
  };
  using result_type = std::optional<best>;

  explicit extremum_consumer(const Key* key) : key_(key) {}

  /// True if `candidate` (later in the sequence) replaces `current`.
  static bool replaces(const best& current, const V& candidate_value, const key_type& candidate_key) {
    if constexpr (by_key) {
      if constexpr (Which == extreme::min)
        return candidate_key < current.key;
      else
        return !(candidate_key < current.key);
    } else {
      (void)candidate_key;
      if constexpr (Which == extreme::min)
        return candidate_value < current.value;
      else
        return !(candidate_value < current.value);
    }
  }

  struct folder {
    result_type found;
    const Key* key;
    template <typename X>
    void consume(X&& x) {
      if constexpr (by_key) {
        key_type k = call(*key, std::as_const(x));
        if (!found || replaces(*found, x, k))
          found.emplace(best{V(std::forward<X>(x)), std::move(k)});
      } else {
        if (!found || replaces(*found, x, key_type{}))
          found.emplace(best{V(std::forward<X>(x)), key_type{}});
      }
    }
    [[nodiscard]] static constexpr bool full() noexcept { return false; }
    result_type complete() && { return std::move(found); }
  };
  [[nodiscard]] folder make_folder() const { return folder{std::nullopt, key_}; }
  std::pair<extremum_consumer, extremum_consumer> split_at(std::size_t) const {
    return {*this, *this};
  }
  result_type reduce(result_type left, result_type right) const {
    if (!left)
      return right;
    if (!right)
      return left;
    return replaces(*left, right->value, right->key) ? std::move(right) : std::move(left);
  }
  [[nodiscard]] static constexpr bool full() noexcept { return false; }

private:
  const Key* key_;
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_EXTREMUM_HPP
