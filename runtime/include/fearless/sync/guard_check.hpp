// fearless — the one check every guard makes before giving access: a guard
// that was moved from (or a permit already released) holds nothing, and
// using it is a detectable misuse, reported by an exception instead of
// undefined behaviour.
#ifndef FEARLESS_SYNC_GUARD_CHECK_HPP
#define FEARLESS_SYNC_GUARD_CHECK_HPP

#include <stdexcept>
#include <string>

namespace fearless::detail {

[[noreturn]] inline void throw_empty_guard(const char* what) {
  throw std::logic_error(std::string("fearless: ") + what +
                         " used after it was moved from or released");
}

}  // namespace fearless::detail

#endif  // FEARLESS_SYNC_GUARD_CHECK_HPP
