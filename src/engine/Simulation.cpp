// src/engine/Simulation.cpp — runs one replication on SimGrid: builds the plant's hot path (Plant) and its
// control processes (ControlPlane), and lets SimGrid run them to the horizon.
//
// What SimGrid does here: it owns simulated time and the control plane. Every slow process of the plant is a
// SimGrid actor with its own schedule: the month sampler, the daily ramp-up update (learning, skill, process
// changes, output caps), one shift calendar per line (SOP, shifts, maintenance windows) and the end of the
// warm-up. SimGrid merges their timelines; each process first advances the lot heap to its date, then acts;
// processes due at the same instant act in a fixed order (ControlPriority). A new process (staffing, demand)
// is one more `plane.add` in PlantControl::install, with its own schedule: there is no central loop to edit.
//
// Why the hot path is not in SimGrid: a lot starting or finishing at a machine happens millions of times per
// run, and users run thousands of runs. Measured on tandem4, a hand-written binary heap handles 10-13 M events
// per second; SimGrid kernel timers about 2 M; an actor per station about 0.9 M (docs/design.md, docs/performance.md).
// So lots, buffers, machines and breakdowns live in Plant's own heap, and SimGrid context-switches only at
// control dates (about one per simulated day and per shift edge).
#include "gigaline/engine/Simulation.hpp"

#include "gigaline/core/Error.hpp"

#include "ControlPlane.hpp"
#include "Plant.hpp"
#include "PlantControl.hpp"
#include "Session.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <limits>

namespace gigaline::engine {

const char* to_string(MachineState s)
{
  switch (s) {
  case MachineState::busy:
    return "busy";
  case MachineState::idle:
    return "idle";
  case MachineState::starved:
    return "starved";
  case MachineState::blocked:
    return "blocked";
  case MachineState::down:
    return "down";
  case MachineState::off:
    return "off";
  }
  return "?";
}

namespace {
constexpr double day = 86400.0;
} // namespace

RunStats simulate(const scenario::Scenario& s, int replication, const std::vector<Observer*>& observers)
{
  const auto wall0 = std::chrono::steady_clock::now();
  detail::Session session;
  detail::Plant plant(s, replication, observers);
  const double horizon = s.calendar.horizon_days * day;
  detail::ControlPlane plane(plant, session.t0(), horizon);
  detail::PlantControl control(s, plant);
  control.install(plane);
  plane.start(session.host(), [&] { plant.notify_end(horizon); });
  // one second of slack: the end-of-run actor wakes at the horizon itself to close the run, then ends
  session.run_until(horizon + 1.0);
  if (plane.failure())
    std::rethrow_exception(plane.failure());
  if (!plane.closed())
    throw EngineError("[engine.E402] the run stopped at t = " + std::to_string(plant.now()) + " s, before the horizon");
  RunStats stats;
  stats.epochs = plane.actions();
  stats.events = plant.events();
  stats.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  return stats;
}

} // namespace gigaline::engine
