// gigaline/engine/Simulation.hpp — runs one replication of a scenario on SimGrid and publishes its
// events to observers. The only entry point of engine/ for other layers; no SimGrid in this header.
#pragma once

#include "gigaline/engine/Observer.hpp"
#include "gigaline/scenario/Scenario.hpp"

#include <cstdint>
#include <vector>

namespace gigaline::engine {

struct RunStats {
  std::uint64_t events = 0; ///< service completions (lots finishing a station)
  std::uint64_t epochs = 0; ///< actions of the control processes (SimGrid actors)
  double wall_s = 0.0;
};

/// Simulates replication `replication` (0-based) of the scenario to its horizon. Several calls in one
/// process are independent and give the same results as separate processes.
RunStats simulate(const scenario::Scenario& s, int replication, const std::vector<Observer*>& observers);

} // namespace gigaline::engine
