# Sourced by the scripts: the settings they share, in one place.

# The LLVM/Clang majors the checker is tested against (Debian packages llvm-N,
# clang-tidy-N); the first is the default one, the others get the checker's
# build and lit suite in scripts/test.
FEARLESS_TESTED_LLVM_VERSIONS=(19 22)
FEARLESS_DEFAULT_LLVM_VERSION="${FEARLESS_TESTED_LLVM_VERSIONS[0]}"

# LLVM_VERSION picks the major the checker is built against; override it in
# the environment (LLVM_VERSION=22 scripts/test).
LLVM_VERSION="${LLVM_VERSION:-${FEARLESS_DEFAULT_LLVM_VERSION}}"
FEARLESS_LLVM_ROOT="${FEARLESS_LLVM_ROOT:-/usr/lib/llvm-${LLVM_VERSION}}"
FEARLESS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Each major builds in a directory of its own, so that switching does not
# reconfigure (and rebuild) the other: build/ for the default major,
# build-llvmN/ for another one.
fearless_build_dir() {
  if [ "$1" = "${FEARLESS_DEFAULT_LLVM_VERSION}" ]; then
    echo "build"
  else
    echo "build-llvm$1"
  fi
}
FEARLESS_BUILD_DIR="${FEARLESS_BUILD_DIR:-$(fearless_build_dir "${LLVM_VERSION}")}"

# configure_and_build [targets...]: configures the default preset with the
# chosen LLVM in FEARLESS_BUILD_DIR and builds the given targets (everything
# when none are given). Extra cache settings: FEARLESS_CMAKE_ARGS (an array).
configure_and_build() {
  cmake --preset default -B "${FEARLESS_BUILD_DIR}" \
    -DFEARLESS_LLVM_ROOT="${FEARLESS_LLVM_ROOT}" \
    ${FEARLESS_CMAKE_ARGS[@]+"${FEARLESS_CMAKE_ARGS[@]}"} >/dev/null
  if [ "$#" -gt 0 ]; then
    cmake --build "${FEARLESS_BUILD_DIR}" --target "$@"
  else
    cmake --build "${FEARLESS_BUILD_DIR}"
  fi
}

# run_ctest [ctest arguments...]: the tests of FEARLESS_BUILD_DIR, with the
# output of each failing test, and an error when none matches.
run_ctest() {
  ctest --test-dir "${FEARLESS_BUILD_DIR}" --output-on-failure \
    --no-tests=error "$@"
}
