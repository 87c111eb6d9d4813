// gigaline/engine/EngineInfo.hpp — facts about the event engine that other layers may report
// (provenance, --version) without including SimGrid themselves.
#pragma once

#include <string>

namespace gigaline::engine {
[[nodiscard]] std::string simgrid_version(); ///< "3.32"
} // namespace gigaline::engine
