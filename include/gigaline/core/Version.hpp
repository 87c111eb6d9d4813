// gigaline/core/Version.hpp — version and build (git describe) of gigaline, and the compiler that built it.
// SimGrid's version lives in engine/EngineInfo.hpp: only engine/ may include SimGrid.
#pragma once

#include <string>

namespace gigaline {
[[nodiscard]] const char* version(); ///< "0.1.0"
/// `git describe --always --dirty` of the source tree this executable was built from ("8cb719c",
/// "v0.1.0-12-g8cb719c-dirty"), or "0.1.0-unknown" when it was not a git checkout. Generated at build time
/// (cmake/BuildId.cmake).
[[nodiscard]] const char* build_id();
[[nodiscard]] std::string compiler_version(); ///< "GCC 12.2.0"
} // namespace gigaline
