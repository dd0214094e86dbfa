# Build variants that the runtime's tests run in. Each variant is a list of
# compile/link flags and the environment its executables need.
#
#   plain  the ordinary build
#   tsan   ThreadSanitizer: data races and lock-order inversions
#   asan   AddressSanitizer + UndefinedBehaviorSanitizer: memory errors, UB

#
# The sanitized variants keep line tables only: a report's stack needs no
# more, and full debug info of the template-heavy tests made their builds
# the largest part of the whole build's time.
set(FEARLESS_VARIANT_FLAGS_plain "")
set(FEARLESS_VARIANT_FLAGS_tsan -fsanitize=thread -fno-omit-frame-pointer
    -gline-tables-only)
set(FEARLESS_VARIANT_FLAGS_asan -fsanitize=address,undefined
    -fno-sanitize-recover=all -fno-omit-frame-pointer -gline-tables-only)

set(FEARLESS_VARIANT_ENV_plain "")
set(FEARLESS_VARIANT_ENV_tsan "TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1")
set(FEARLESS_VARIANT_ENV_asan
    "ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1"
    "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")

set(FEARLESS_VARIANTS plain)
if(FEARLESS_SANITIZER_TESTS)
  list(APPEND FEARLESS_VARIANTS tsan asan)
endif()

# fearless_variant_executable(<target> <variant> <sources>...)
# An executable built with the variant's flags.
function(fearless_variant_executable target variant)
  add_executable(${target} ${ARGN})
  target_compile_options(${target} PRIVATE ${FEARLESS_VARIANT_FLAGS_${variant}})
  target_link_options(${target} PRIVATE ${FEARLESS_VARIANT_FLAGS_${variant}})
endfunction()

# fearless_variant_test(<name> <variant> <target> [args...])
# A ctest test running the target with the variant's environment.
function(fearless_variant_test name variant target)
  add_test(NAME ${name} COMMAND ${target} ${ARGN})
  if(FEARLESS_VARIANT_ENV_${variant})
    set_tests_properties(${name} PROPERTIES
      ENVIRONMENT "${FEARLESS_VARIANT_ENV_${variant}}")
  endif()
endfunction()
