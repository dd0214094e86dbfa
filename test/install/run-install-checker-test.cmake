# cmake -P script: install the checker component of a fearless build into a
# fresh prefix and run the installed fearless-tidy and plugin on an example.
foreach(var FEARLESS_BUILD_DIR WORK_DIR CLANG_TIDY EXAMPLE LIBDIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run-install-checker-test.cmake: ${var} is not set")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${FEARLESS_BUILD_DIR}"
                        --prefix "${prefix}" --component checker
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "installing the checker failed (${rc})")
endif()

# Counts the fearless-detached-thread warnings a command prints.
function(count_findings out)
  execute_process(COMMAND ${ARGN} "--checks=-*,fearless-*" "${EXAMPLE}"
                          -- -std=c++20 -pthread
                  OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${stdout}\n${stderr}")
  endif()
  # Match only the check's tag: a whole message holds ';', a list separator.
  string(REGEX MATCHALL "\\[fearless-detached-thread\\]" found "${stdout}")
  list(LENGTH found count)
  set(${out} ${count} PARENT_SCOPE)
endfunction()

count_findings(standalone "${prefix}/bin/fearless-tidy")
set(plugin "${prefix}/${LIBDIR}/libFearlessTidyPlugin.so")
if(NOT EXISTS "${plugin}")
  message(FATAL_ERROR "the plugin was not installed at ${plugin}")
endif()
count_findings(loaded "${CLANG_TIDY}" "--load=${plugin}")
if(standalone EQUAL 2 AND loaded EQUAL 2)
  message("installed fearless-tidy and plugin both found 2 detached threads")
else()
  message(FATAL_ERROR "expected 2 findings each; fearless-tidy: ${standalone}, plugin: ${loaded}")
endif()
