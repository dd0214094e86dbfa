# cmake -P script: install fearless (runtime and checker) into a fresh prefix,
# then build a project that calls fearless_enable_checks(): the findings must
# appear in the build log for the checked target only, and fail the build
# with WARNINGS_AS_ERRORS.
foreach(var FEARLESS_BUILD_DIR WORK_DIR CONSUMER_SOURCE_DIR CONSUMER_CXX GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run-install-checks-test.cmake: ${var} is not set")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
foreach(component runtime checker)
  execute_process(COMMAND "${CMAKE_COMMAND}" --install "${FEARLESS_BUILD_DIR}"
                          --prefix "${prefix}" --component ${component}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "installing the ${component} component failed (${rc})")
  endif()
endforeach()

# Configures and builds the consumer; returns the build's exit code and log.
function(build_consumer name as_errors out_rc out_log)
  set(build "${WORK_DIR}/${name}")
  execute_process(COMMAND "${CMAKE_COMMAND}" -S "${CONSUMER_SOURCE_DIR}" -B "${build}"
                          -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CONSUMER_CXX}"
                          "-DCMAKE_PREFIX_PATH=${prefix}" "-DCHECKS_AS_ERRORS=${as_errors}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configuring the consumer failed (${rc}):\n${stdout}\n${stderr}")
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${build}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  set(${out_rc} ${rc} PARENT_SCOPE)
  set(${out_log} "${stdout}\n${stderr}" PARENT_SCOPE)
endfunction()

build_consumer(warnings OFF rc log)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the build with warnings failed (${rc}):\n${log}")
endif()
string(REGEX MATCHALL "detached\\.cpp:7:[0-9]+: warning: [^\n]*\\[fearless-[a-z-]+\\]"
       findings "${log}")
list(LENGTH findings count)
if(count LESS 1)
  message(FATAL_ERROR "no fearless finding in the build log:\n${log}")
endif()
# The checks run through the fearless-tidy of the installed prefix.
file(GLOB_RECURSE build_files "${WORK_DIR}/warnings/*.ninja" "${WORK_DIR}/warnings/*.make")
set(runs_installed_tidy FALSE)
foreach(build_file IN LISTS build_files)
  file(READ "${build_file}" text)
  string(FIND "${text}" "${prefix}/bin/fearless-tidy" at)
  if(at GREATER -1)
    set(runs_installed_tidy TRUE)
  endif()
endforeach()
if(NOT runs_installed_tidy)
  message(FATAL_ERROR "the build does not run ${prefix}/bin/fearless-tidy")
endif()

build_consumer(errors ON rc log)
if(rc EQUAL 0)
  message(FATAL_ERROR "WARNINGS_AS_ERRORS did not fail the build:\n${log}")
endif()
if(NOT log MATCHES "error: [^\n]*\\[fearless-[a-z-]+,-warnings-as-errors\\]")
  message(FATAL_ERROR "the failing build did not report the finding as an error:\n${log}")
endif()
message("fearless_enable_checks: ${count} finding(s) in the build log; "
        "WARNINGS_AS_ERRORS fails the build")
