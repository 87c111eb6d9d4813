// tests/engine/test_people_lines_customers.cpp — staffed shifts, per-line transfer, commissioning and demand
// through the engine, each against a closed form or an exact limit on deterministic lines.
#include "gigaline/engine/Simulation.hpp"
#include "gigaline/model/Maturity.hpp"
#include "gigaline/report/Summary.hpp"
#include "gigaline/run/Replications.hpp"
#include "gigaline/scenario/Loader.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

using namespace gigaline;

namespace {

constexpr double day = 86400.0;

/// What the tests read from a run: good cells at the output, shipments, daily statuses, machine-state time.
struct Recorder final : engine::Observer {
  engine::PlantLayout layout;
  double good = 0, shipped = 0, unfilled = 0;
  std::vector<double> daily_shipped;
  std::map<double, engine::ControlStatus> status; ///< by day
  std::vector<std::array<double, engine::machine_state_count>> state_s;
  std::vector<std::array<int, engine::machine_state_count>> count;
  std::vector<double> last_t;
  std::vector<double> good_by_day;
  double until = std::numeric_limits<double>::infinity(); ///< integrate states up to here only

  void on_start(const engine::PlantLayout& l) override
  {
    layout = l;
    state_s.assign(l.stations.size(), {});
    count.assign(l.stations.size(), {});
    last_t.assign(l.stations.size(), 0.0);
    for (std::size_t s = 0; s < l.stations.size(); ++s)
      count[s][static_cast<std::size_t>(engine::MachineState::off)] = l.stations[s].machines;
  }
  void flush(int s, double t)
  {
    const auto k = static_cast<std::size_t>(s);
    const double to = std::min(t, until);
    if (to > last_t[k])
      for (std::size_t x = 0; x < engine::machine_state_count; ++x)
        state_s[k][x] += count[k][x] * (to - last_t[k]);
    last_t[k] = std::max(last_t[k], to);
  }
  void on_state(double t, int s, engine::MachineState from, engine::MachineState to) override
  {
    flush(s, t);
    --count[static_cast<std::size_t>(s)][static_cast<std::size_t>(from)];
    ++count[static_cast<std::size_t>(s)][static_cast<std::size_t>(to)];
  }
  void on_departure(double t, int s, std::int64_t cells, double, double) override
  {
    if (!layout.stations[static_cast<std::size_t>(s)].is_output)
      return;
    good += static_cast<double>(cells);
    const auto d = static_cast<std::size_t>(std::floor(t / day));
    if (good_by_day.size() <= d)
      good_by_day.resize(d + 1, 0.0);
    good_by_day[d] += static_cast<double>(cells);
  }
  void on_shipment(double, double s, double u, double) override
  {
    shipped += s;
    unfilled += u;
    daily_shipped.push_back(s);
  }
  void on_status(double t, const engine::ControlStatus& st) override { status[t / day] = st; }
  void on_end(double t, const std::vector<double>&) override
  {
    for (std::size_t s = 0; s < state_s.size(); ++s)
      flush(static_cast<int>(s), t);
  }
};

Recorder record(const std::string& json, double until = std::numeric_limits<double>::infinity())
{
  const auto s = scenario::load_scenario_text(json, "test");
  Recorder r;
  r.until = until;
  engine::simulate(s, 0, {&r});
  return r;
}

/// One line of one deterministic 2-second stage (43,200 cells a day at 24/7), from Monday 2025-01-06.
std::string line_scenario(const std::string& extra, int horizon_days = 70, const std::string& line_extra = "")
{
  return R"({"schema_version": 1, "name": "t", "description": "test line",
    "calendar": {"start_date": "2025-01-06", "horizon_days": )" +
         std::to_string(horizon_days) + R"(},
    "product": {"cell_energy_wh": 300, "cells_per_module": 12, "pack_kwh": 50},
    "lines": [{"id": "L", "sop_date": "2025-01-06")" +
         line_extra + R"(, "stages": [{"id": "p", "kind": "process", "cycle_s": 2}]}])" + extra + "}";
}

std::string staffed(int locals, const std::string& ladder, int experts = 0, const std::string& more = "")
{
  return R"(, "workforce": {"local_staff": [{"date": "2025-01-06", "headcount": )" + std::to_string(locals) +
         R"(}], "experts": [{"date": "2025-01-06", "headcount": )" + std::to_string(experts) + R"(}]},
    "staffing": {"operators_per_shift": 10, "initially_qualified": 100000, "ladder": )" +
         ladder + more + "}";
}

} // namespace

TEST_CASE("a line that can staff one eight-hour shift a day makes exactly a third of its 24/7 output", "[quick]")
{
  const auto free = record(line_scenario(""));
  CHECK(free.good == Approx(70 * day / 2).margin(1));
  // ten operators work 5 shifts a week: one shift a day, every day, takes 10 x 7 / 5 = 14 operators
  const auto one = record(line_scenario(staffed(14, R"([{"shifts_per_day": 1, "days_per_week": 7}])")));
  CHECK(one.good == Approx(free.good / 3).margin(1));
  CHECK(one.status.at(10).lines[0].shifts_per_week == 7);
  CHECK(one.status.at(10).lines[0].operators == Approx(14));
  // one operator short: no staffed shift, the line stays off
  const auto none = record(line_scenario(staffed(13, R"([{"shifts_per_day": 1, "days_per_week": 7}])")));
  CHECK(none.good == 0);
  CHECK(none.status.at(10).lines[0].shift_level == 0);
}

TEST_CASE("the default ladder opens days, then evenings, then nights, then weekends as operators allow", "[quick]")
{
  const std::string ladder = R"([{"shifts_per_day": 1, "days_per_week": 5}, {"shifts_per_day": 2, "days_per_week": 5},
                                 {"shifts_per_day": 3, "days_per_week": 5}, {"shifts_per_day": 3, "days_per_week": 7}])";
  const double full = 70 * day / 2;
  // rungs cost 10, 20, 30 and 42 operators: 35 staff the 3x5 rung, 15 of 21 shifts a week over whole weeks
  CHECK(record(line_scenario(staffed(35, ladder))).good == Approx(full * 15 / 21).margin(1));
  CHECK(record(line_scenario(staffed(20, ladder))).good == Approx(full * 10 / 21).margin(1));
  CHECK(record(line_scenario(staffed(42, ladder))).good == Approx(full).margin(1));
  // experts count while on site: 20 locals and 22 experts staff 24/7 until the experts leave after 5 weeks,
  // then the line falls back to two shifts on weekdays
  const std::string leave = R"(, "workforce": {"local_staff": [{"date": "2025-01-06", "headcount": 20}],
      "experts": [{"date": "2025-01-06", "headcount": 22}, {"date": "2025-02-10", "headcount": 0}]},
      "staffing": {"operators_per_shift": 10, "initially_qualified": 20, "ladder": )" +
                            ladder + "}";
  const auto r = record(line_scenario(leave));
  CHECK(r.good == Approx(full / 2 + full / 2 * 10 / 21).margin(1));
  CHECK(r.status.at(34).lines[0].shift_level == 4);
  CHECK(r.status.at(35).lines[0].shift_level == 2);
}

