# `cpack -G DEB` in the build directory: one Debian package with everything
# an installed fearless has (the runtime headers and CMake package, the
# plugin, fearless-tidy, fearless-ci, the docs), built for one LLVM major and
# named after it (fearless-llvm19), since the plugin only loads into the
# clang-tidy of that major and fearless-tidy links that LLVM's libraries.
set(_llvm_major "${FEARLESS_LLVM_VERSION_MAJOR}")

install(FILES README.md DESTINATION "${CMAKE_INSTALL_DOCDIR}" COMPONENT docs)
install(DIRECTORY docs/ DESTINATION "${CMAKE_INSTALL_DOCDIR}" COMPONENT docs)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME "fearless")
set(CPACK_PACKAGE_VENDOR "fearless")
set(CPACK_PACKAGE_CONTACT "fearless maintainers <fearless@users.noreply.github.com>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
if(_llvm_major)
  set(CPACK_DEBIAN_PACKAGE_NAME "fearless-llvm${_llvm_major}")
  # The plugin is loaded by clang-tidy-N and fearless-ci runs in Python;
  # dpkg-shlibdeps adds what fearless-tidy links (libclang-cpp and libLLVM
  # of N, libstdc++).
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "clang-tidy-${_llvm_major}, python3")
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  # A runtime-only build (FEARLESS_BUILD_CHECKER=OFF): headers, CMake
  # package and docs.
  set(CPACK_DEBIAN_PACKAGE_NAME "fearless-runtime")
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE all)
endif()
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "clang-tidy checks (fearless-*) as a plugin and as the standalone fearless-tidy, the fearless-ci project runner (SARIF, GitHub, GitLab Code Quality, baselines), and a C++20 runtime of scoped threads, channels with select and parallel iterators.")
include(CPack)
