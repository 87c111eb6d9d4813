// src/engine/EngineInfo.cpp — SimGrid's version as seen at build time and at run time.
#include "gigaline/engine/EngineInfo.hpp"

#include <simgrid/s4u/Engine.hpp>
#include <simgrid/version.h>

namespace gigaline::engine {
std::string simgrid_version()
{
  int major = 0, minor = 0, patch = 0;
  sg_version_get(&major, &minor, &patch);
  return std::to_string(major) + "." + std::to_string(minor) + (patch > 0 ? "." + std::to_string(patch) : "");
}
} // namespace gigaline::engine
