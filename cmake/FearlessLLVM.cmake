# Finds the LLVM and Clang CMake packages under FEARLESS_LLVM_ROOT and the tools
# the checker's tests need, and defines the interface target
# `fearless_llvm_flags` that carries LLVM's include dirs, definitions and its
# RTTI/exception configuration to everything compiled against clang.
#
# Fails at configure time with the Debian package names to install when
# something is missing, instead of failing later with a confusing build error.

# Guess the major version from the path (/usr/lib/llvm-N) only to name the
# Debian packages in error messages; the real version comes from LLVMConfig.
set(_fearless_llvm_major "<N>")
if(FEARLESS_LLVM_ROOT MATCHES "llvm-([0-9]+)/?$")
  set(_fearless_llvm_major "${CMAKE_MATCH_1}")
endif()
set(_fearless_llvm_packages
    "clang-${_fearless_llvm_major} clang-tidy-${_fearless_llvm_major} libclang-${_fearless_llvm_major}-dev llvm-${_fearless_llvm_major}-dev llvm-${_fearless_llvm_major}-tools")

function(_fearless_missing what)
  message(FATAL_ERROR
    "fearless: ${what} was not found under FEARLESS_LLVM_ROOT=${FEARLESS_LLVM_ROOT}.\n"
    "On Debian 12 install it with:\n"
    "    apt-get install ${_fearless_llvm_packages}\n"
    "(or run LLVM_VERSION=${_fearless_llvm_major} scripts/bootstrap, which installs everything), or point "
    "-DFEARLESS_LLVM_ROOT at another LLVM install.")
endfunction()

# Switching FEARLESS_LLVM_ROOT in an existing build must not keep the old
# install's packages and tools, which find_package and find_program cache.
if(DEFINED _FEARLESS_LLVM_ROOT_USED AND
   NOT _FEARLESS_LLVM_ROOT_USED STREQUAL FEARLESS_LLVM_ROOT)
  foreach(_var LLVM_DIR Clang_DIR FEARLESS_CLANG_TIDY FEARLESS_CLANG
               FEARLESS_CLANGXX FEARLESS_LIT)
    unset(${_var} CACHE)
  endforeach()
endif()
set(_FEARLESS_LLVM_ROOT_USED "${FEARLESS_LLVM_ROOT}" CACHE INTERNAL "")

# LLVMConfig.cmake of some versions runs C compile checks (FindFFI).
enable_language(C)
find_package(LLVM CONFIG NO_DEFAULT_PATH PATHS "${FEARLESS_LLVM_ROOT}/lib/cmake/llvm")
if(NOT LLVM_FOUND)
  _fearless_missing("The LLVM CMake package (LLVMConfig.cmake)")
endif()
find_package(Clang CONFIG NO_DEFAULT_PATH PATHS "${FEARLESS_LLVM_ROOT}/lib/cmake/clang")
if(NOT Clang_FOUND)
  _fearless_missing("The Clang CMake package (ClangConfig.cmake)")
endif()
foreach(_lib clangTidy clangTidyMain)
  if(NOT TARGET ${_lib})
    _fearless_missing("The clang-tidy library target ${_lib}")
  endif()
endforeach()

set(FEARLESS_LLVM_VERSION_MAJOR "${LLVM_VERSION_MAJOR}")

# The lifetime analyses need the CFG to mark the end of every automatic
# object's lifetime, trivially destructible ones included: LLVM 16's CFG does
# not (the checker builds with it, but misses threads that outlive an int).
# LLVM 19 is the version the test suite runs with.
set(FEARLESS_MIN_LLVM_MAJOR 19 CACHE STRING
    "Oldest LLVM major accepted (the analyses are tested with 19)")
if(LLVM_VERSION_MAJOR LESS FEARLESS_MIN_LLVM_MAJOR)
  message(FATAL_ERROR
    "fearless: LLVM ${LLVM_PACKAGE_VERSION} under ${FEARLESS_LLVM_ROOT} is older than "
    "${FEARLESS_MIN_LLVM_MAJOR}, the version the checker is tested with (Debian 12: "
    "apt-get install clang-19 clang-tidy-19 libclang-19-dev llvm-19-dev llvm-19-tools). "
    "-DFEARLESS_MIN_LLVM_MAJOR=16 builds anyway, with known missed findings.")
endif()
if(NOT LLVM_ENABLE_PLUGINS)
  message(WARNING
    "fearless: this LLVM was built without plugin support: its clang-tidy cannot "
    "--load the fearless plugin. Use the standalone fearless-tidy instead.")
endif()

if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR
    "fearless: the checker must be compiled with clang, as LLVM ${LLVM_PACKAGE_VERSION} "
    "was (${CMAKE_CXX_COMPILER_ID} names some of clang-tidy's symbols differently). "
    "Configure a fresh build directory without CXX set, or with "
    "-DCMAKE_CXX_COMPILER=${FEARLESS_LLVM_ROOT}/bin/clang++, or build only the "
    "runtime with -DFEARLESS_BUILD_CHECKER=OFF.")
endif()
message(STATUS "fearless: LLVM ${LLVM_PACKAGE_VERSION} from ${FEARLESS_LLVM_ROOT}")

# Tools used by the build and the tests, all from the same install.
macro(_fearless_find_tool var name)
  find_program(${var} NAMES ${name} NO_DEFAULT_PATH
               PATHS "${LLVM_TOOLS_BINARY_DIR}" "${FEARLESS_LLVM_ROOT}/bin")
  if(NOT ${var})
    _fearless_missing("${name}")
  endif()
endmacro()
_fearless_find_tool(FEARLESS_CLANG_TIDY clang-tidy)
_fearless_find_tool(FEARLESS_CLANG clang)
_fearless_find_tool(FEARLESS_CLANGXX clang++)

# clang's builtin headers (stddef.h, ...) live in the resource dir. clang-tidy
# finds it next to its own executable; fearless-tidy is built elsewhere, so it
# is told where the resource dir of this LLVM install is.
execute_process(COMMAND "${FEARLESS_CLANG}" -print-resource-dir
                OUTPUT_VARIABLE FEARLESS_CLANG_RESOURCE_DIR
                OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0 OR NOT IS_DIRECTORY "${FEARLESS_CLANG_RESOURCE_DIR}/include")
  _fearless_missing("clang's resource directory (builtin headers)")
endif()

add_library(fearless_llvm_flags INTERFACE)
target_include_directories(fearless_llvm_flags SYSTEM INTERFACE
  ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
separate_arguments(_fearless_llvm_defs NATIVE_COMMAND "${LLVM_DEFINITIONS}")
target_compile_options(fearless_llvm_flags INTERFACE ${_fearless_llvm_defs})
# Follow LLVM's own configuration: a mismatch in RTTI breaks typeinfo symbols
# at plugin load time, a mismatch in exceptions is an ABI surprise.
if(NOT LLVM_ENABLE_RTTI)
  target_compile_options(fearless_llvm_flags INTERFACE -fno-rtti)
endif()
if(NOT LLVM_ENABLE_EH)
  target_compile_options(fearless_llvm_flags INTERFACE -fno-exceptions)
endif()
target_compile_features(fearless_llvm_flags INTERFACE cxx_std_17)
target_compile_definitions(fearless_llvm_flags INTERFACE
  FEARLESS_LLVM_VERSION_MAJOR=${LLVM_VERSION_MAJOR})
