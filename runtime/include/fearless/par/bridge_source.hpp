// fearless — the producer of par_bridge: items pulled one at a time from a
// sequential source (an input range, a channel receiver) shared by every
// piece of work. Each piece keeps pulling until the source runs dry, so
// threads that finish early simply take more: the balance is dynamic, and
// the order in which items are seen (and collected) is unspecified.
#ifndef FEARLESS_PAR_BRIDGE_SOURCE_HPP
#define FEARLESS_PAR_BRIDGE_SOURCE_HPP

#include "fearless/par/plumbing.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <utility>

namespace fearless::par {

/// Puller: a shared object with `std::optional<T> next()`, safe to call from
/// many threads at once; nullopt means the source is exhausted.
template <typename Puller>
class bridge_producer {
public:
  using item_type = typename decltype(std::declval<Puller&>().next())::value_type;
  /// A piece is fed whole: it pulls until the source is dry, not a count.
  static constexpr bool folds_per_piece = true;

  bridge_producer(std::shared_ptr<Puller> source, std::size_t pieces)
      : source_(std::move(source)), pieces_(pieces) {}
  /// Not a count of items (unknown): how many pieces may still be made, so
  /// that the work spreads over about one piece per thread.
  [[nodiscard]] std::size_t len() const noexcept { return pieces_; }
  [[nodiscard]] static constexpr std::size_t max_len() noexcept { return 1; }
  std::pair<bridge_producer, bridge_producer> split_at(std::size_t i) const {
    return {bridge_producer(source_, i), bridge_producer(source_, pieces_ - i)};
  }
  template <typename Folder>
  void fold_with(Folder& folder) const {
    if (pieces_ == 0)
      return;  // an empty side of a split
    while (!folder.full()) {
      std::optional<item_type> item = source_->next();
      if (!item)
        return;
      folder.consume(std::move(*item));
    }
  }

private:
  std::shared_ptr<Puller> source_;
  std::size_t pieces_;
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_BRIDGE_SOURCE_HPP
