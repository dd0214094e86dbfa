// fearless — the runtime's version, for feature tests in user code.
#ifndef FEARLESS_VERSION_HPP
#define FEARLESS_VERSION_HPP

#define FEARLESS_VERSION_MAJOR 0
#define FEARLESS_VERSION_MINOR 1
#define FEARLESS_VERSION_PATCH 0

namespace fearless {

/// The runtime's version as numbers, comparable at compile time.
struct version_info {
  int major;
  int minor;
  int patch;
};

inline constexpr version_info version{FEARLESS_VERSION_MAJOR, FEARLESS_VERSION_MINOR,
                                      FEARLESS_VERSION_PATCH};

}  // namespace fearless

#endif  // FEARLESS_VERSION_HPP
