// src/engine/Simulation.cpp — runs one replication on SimGrid: builds the plant's hot path (Plant) and its
// control processes (ControlPlane), and lets SimGrid run them to the horizon.
//
// What SimGrid does here: it owns simulated time and the control plane. Every slow process of the plant is a
// SimGrid actor with its own schedule: the month sampler, the daily ramp-up update (learning, skill, process
// changes, output caps), one shift calendar per line (SOP, shifts, maintenance windows) and the end of the
// warm-up. SimGrid merges their timelines; each process first advances the lot heap to its date, then acts;
// processes due at the same instant act in a fixed order (ControlPriority). A new process (staffing, demand)
// is one more `plane.add` here, with its own schedule: there is no central loop to edit.
//
// Why the hot path is not in SimGrid: a lot starting or finishing at a machine happens millions of times per
// run, and users run thousands of runs. Measured on tandem4, a hand-written binary heap handles 10-13 M events
// per second; SimGrid kernel timers about 2 M; an actor per station about 0.9 M (DESIGN.md, SIMGRID_NOTES.md).
// So lots, buffers, machines and breakdowns live in Plant's own heap, and SimGrid context-switches only at
// control dates (about one per simulated day and per shift edge).
#include "gigaline/engine/Simulation.hpp"

#include "gigaline/core/Error.hpp"
#include "gigaline/model/RampUp.hpp"
#include "gigaline/model/WorkCalendar.hpp"

#include "ControlPlane.hpp"
#include "Plant.hpp"
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
  const model::WorkCalendar calendar(s.calendar);
  const double horizon = s.calendar.horizon_days * day, warmup = s.calendar.warmup_days * day;
  const auto& lines = plant.layout().lines;
  const std::size_t n_lines = lines.size();
  std::vector<double> sop(n_lines);
  std::vector<model::LineRef> refs;
  for (std::size_t l = 0; l < n_lines; ++l) {
    const auto& line = s.lines[static_cast<std::size_t>(lines[l].scenario_line)];
    sop[l] = (static_cast<double>(line.sop_date - s.calendar.start_date) + lines[l].copy * line.sop_stagger_days) * day;
    refs.push_back({lines[l].scenario_line, sop[l] / day});
  }
  model::RampUpModel ramp(s, refs);
  std::vector<double> cum_good(n_lines, 0.0);

  detail::ControlPlane plane(plant, session.t0(), horizon);
  using detail::ControlPriority;
  // month sampler: KPI observers snapshot their counters at each month start
  Month month = Month::of(s.calendar.start_date);
  plane.add({"month-sampler", ControlPriority::month, 0.0, [&](double t) {
               plant.notify_month(t, month.index());
               month = month + 1;
               return static_cast<double>(month.first_day() - s.calendar.start_date) * day;
             }});
  // daily ramp-up update at midnight: learning, skill transfer, process changes, output caps
  plane.add({"ramp-up", ControlPriority::ramp_up, 0.0, [&](double t) {
               for (std::size_t l = 0; l < n_lines; ++l)
                 cum_good[l] = plant.good_cells(static_cast<int>(l));
               ramp.advance_to(t / day, cum_good);
               for (std::size_t l = 0; l < n_lines; ++l) {
                 plant.set_line_maturity(static_cast<int>(l), ramp.maturity(static_cast<int>(l)));
                 plant.set_line_quota(static_cast<int>(l), ramp.daily_cap(static_cast<int>(l), t / day));
               }
               return t + day;
             }});
  // one shift calendar per line: off before its SOP, then on exactly when the plant's calendar works
  for (std::size_t l = 0; l < n_lines; ++l)
    plane.add({"calendar/" + lines[l].id, ControlPriority::calendar, std::max(0.0, sop[l]), [&, l](double t) {
                 plant.set_line_on(static_cast<int>(l), calendar.working(t));
                 return calendar.next_edge(t);
               }});
  if (warmup < horizon)
    plane.add({"warm-up", ControlPriority::warmup, std::max(0.0, warmup), [&](double t) {
                 plant.notify_reset(t);
                 return std::numeric_limits<double>::infinity();
               }});
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
