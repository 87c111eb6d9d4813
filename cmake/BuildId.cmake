# cmake/BuildId.cmake — writes OUTPUT, a C++ file defining gigaline::build_id(): `git describe --always --dirty`
# of SOURCE_DIR, or FALLBACK when that is not a git checkout (a source tarball) or git is missing.
# Run at configure time and again by the target gigaline_build_id at every build: configure_file rewrites OUTPUT
# only when the text changes, so a build whose commit and dirtiness did not change recompiles nothing.
# Usage: cmake -DSOURCE_DIR=... -DOUTPUT=... -DFALLBACK=... -P BuildId.cmake
# GIGALINE_BUILD_ID_FROZEN=1 in the environment keeps an existing OUTPUT: the docs test runs `make demo` while other
# tests use the executable, which a new commit since the last build must not relink under their feet.
if(DEFINED ENV{GIGALINE_BUILD_ID_FROZEN} AND EXISTS "${OUTPUT}")
  return()
endif()
set(GIGALINE_BUILD_ID "${FALLBACK}")
find_program(GIT_EXECUTABLE git)
if(GIT_EXECUTABLE)
  execute_process(COMMAND "${GIT_EXECUTABLE}" describe --always --dirty
                  WORKING_DIRECTORY "${SOURCE_DIR}"
                  OUTPUT_VARIABLE described
                  RESULT_VARIABLE status
                  OUTPUT_STRIP_TRAILING_WHITESPACE
                  ERROR_QUIET)
  if(status EQUAL 0 AND NOT described STREQUAL "")
    set(GIGALINE_BUILD_ID "${described}")
  endif()
endif()
configure_file("${CMAKE_CURRENT_LIST_DIR}/BuildId.cpp.in" "${OUTPUT}" @ONLY)
