// src/core/Version.cpp — version strings; GIGALINE_VERSION comes from project() in CMakeLists.txt.
#include "gigaline/core/Version.hpp"

namespace gigaline {
const char* version()
{
  return GIGALINE_VERSION;
}

std::string compiler_version()
{
#if defined(__clang__)
  return std::string("Clang ") + __clang_version__;
#elif defined(__GNUC__)
  return "GCC " + std::to_string(__GNUC__) + "." + std::to_string(__GNUC_MINOR__) + "." +
         std::to_string(__GNUC_PATCHLEVEL__);
#else
  return "unknown compiler";
#endif
}
} // namespace gigaline
