// CLEAN: the article's "Parallel Pipeline with Multiple Stages" — stage 1
// upper-cases words on the pool, stage 2 measures them on a scoped thread,
// stage 3 adds the lengths up. Bounded channels connect the stages, so a
// fast stage waits for a slow one; each stage ends when the one before it
// has dropped its sender. No fearless check reports anything.
#include <fearless/channel.hpp>
#include <fearless/par_iter.hpp>
#include <fearless/scope.hpp>

#include <cctype>
#include <cstddef>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace ch = fearless::channel;

namespace {

std::string stage1(const std::string& input) {
  std::string upper = input;
  for (char& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

/// The length, or 0 for a word stage 1 failed to upper-case (the check
/// that the words went through it).
std::size_t stage2(const std::string& input) {
  for (char c : input)
    if (std::islower(static_cast<unsigned char>(c)))
      return 0;
  return input.size();
}

std::size_t stage3(const std::vector<std::size_t>& lengths) {
  std::size_t total = 0;
  for (std::size_t n : lengths)
    total += n;
  return total;
}

struct totals {
  std::size_t words;
  std::size_t length;
};

totals run_pipeline(const std::vector<std::string>& inputs) {
  auto [tx1, rx1] = ch::bounded<std::string>(10);
  auto [tx2, rx2] = ch::bounded<std::size_t>(10);
  return fearless::scope([&](fearless::scope_handle& s) {
    s.spawn([&inputs, tx1 = std::move(tx1)] {
      fearless::par_iter(inputs).map(stage1).for_each_with(
          tx1, [](const ch::sender<std::string>& out, std::string word) {
            (void)out.send(std::move(word));
          });
    });
    s.spawn([rx1 = std::move(rx1), tx2 = std::move(tx2)] {
      for (const std::string& word : rx1)
        if (!tx2.send(stage2(word)))
          return;
    });
    auto aggregate = s.spawn([rx2 = std::move(rx2)] {
      const std::vector<std::size_t> lengths(rx2.begin(), rx2.end());
      return totals{lengths.size(), stage3(lengths)};
    });
    return aggregate.join();
  });
}

}  // namespace

int main() {
  const std::vector<std::string> words = {"hello", "world", "from", "rust", "concurrency"};
  const totals article = run_pipeline(words);
  std::printf("pipeline: %zu words, total length %zu\n", article.words, article.length);

  std::vector<std::string> many;
  for (int round = 0; round < 1000; ++round)
    many.insert(many.end(), words.begin(), words.end());
  const totals bigger = run_pipeline(many);
  std::printf("pipeline: %zu words, total length %zu\n", bigger.words, bigger.length);

  return article.length == 29 && bigger.words == 5000 && bigger.length == 29'000 ? 0 : 1;
}
