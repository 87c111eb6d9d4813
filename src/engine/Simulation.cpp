// src/engine/Simulation.cpp — runs one replication on SimGrid: an RAII session around the Engine, and a
// controller actor that advances the plant's hot-path heap from one control epoch to the next.
#include "gigaline/engine/Simulation.hpp"

#include "gigaline/core/Error.hpp"
#include "gigaline/model/RampUp.hpp"
#include "gigaline/model/WorkCalendar.hpp"

#include "Plant.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <memory>
#include <xbt/log.h>

namespace sg4 = simgrid::s4u;

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

/// One SimGrid Engine per run. SimGrid's clock is never reset, so every date is offset by t0; actors
/// left alive are killed and reaped before the Engine goes, so the next session starts clean.
class Session {
public:
  Session()
  {
    xbt_log_control_set("root.thresh:critical");
    int argc = 1;
    static char arg0[] = "gigaline";
    char* argv[] = {arg0, nullptr};
    engine_ = std::make_unique<sg4::Engine>(&argc, argv);
    t0_ = sg4::Engine::get_clock();
    auto* zone = sg4::create_full_zone("plant");
    host_ = zone->create_host("controller", 1e9);
    zone->seal();
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session()
  {
    sg4::Actor::kill_all();
    engine_->run();
  }
  [[nodiscard]] double t0() const { return t0_; }
  [[nodiscard]] sg4::Host* host() const { return host_; }
  void run_until(double t) { engine_->run_until(t0_ + t); }

private:
  std::unique_ptr<sg4::Engine> engine_;
  sg4::Host* host_ = nullptr;
  double t0_ = 0;
};

} // namespace

PlantLayout layout_of(const scenario::Scenario& s)
{
  return detail::Plant(s, 0, {}).layout();
}

RunStats simulate(const scenario::Scenario& s, int replication, const std::vector<Observer*>& observers)
{
  const auto wall0 = std::chrono::steady_clock::now();
  Session session;
  detail::Plant plant(s, replication, observers);
  const model::WorkCalendar calendar(s.calendar);
  const double horizon = s.calendar.horizon_days * day, warmup = s.calendar.warmup_days * day;
  const auto& lines = plant.layout().lines;
  std::vector<double> sop(lines.size());
  for (std::size_t l = 0; l < lines.size(); ++l) {
    const auto& line = s.lines[static_cast<std::size_t>(lines[l].scenario_line)];
    sop[l] = (static_cast<double>(line.sop_date - s.calendar.start_date) + lines[l].copy * line.sop_stagger_days) * day;
  }
  std::vector<model::LineRef> refs;
  for (std::size_t l = 0; l < lines.size(); ++l)
    refs.push_back({lines[l].scenario_line, sop[l] / day});
  model::RampUpModel ramp(s, refs);
  std::vector<double> cum_good(lines.size(), 0.0);
  RunStats stats;
  std::exception_ptr failure;

  auto apply_control = [&](double t, bool midnight) {
    if (midnight) { // the slow processes: learning, skill transfer, process changes, output caps
      for (std::size_t l = 0; l < lines.size(); ++l)
        cum_good[l] = plant.good_cells(static_cast<int>(l));
      ramp.advance_to(t / day, cum_good);
      for (std::size_t l = 0; l < lines.size(); ++l) {
        plant.set_line_maturity(static_cast<int>(l), ramp.maturity(static_cast<int>(l)));
        plant.set_line_quota(static_cast<int>(l), ramp.daily_cap(static_cast<int>(l), t / day));
      }
    }
    for (std::size_t l = 0; l < lines.size(); ++l)
      plant.set_line_on(static_cast<int>(l), t >= sop[l] && calendar.working(t));
  };

  sg4::Actor::create("controller", session.host(), [&] {
    try {
      Month month = Month::of(s.calendar.start_date);
      double next_month = static_cast<double>((month + 1).first_day() - s.calendar.start_date) * day;
      plant.notify_month(0, month.index());
      apply_control(0, true);
      if (warmup <= 0)
        plant.notify_reset(0);
      double t = 0;
      while (t < horizon) {
        double next = std::min({horizon, (std::floor(t / day) + 1) * day, calendar.next_edge(t)});
        for (double x : sop)
          if (x > t)
            next = std::min(next, x);
        if (warmup > t)
          next = std::min(next, warmup);
        sg4::this_actor::sleep_until(session.t0() + next);
        plant.advance_to(next);
        ++stats.epochs;
        t = next;
        if (t >= horizon)
          break;
        if (t >= next_month) {
          month = month + 1;
          next_month = static_cast<double>((month + 1).first_day() - s.calendar.start_date) * day;
          plant.notify_month(t, month.index());
        }
        apply_control(t, std::fmod(t, day) == 0.0);
        if (t == warmup)
          plant.notify_reset(t);
      }
      plant.notify_end(horizon);
    } catch (...) {
      failure = std::current_exception();
    }
  });
  // one second of slack: the controller wakes at the horizon itself to close the run, then ends
  session.run_until(horizon + 1.0);
  if (failure)
    std::rethrow_exception(failure);
  if (plant.now() < horizon)
    throw EngineError("[engine.E402] the controller stopped at t = " + std::to_string(plant.now()) +
                      " s, before the horizon");
  stats.events = plant.events();
  stats.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  return stats;
}

} // namespace gigaline::engine
