# cmake -P script: build the Debian package with cpack, check its contents
# and dependencies, unpack it with dpkg -x and run the unpacked fearless-tidy
# and fearless-ci on an example.
foreach(var FEARLESS_BUILD_DIR WORK_DIR EXAMPLE LLVM_MAJOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run-deb-test.cmake: ${var} is not set")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(COMMAND cpack -G DEB --config "${FEARLESS_BUILD_DIR}/CPackConfig.cmake"
                        -B "${WORK_DIR}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cpack failed (${rc}):\n${stdout}\n${stderr}")
endif()
file(GLOB debs "${WORK_DIR}/fearless-llvm${LLVM_MAJOR}_*.deb")
list(LENGTH debs count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "expected one fearless-llvm${LLVM_MAJOR} .deb in ${WORK_DIR}, found: ${debs}")
endif()

# Its dependencies: the clang-tidy that loads the plugin, the libraries that
# fearless-tidy links, Python for fearless-ci.
execute_process(COMMAND dpkg-deb --field "${debs}" Depends
                OUTPUT_VARIABLE depends RESULT_VARIABLE rc)
foreach(needed "clang-tidy-${LLVM_MAJOR}" "libclang-cpp${LLVM_MAJOR}" "python3")
  string(FIND "${depends}" "${needed}" at)
  if(rc OR at EQUAL -1)
    message(FATAL_ERROR "the package does not depend on ${needed}: ${depends}")
  endif()
endforeach()

# Its files.
execute_process(COMMAND dpkg-deb --contents "${debs}" OUTPUT_VARIABLE contents)
foreach(file
    usr/bin/fearless-tidy usr/bin/fearless-ci
    usr/share/fearless-ci/fearless_ci/cli.py
    usr/include/fearless/scope.hpp usr/include/fearless/channel.hpp
    usr/lib/cmake/fearless/fearlessConfig.cmake
    usr/lib/cmake/fearless/FearlessChecks.cmake
    usr/share/doc/fearless/README.md
    usr/share/doc/fearless/checks/fearless-thread-escaping-borrow.md)
  string(FIND "${contents}" "./${file}\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the package lacks ${file}:\n${contents}")
  endif()
endforeach()
if(NOT contents MATCHES "/libFearlessTidyPlugin\\.so\n")
  message(FATAL_ERROR "the package lacks the plugin:\n${contents}")
endif()

# Unpacked, the tools run.
set(root "${WORK_DIR}/root")
execute_process(COMMAND dpkg -x "${debs}" "${root}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "dpkg -x failed (${rc})")
endif()
execute_process(COMMAND "${root}/usr/bin/fearless-tidy" "--checks=-*,fearless-*"
                        "${EXAMPLE}" -- -std=c++20 -pthread
                OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr RESULT_VARIABLE rc)
string(REGEX MATCHALL "\\[fearless-detached-thread\\]" found "${stdout}")
list(LENGTH found findings)
if(NOT rc EQUAL 0 OR NOT findings EQUAL 2)
  message(FATAL_ERROR "the unpacked fearless-tidy found ${findings} detached threads "
                      "(expected 2), exit ${rc}:\n${stdout}\n${stderr}")
endif()
execute_process(COMMAND "${root}/usr/bin/fearless-ci" --version
                OUTPUT_VARIABLE version ERROR_VARIABLE stderr RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the unpacked fearless-ci does not run (${rc}): ${stderr}")
endif()
get_filename_component(name "${debs}" NAME)
string(STRIP "${version}" version)
message("${name}: contents and dependencies as expected; unpacked fearless-tidy "
        "found 2 detached threads; ${version}")
