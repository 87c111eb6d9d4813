// gigaline/core/Version.hpp — version of gigaline and of the compiler that built it.
// SimGrid's version lives in engine/EngineInfo.hpp: only engine/ may include SimGrid.
#pragma once

#include <string>

namespace gigaline {
[[nodiscard]] const char* version();          ///< "0.1.0"
[[nodiscard]] std::string compiler_version(); ///< "GCC 12.2.0"
} // namespace gigaline
