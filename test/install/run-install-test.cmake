# cmake -P script: install the runtime component of a fearless build into a
# fresh prefix, then configure, build and run the consumer project against it.
foreach(var FEARLESS_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR CONSUMER_CXX GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run-install-test.cmake: ${var} is not set")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "failed (${rc}): ${command}")
  endif()
endfunction()

run("${CMAKE_COMMAND}" --install "${FEARLESS_BUILD_DIR}" --prefix "${prefix}"
    --component runtime)
run("${CMAKE_COMMAND}" -S "${CONSUMER_SOURCE_DIR}" -B "${WORK_DIR}/build"
    -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CONSUMER_CXX}"
    "-DCMAKE_PREFIX_PATH=${prefix}" "-DEXPECTED_PREFIX=${prefix}")
run("${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/consumer")
