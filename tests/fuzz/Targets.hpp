// tests/fuzz/Targets.hpp — the loaders under fuzzing: each target feeds one input to a loader and accepts a clean
// input error (the CLI's exit 2); any other exception, a crash or a sanitizer report is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gigaline::fuzz {

enum class Target { scenario, set, sweep, region };

/// "scenario", "set", "sweep" or "region".
std::optional<Target> target_named(std::string_view name);
std::vector<std::string> target_names();

/// Feeds `data` to the target's loader: a scenario file's text; `--set` overrides (one per line) of the minimal
/// scenario; a sweep file beside tests/data/sweep/base.json; a region file beside tests/data/region's plants.
/// Returns 0 when the input loaded, 2 when it was an input error; lets anything else escape.
int run_target(Target target, const std::uint8_t* data, std::size_t size);

} // namespace gigaline::fuzz
