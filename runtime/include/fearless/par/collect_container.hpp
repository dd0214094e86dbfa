// fearless — collect<Container>(): the items into any standard container.
//
// The items are computed in parallel and gathered in order into a vector
// (collect()); a container other than std::vector<value_type> is then built
// from it sequentially, moving each item:
//   - maps (std::map, std::unordered_map...) from pair items: a later item
//     with the same key replaces the earlier one, like Rust's HashMap;
//   - sets and other containers with insert(hint, x): std::set,
//     std::unordered_set, std::multiset, std::list, std::deque...;
//   - std::string (any std::basic_string) from characters, or from strings
//     and string views, which are concatenated.
#ifndef FEARLESS_PAR_COLLECT_CONTAINER_HPP
#define FEARLESS_PAR_COLLECT_CONTAINER_HPP

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace fearless::par {

template <typename C>
inline constexpr bool is_basic_string_v = false;
template <typename Char, typename Traits, typename Alloc>
inline constexpr bool is_basic_string_v<std::basic_string<Char, Traits, Alloc>> = true;

template <typename C, typename V>
concept map_from = requires(C& c, V&& v) {
  typename C::mapped_type;
  c.insert_or_assign(std::move(v.first), std::move(v.second));
};

template <typename C, typename V>
concept insertable_from = requires(C& c, V&& v) { c.insert(c.end(), std::move(v)); };

/// A string is built from its own character type, or from strings and
/// string views (concatenated) — not from numbers, which would be cut to a
/// character.
template <typename C, typename V>
concept string_from =
    is_basic_string_v<C> &&
    (std::is_same_v<std::remove_cvref_t<V>, typename C::value_type> ||
     std::is_convertible_v<const V&, std::basic_string_view<typename C::value_type,
                                                            typename C::traits_type>>);

template <typename C, typename V>
inline constexpr bool collectable_into =
    is_basic_string_v<C> ? string_from<C, V> : (map_from<C, V> || insertable_from<C, V>);

template <typename C, typename V>
C into_container(std::vector<V> items) {
  C out;
  if constexpr (requires { out.reserve(items.size()); })
    if constexpr (!is_basic_string_v<C>)
      out.reserve(items.size());
  if constexpr (is_basic_string_v<C>) {
    using Char = typename C::value_type;
    for (auto& x : items) {
      if constexpr (std::is_same_v<V, Char>)
        out.push_back(x);
      else
        out.append(std::basic_string_view<Char, typename C::traits_type>(x));
    }
  } else if constexpr (map_from<C, V>) {
    for (auto& x : items)
      out.insert_or_assign(std::move(x.first), std::move(x.second));
  } else {
    for (auto& x : items)
      out.insert(out.end(), std::move(x));
  }
  return out;
}

}  // namespace fearless::par

#endif  // FEARLESS_PAR_COLLECT_CONTAINER_HPP