TEST_CASE("hires qualify after the training delay, at the pace the experts' training places allow", "[quick]")
{
  const std::string ladder = R"([{"shifts_per_day": 3, "days_per_week": 7}])";
  // 42 operators staff 24/7; 42 hired on day 0 qualify on day 30: the line runs from day 30 on
  const auto delay = record(line_scenario(R"(, "workforce": {"local_staff": [{"date": "2025-01-06", "headcount": 42}]},
      "staffing": {"operators_per_shift": 10, "qualification_days": 30, "ladder": )" +
                                          ladder + "}"));
  CHECK(delay.status.at(29).plant.qualified == 0);
  CHECK(delay.status.at(30).plant.qualified == 42);
  CHECK(delay.good == Approx(40 * day / 2).margin(1));
  // 2 experts with 7 places each train 14 at a time: 14 qualify every 30 days (the experts do not staff shifts)
  const auto places = record(line_scenario(R"(, "workforce": {"local_staff": [{"date": "2025-01-06", "headcount": 42}],
      "experts": [{"date": "2025-01-06", "headcount": 2}]},
      "staffing": {"operators_per_shift": 10, "qualification_days": 30, "trainees_per_expert": 7,
                   "expert_operator_fraction": 0, "ladder": )" +
                                               ladder + "}",
                                           100));
  CHECK(places.status.at(29).plant.qualified == 0);
  CHECK(places.status.at(30).plant.qualified == 14);
  CHECK(places.status.at(60).plant.qualified == 28);
  CHECK(places.status.at(89).plant.qualified == 28);
  CHECK(places.status.at(90).plant.qualified == 42);
  CHECK(places.status.at(90).plant.in_training == 0);
  CHECK(places.good == Approx(10 * day / 2).margin(1));
}

TEST_CASE("a call-off below capacity ships exactly the demand and holds production to it", "[quick]")
{
  // 20,000 cells a day in January (620,000 in 31 days), capacity 43,200 a day, a store of 100,000 cells
  const auto r = record(line_scenario(
      R"(, "demand": {"unit": "cells", "calloffs": [{"month": "2025-01", "value": 620000}], "store_cells": 100000})",
      26));
  REQUIRE(r.daily_shipped.size() == 25); // days 0 to 24 close at the midnights of days 1 to 25
  for (double s : r.daily_shipped)
    CHECK(s == Approx(20000).epsilon(1e-12));
  CHECK(r.unfilled == 0);
  // the store fills in four days at full speed (23,200 a day net), then production follows the call-off
  CHECK(r.status.at(4).plant.holding == false);
  CHECK(r.status.at(5).plant.holding == true);
  for (std::size_t d = 6; d < 25; ++d)
    CHECK(r.good_by_day[d] == Approx(20000).margin(1));
  // a call-off above capacity ships all that is made and leaves the rest unfilled
  const auto short_ = record(line_scenario(
      R"(, "demand": {"unit": "cells", "calloffs": [{"month": "2025-01", "value": 1550000}], "store_cells": 100000})",
      26));
  CHECK(short_.shipped == Approx(25 * 43200.0).margin(1));
  CHECK(short_.unfilled == Approx(25 * (50000.0 - 43200.0)).margin(1));
}

