// CLEAN: the runtime's answer to the article's Rayon examples — change iter()
// to par_iter() and the loop spreads over every core, with no shared mutable
// state to get wrong: sums, filters and products are reductions, records are
// validated and transformed into a new vector in their original order, and
// the big sort runs on the same pool. No fearless check reports anything.
#include <fearless/join.hpp>
#include <fearless/par_iter.hpp>
#include <fearless/par_sort.hpp>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace {

/// Rayon: `numbers.par_iter().map(|x| x * x).sum()`.
std::uint64_t sum_of_squares(const std::vector<std::uint64_t>& numbers) {
  return fearless::par_iter(numbers).map([](std::uint64_t x) { return x * x; }).sum();
}

/// Rayon: `numbers.par_iter().filter(|&&x| x % 2 == 0).count()`.
std::size_t count_even(const std::vector<std::uint64_t>& numbers) {
  return fearless::par_iter(numbers).filter([](std::uint64_t x) { return x % 2 == 0; }).count();
}

/// Rayon: `(1..=n).into_par_iter().product()`, here modulo 2^64.
std::uint64_t factorial_wrapping(std::uint64_t n) {
  return fearless::par_range(std::uint64_t{1}, n + 1).product();
}

struct record {
  int id;
  std::string name;
  double amount;
};

struct invoice_line {
  int id;
  std::string label;
  long cents;
};

/// Validation: named, positive, below the limit.
bool is_valid(const record& r) { return !r.name.empty() && r.amount > 0 && r.amount < 1e6; }

/// Rayon: `records.par_iter().filter(validate).map(transform).collect()`.
/// Each record is read by one task at a time and the output vector is built
/// by collect, in the records' order: nothing is shared and written.
std::vector<invoice_line> invoice(const std::vector<record>& records) {
  return fearless::par_iter(records)
      .filter(is_valid)
      .map([](const record& r) {
        return invoice_line{r.id, "#" + std::to_string(r.id) + " " + r.name,
                            static_cast<long>(r.amount * 100 + 0.5)};
      })
      .collect();
}

/// Rayon: `records.par_iter().find_first(|r| !validate(r))`.
std::optional<int> first_invalid_id(const std::vector<record>& records) {
  auto bad = fearless::par_iter(records).find_first([](const record& r) { return !is_valid(r); });
  return bad ? std::optional<int>(bad->id) : std::nullopt;
}

/// Rayon's `join`: the two halves of a recursion, potentially in parallel.
std::uint64_t fib(unsigned n) {
  if (n < 20) {
    std::uint64_t a = 0, b = 1;
    for (unsigned i = 0; i < n; ++i) {
      const std::uint64_t next = a + b;
      a = b;
      b = next;
    }
    return a;
  }
  auto [x, y] = fearless::join([n] { return fib(n - 1); }, [n] { return fib(n - 2); });
  return x + y;
}

}  // namespace

int main() {
  std::vector<std::uint64_t> numbers(1'000'000);
  fearless::par_iter_mut(numbers).enumerate().for_each(
      [](std::pair<std::size_t, std::uint64_t&> slot) { slot.second = slot.first + 1; });

  std::printf("sum of squares of 1..1000000: %llu\n",
              static_cast<unsigned long long>(sum_of_squares(numbers)));
  std::printf("even numbers: %zu\n", count_even(numbers));
  std::printf("20! = %llu\n", static_cast<unsigned long long>(factorial_wrapping(20)));

  std::vector<record> records;
  for (int id = 1; id <= 100'000; ++id)
    records.push_back({id, id % 1000 == 0 ? "" : "customer-" + std::to_string(id % 97),
                       (id % 500) * 1.25});
  const auto lines = invoice(records);
  long total_cents = fearless::par_iter(lines).map([](const invoice_line& l) { return l.cents; }).sum();
  std::printf("invoiced %zu of %zu records, %ld cents; first invalid: #%d\n", lines.size(),
              records.size(), total_cents, first_invalid_id(records).value_or(-1));

  std::vector<invoice_line> by_amount = lines;
  fearless::par_sort_by_key(by_amount, [](const invoice_line& l) { return -l.cents; });
  std::printf("largest: %s (%ld cents)\n", by_amount.front().label.c_str(), by_amount.front().cents);

  std::printf("fib(35) = %llu\n", static_cast<unsigned long long>(fib(35)));
}
