# cmake/ProjectOptions.cmake — warnings and sanitizers, applied to gigaline's own targets only
# (never globally, so system headers and dependencies are not affected).
function(gigaline_apply_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wconversion -Wshadow)
  if(GIGALINE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(GIGALINE_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
