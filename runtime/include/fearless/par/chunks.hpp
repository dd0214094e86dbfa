// fearless — chunks(n): groups consecutive items into std::vectors of n
// values (the last one may be shorter). The items are copied (or moved, when
// the iterator yields values); on a container, par_chunks gives spans instead.
#ifndef FEARLESS_PAR_CHUNKS_HPP
#define FEARLESS_PAR_CHUNKS_HPP

#include "fearless/par/chunks_source.hpp"
#include "fearless/par/plumbing.hpp"

#include <algorithm>
#include <vector>

namespace fearless::par {

template <indexed_producer P>
class chunks_producer {
public:
  using item_type = std::vector<value_of<typename P::item_type>>;
  static constexpr bool folds_per_piece = par::folds_per_piece<P>();

  chunks_producer(P base, std::size_t size) : base_(std::move(base)), size_(size) {}
  [[nodiscard]] std::size_t len() const { return chunk_count(base_.len(), size_); }
  /// Length bounds set on the items, counted in chunks.
  [[nodiscard]] std::size_t min_len() const { return chunk_count(min_len_of(base_), size_); }
  [[nodiscard]] std::size_t max_len() const { return std::max<std::size_t>(1, max_len_of(base_) / size_); }
  std::pair<chunks_producer, chunks_producer> split_at(std::size_t i) const {
    auto [left, right] = base_.split_at(items_before(i, size_, base_.len()));
    return {chunks_producer(std::move(left), size_), chunks_producer(std::move(right), size_)};
  }
  item_type get(std::size_t i) const {
    const std::size_t start = items_before(i, size_, base_.len());
    const std::size_t end = items_before(i + 1, size_, base_.len());
    item_type chunk;
    chunk.reserve(end - start);
    for (std::size_t k = start; k < end; ++k)
      chunk.push_back(base_.get(k));
    return chunk;
  }

private:
  P base_;
  std::size_t size_;
};

template <source S>
struct chunks_source {
  static_assert(indexed_producer<producer_of<S>>,
                "fearless: chunks() needs an indexed iterator (chunk before filter, filter_map "
                "or fold)");
  S base;
  std::size_t size;
  auto producer() const { return chunks_producer<producer_of<S>>(base.producer(), size); }
};

}  // namespace fearless::par

#endif  // FEARLESS_PAR_CHUNKS_HPP
