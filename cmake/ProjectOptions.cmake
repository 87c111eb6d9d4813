# cmake/ProjectOptions.cmake — warnings and sanitizers, applied to gigaline's own targets only
# (never globally, so system headers and dependencies are not affected).
function(gigaline_apply_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wconversion -Wshadow)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 false positives in inlined library code: -Wrestrict on std::string concatenation (GCC bug
    # 105651) and -Wmaybe-uninitialized inside nlohmann::json iterators at -O2.
    target_compile_options(${target} PRIVATE -Wno-restrict -Wno-maybe-uninitialized)
  endif()
  if(GIGALINE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(GIGALINE_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
