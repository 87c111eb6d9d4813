// tests/engine/test_control_plane.cpp — the control plane on SimGrid: control processes as actors, their
// timelines merged in date order, a fixed order at the same instant, the lot heap advanced before each acts.
#include "gigaline/scenario/Loader.hpp"

#include "engine/ControlPlane.hpp"
#include "engine/Plant.hpp"
#include "engine/Session.hpp"

#include <catch2/catch.hpp>

#include <limits>
#include <string>
#include <vector>

using namespace gigaline;
using engine::detail::ControlPlane;
using engine::detail::ControlPriority;

namespace {

/// Records the date of every lot event the plant publishes.
struct LastEvent final : engine::Observer {
  double last = -1;
  void on_lot_start(double t, int, std::int64_t) override { last = t; }
  void on_departure(double t, int, std::int64_t, double, double) override { last = t; }
};

scenario::Scenario bench_line()
{
  auto s = scenario::load_scenario_file("scenarios/bench/tandem4.json");
  s.calendar.horizon_days = 1;
  return s;
}

} // namespace

TEST_CASE("control processes due at the same date act in priority order, whatever their creation order", "[quick]")
{
  const auto s = bench_line();
  LastEvent seen;
  engine::detail::Session session;
  engine::detail::Plant plant(s, 0, {&seen});
  ControlPlane plane(plant, session.t0(), 3600.0);
  struct Act {
    double t;
    std::string who;
    double plant_now, last_event;
  };
  std::vector<Act> log;
  // the calendar process is created first but must act after the month sampler at 600 s and 1200 s
  auto every = [&](const std::string& who, double step) {
    return [&, who, step](double t) {
      log.push_back({t, who, plant.now(), seen.last});
      return t + step;
    };
  };
  plane.add({"calendar", ControlPriority::line, 0.0, [&](double t) {
               plant.set_line_on(0, true); // lots flow from here on
               return every("calendar", 600.0)(t);
             }});
  plane.add({"month", ControlPriority::month, 600.0, every("month", 600.0)});
  plane.add({"ramp", ControlPriority::ramp_up, 300.0, every("ramp", 900.0)});
  bool closed_at_horizon = false;
  plane.start(session.host(), [&] { closed_at_horizon = plant.now() == 3600.0; });
  session.run_until(3601.0);
  REQUIRE_FALSE(plane.failure());
  REQUIRE(plane.closed());
  CHECK(closed_at_horizon);

  std::vector<std::string> order;
  for (const auto& a : log)
    order.push_back(std::to_string(static_cast<int>(a.t)) + " " + a.who);
  CHECK(order == std::vector<std::string>{"0 calendar", "300 ramp", "600 month", "600 calendar", "1200 month",
                                          "1200 ramp", "1200 calendar", "1800 month", "1800 calendar", "2100 ramp",
                                          "2400 month", "2400 calendar", "3000 month", "3000 ramp", "3000 calendar"});
  for (const auto& a : log) {
    CHECK(a.plant_now == a.t);  // each process advanced the lot heap to its own date ...
    CHECK(a.last_event <= a.t); // ... and no lot event after it was handled yet
    if (a.t > 0)
      CHECK(a.last_event > a.t - 10.0); // (lots finish about every second on this line)
  }
  CHECK(plane.actions() == log.size());
}

TEST_CASE("a control process that does not move forward stops the run with an engine error", "[quick]")
{
  const auto s = bench_line();
  engine::detail::Session session;
  engine::detail::Plant plant(s, 0, {});
  ControlPlane plane(plant, session.t0(), 3600.0);
  plane.add({"stuck", ControlPriority::line, 10.0, [](double t) { return t; }});
  plane.add({"other", ControlPriority::month, 0.0, [](double t) { return t + 100.0; }});
  plane.start(session.host(), [] {});
  session.run_until(3601.0);
  REQUIRE(plane.failure());
  CHECK_FALSE(plane.closed());
  CHECK_THROWS_WITH(std::rethrow_exception(plane.failure()),
                    "[engine.E403] control process stuck at t = 10.000000 s asked to wake at t = 10.000000 s: the "
                    "next date must be later");
}
