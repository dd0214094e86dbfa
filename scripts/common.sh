# Sourced by the scripts: the settings they share, in one place.
# LLVM_VERSION picks the LLVM/Clang major (Debian packages llvm-N, clang-tidy-N)
# the checker is built against; override it in the environment.
LLVM_VERSION="${LLVM_VERSION:-19}"
FEARLESS_LLVM_ROOT="${FEARLESS_LLVM_ROOT:-/usr/lib/llvm-${LLVM_VERSION}}"
FEARLESS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# configure_and_build [targets...]: configures the default preset with the
# chosen LLVM and builds the given targets (everything when none are given).
configure_and_build() {
  cmake --preset default -DFEARLESS_LLVM_ROOT="${FEARLESS_LLVM_ROOT}" >/dev/null
  if [ "$#" -gt 0 ]; then
    cmake --build --preset default --target "$@"
  else
    cmake --build --preset default
  fi
}
