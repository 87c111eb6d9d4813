// tests/support/RampLine.hpp — the small ramping line that the calibration and forecast tests simulate with
// known parameters: scrap 40 % -> 5 % and speed 50 % -> 100 % with time-based learning (tau 60 days).
#pragma once

#include "gigaline/report/Observations.hpp"
#include "gigaline/run/Replications.hpp"
#include "gigaline/scenario/Loader.hpp"

#include <string>
#include <utility>
#include <vector>

namespace gigaline::test {

/// `horizon_days` days from 2025-01-01; calibrates tau_days and the first stage's initial scrap.
inline const char* const ramp_line = R"({
  "schema_version": 1, "name": "ramp", "description": "parameter recovery line",
  "sources": [{"id": "sim", "kind": "assumption", "citation": "simulated with known parameters"}],
  "calendar": {"start_date": "2025-01-01", "horizon_days": 243},
  "product": {"cell_energy_wh": 100, "cells_per_module": 10, "pack_kwh": 50},
  "lines": [{"id": "L", "sop_date": "2025-01-01", "stages": [
    {"id": "a", "kind": "process", "cycle_s": 20, "lot_cells": 50, "cycle_dist": "exponential", "speed_initial": 0.5,
     "scrap": {"initial": 0.4, "mature": 0.05}},
    {"id": "b", "kind": "process", "cycle_s": 10, "lot_cells": 50, "buffer_lots": 20}]}],
  "ramp_up": {"time": {"tau_days": 60}},
  "calibration": {"parameters": [
    {"path": "/ramp_up/time/tau_days", "min": 10, "max": 300, "log": true},
    {"path": "/lines/0/stages/0/scrap/initial", "min": 0.1, "max": 0.8}], "replications": 4, "max_iterations": 30},
  "run": {"seed": 99, "replications": 4}
})";

/// (metric, month) pairs a test observes.
using ObservedPoints = std::vector<std::pair<std::string, std::string>>;

/// Gives `doc` one observation per point (relative sigma `rel_sigma[i]`), valued as the runs that `simulate`
/// returns for doc's scenario with those observations (it may adjust the scenario, e.g. its replications).
template <class Simulate>
void observe_truth(scenario::Json& doc, const ObservedPoints& points, const std::vector<double>& rel_sigma,
                   Simulate simulate)
{
  auto obs = scenario::Json::array();
  for (std::size_t i = 0; i < points.size(); ++i)
    obs.push_back({{"id", "o" + std::to_string(i)},
                   {"metric", points[i].first},
                   {"month", points[i].second},
                   {"value", 1.0},
                   {"rel_sigma", rel_sigma[i]},
                   {"source", "sim"}});
  doc["observations"] = obs;
  auto s = scenario::from_json(doc, "ramp");
  const std::vector<run::ReplicationResult> runs = simulate(s);
  const auto fits = report::compare_observations(s, runs);
  for (std::size_t i = 0; i < fits.size(); ++i)
    doc["observations"][i]["value"] = fits[i].simulated.mean;
}

} // namespace gigaline::test
