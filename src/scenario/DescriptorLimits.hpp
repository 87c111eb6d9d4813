// src/scenario/DescriptorLimits.hpp — internal to scenario/: the bounds the scenario format puts where the model
// needs them, and small helpers, shared by the descriptor tables of ScenarioDescriptors.cpp and PeopleDescriptors.cpp.
#pragma once

#include "gigaline/scenario/ScenarioDescriptors.hpp"

#include <string>
#include <vector>

namespace gigaline::scenario {
namespace {
constexpr int k(StageKind kind)
{
  return static_cast<int>(kind);
}
constexpr int k(EventKind kind)
{
  return static_cast<int>(kind);
}

// Bounds where the model needs them: sizes that allocate (machines, lines, replications), rates that make
// events (cycle times, failures, cycles of commissioning and shifts, the horizon) and numbers whose totals must stay
// finite (power). Each is far beyond what a real plant needs; the shipped plants' values are given for scale.
constexpr double max_horizon_days = 36525; // 100 years; shipped: at most 1,492 days
constexpr int max_machines = 1000;         // per stage; shipped: at most 14
constexpr int max_trays = 100000;          // formed at once by a formation stage; shipped: at most 360
constexpr int max_line_count = 100;        // copies of a line, and lines of a plant in all; shipped: 6 and 12
constexpr std::size_t max_stages = 100;    // per line; shipped: at most 13
constexpr double min_cell_s = 0.01;        // per cell (per module at module assembly) of one machine: 100 a second
constexpr double max_cell_s = 86400;       // a day per cell; shipped: 0.3 to 100 s
constexpr double min_mtbf_h = 0.01;        // a failure every 36 s; shipped: at least 16 h (an engine test: 1 min)
constexpr double min_mttr_h = 0.001;       // 3.6 s; shipped: at least 0.33 h (an engine test: 15 s)
constexpr double max_power_kw = 1e6;       // 1 GW for one stage or machine; shipped: at most 450 kW
constexpr double max_kwh_per_cell = 1000;  // shipped: at most 0.7 kWh
constexpr int max_replications = 10000;
// Shapes of distributions: outside these, samples are so skewed that a run's mean is far from the distribution's
// (Weibull shape 1e-6 or lognormal cv 1e300 gave no failures at all, cycle_cv 1e6 more than nameplate).
constexpr double min_shape = 0.1, max_shape = 20; // Weibull; machine failures: 0.5 to 4
constexpr double max_failure_cv = 10;             // lognormal times to failure and repair; measured: 0.3 to 3
constexpr double max_cycle_cv = 4; // cycle times; measured: well below 1 (exponential: 1)    // as --replications of
                                   // baseline and check allow 100,000 in the CLI

template <class E>
std::vector<std::string> kind_names()
{
  std::vector<std::string> names;
  for (const auto& entry : EnumNames<E>::values)
    names.emplace_back(entry.second);
  return names;
}
} // namespace

} // namespace gigaline::scenario
