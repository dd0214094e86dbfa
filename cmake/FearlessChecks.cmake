# fearless_enable_checks(TARGET <target>... [WARNINGS_AS_ERRORS]
#                        [CHECKS <glob>] [EXTRA_ARGS <arg>...])
#
# Runs the fearless checks on every C and C++ source of the targets while they
# compile: sets the targets' CXX_CLANG_TIDY and C_CLANG_TIDY to fearless-tidy
# (CMake then runs it beside the compiler, with the same flags, and prints its
# findings in the build log). Ninja and Makefile generators only, as for
# CMake's own <LANG>_CLANG_TIDY.
#
#   CHECKS              the checks to run (default: '-*,fearless-*')
#   WARNINGS_AS_ERRORS  a fearless-* finding fails the compilation of its file
#   EXTRA_ARGS          more arguments for fearless-tidy (`--config-file=...`)
#
# fearless-tidy is looked for beside this package first (the `bin` directory of
# the prefix it was installed to), then on the PATH; FEARLESS_TIDY_EXECUTABLE
# overrides both.
function(fearless_enable_checks)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "WARNINGS_AS_ERRORS" "CHECKS"
                        "TARGET;EXTRA_ARGS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
            "fearless_enable_checks: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_TARGET)
    message(FATAL_ERROR "fearless_enable_checks: TARGET <target>... is required")
  endif()
  if(NOT ARG_CHECKS)
    set(ARG_CHECKS "-*,fearless-*")
  endif()
  find_program(FEARLESS_TIDY_EXECUTABLE NAMES fearless-tidy
               HINTS "${_FEARLESS_INSTALLED_BINDIR}"
               DOC "fearless-tidy, the clang-tidy driver with the fearless checks")
  if(NOT FEARLESS_TIDY_EXECUTABLE)
    message(FATAL_ERROR
            "fearless_enable_checks: fearless-tidy was not found (looked in "
            "'${_FEARLESS_INSTALLED_BINDIR}' and on the PATH); install fearless's "
            "checker component, or set FEARLESS_TIDY_EXECUTABLE")
  endif()
  set(command "${FEARLESS_TIDY_EXECUTABLE}" "--checks=${ARG_CHECKS}")
  if(ARG_WARNINGS_AS_ERRORS)
    list(APPEND command "--warnings-as-errors=fearless-*")
  endif()
  list(APPEND command ${ARG_EXTRA_ARGS})
  foreach(target IN LISTS ARG_TARGET)
    if(NOT TARGET "${target}")
      message(FATAL_ERROR "fearless_enable_checks: '${target}' is not a target")
    endif()
    set_property(TARGET "${target}" PROPERTY CXX_CLANG_TIDY "${command}")
    set_property(TARGET "${target}" PROPERTY C_CLANG_TIDY "${command}")
  endforeach()
endfunction()