TEST_CASE("transfer 0 and 1 give the two extremes of a new line's learning", "[quick]")
{
  // two copies of the line, the second 100 days after the first, time-based learning with tau = 50 days
  auto maturity_of_second = [&](double transfer, double at) {
    const auto r =
        record(line_scenario(R"(, "ramp_up": {"time": {"tau_days": 50}, "transfer": )" + std::to_string(transfer) + "}",
                             200, R"(, "count": 2, "sop_stagger_days": 100)"));
    return std::pair{r.status.at(at).lines[1].maturity, r.status.at(at).lines[0].maturity};
  };
  for (double at : {100.0, 120.0, 199.0}) {
    const auto [from_scratch, first] = maturity_of_second(0.0, at);
    CHECK(from_scratch == Approx(model::time_maturity(at - 100, 50)));
    CHECK(first == Approx(model::time_maturity(at, 50)));
    const auto [where_best_is, first1] = maturity_of_second(1.0, at);
    CHECK(where_best_is == Approx(first1)); // transfer 1: the second line shares the first line's curve
    const auto [half, first_half] = maturity_of_second(0.5, at);
    (void)first_half;
    // transfer 0.5: starts at half the first line's maturity at its SOP, then learns at its own pace
    const double m0 = 0.5 * model::time_maturity(100, 50);
    CHECK(half == Approx(1 - (1 - m0) * std::exp(-(at - 100) / 50)));
  }
}

TEST_CASE("commissioning stops lower availability exactly to the mean of its linear ramp", "[quick]")
{
  // 10 days of commissioning from availability 0.4: the machine is down 30 % of those days, then never
  const auto r = record(
      line_scenario(R"(, "ramp_up": {"commissioning": {"days": 10, "availability_initial": 0.4}})", 20), 10 * day);
  const auto down = r.state_s[0][static_cast<std::size_t>(engine::MachineState::down)];
  CHECK(down == Approx(0.3 * 10 * day).epsilon(1e-9));
  double first10 = 0;
  for (std::size_t d = 0; d < 10; ++d)
    first10 += r.good_by_day[d];
  CHECK(first10 == Approx(0.7 * 10 * day / 2).margin(2));
  CHECK(r.good_by_day[15] == Approx(day / 2).margin(1));
  CHECK(r.status.at(5).lines[0].availability == Approx(0.4 + 0.6 * 0.5));
}

TEST_CASE("monthly outputs carry the staffed shifts per line, the workforce and the customers", "[quick]")
{
  // 20 locals staff the 2x5 rung (10 of 21 shifts a week); January ships 20,000 cells a day from its store
  const std::string ladder = R"([{"shifts_per_day": 1, "days_per_week": 5}, {"shifts_per_day": 2, "days_per_week": 5},
                                 {"shifts_per_day": 3, "days_per_week": 5}, {"shifts_per_day": 3, "days_per_week": 7}])";
  auto s = scenario::load_scenario_text(
      line_scenario(staffed(20, ladder, 0,
                            R"(}, "demand": {"unit": "cells", "calloffs": [{"month": "2025-01", "value": 200000}],
                               "store_cells": 50000)"),
                    26),
      "test");
  s.run.replications = 2;
  const auto sum = report::summarise(s, run::run_replications(s));
  REQUIRE(sum.months.size() == 1);
  const auto& m = sum.months[0];
  CHECK(m.at("shifts_per_week").mean == Approx(10));
  CHECK(m.at("local_staff").mean == Approx(20));
  CHECK(m.at("operators_assigned").mean == Approx(20));
  CHECK(m.at("operators_available").mean == Approx(20));
  // 200,000 cells called off in January's 31 days; the 26 days of the run call off 26/31 of it
  CHECK(m.at("demand_cells").mean == Approx(200000.0 * 26 / 31).epsilon(1e-9));
  // shipments are booked when a day closes at midnight: the run's last day ends with the horizon unclosed
  CHECK(m.at("shipped_cells").mean + m.at("unfilled_cells").mean == Approx(200000.0 * 25 / 31).epsilon(1e-9));
  CHECK(m.at("shipped_cells").mean == Approx(200000.0 * 25 / 31).epsilon(1e-9)); // the store never runs dry
  REQUIRE(sum.line_months.size() == 1);
  REQUIRE(sum.line_months[0].size() == 1);
  CHECK(sum.line_months[0][0].at("shifts_per_week").mean == Approx(10));
  CHECK(sum.line_months[0][0].at("operators").mean == Approx(20));
  CHECK(sum.line_months[0][0].at("cells_good").mean == Approx(m.at("cells_good").mean));
  const std::string csv = report::lines_monthly_csv(sum);
  CHECK(csv.rfind("month,line,maturity,maturity_ci95,shifts_per_week,", 0) == 0);
  CHECK(csv.find("\n2025-01,L,") != std::string::npos);
}
