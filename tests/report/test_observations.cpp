// tests/report/test_observations.cpp — observations by kind: points, soft bounds (at most, at least, between),
// plans that must be bounds, cumulative cells and staffed shifts, and figures shown but not fitted.
#include "gigaline/core/Error.hpp"
#include "gigaline/report/Kpis.hpp"
#include "gigaline/report/Observations.hpp"
#include "gigaline/report/Summary.hpp"
#include "gigaline/run/Replications.hpp"
#include "gigaline/scenario/Loader.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace gigaline;

namespace {
scenario::Observation obs(scenario::Bound b, double value, double upper = 0)
{
  scenario::Observation o;
  o.bound = b;
  o.value = value;
  o.upper = upper;
  o.rel_sigma = 0.1;
  return o;
}

// One deterministic stage of 100 s per cell, 24/7: 864 cells a day, 7 days a week.
const char* line = R"({
  "schema_version": 1, "name": "obs", "description": "observation kinds",
  "sources": [{"id": "s", "kind": "assumption", "citation": "test"}],
  "calendar": {"start_date": "2025-01-01", "horizon_days": 59},
  "product": {"cell_energy_wh": 1000, "cells_per_module": 10, "pack_kwh": 50},
  "lines": [{"id": "L", "sop_date": "2025-01-01", "stages": [
    {"id": "a", "kind": "process", "cycle_s": 100, "lot_cells": 1, "cycle_dist": "deterministic"}]}],
  "observations": [
    {"id": "cum", "metric": "cells_cumulative", "date": "2025-01-10", "value": 8640, "rel_sigma": 0.1, "source": "s"},
    {"id": "veh", "metric": "vehicles", "month": "2025-01", "value": 1, "rel_sigma": 0.1, "source": "s",
     "bound": "at_least", "basis": "plan"},
    {"id": "shifts", "metric": "shifts_per_week", "month": "2025-02", "value": 21, "rel_sigma": 0.05,
     "source": "s", "fit": false, "note": "around the clock"}],
  "run": {"seed": 1, "replications": 1}
})";
} // namespace

TEST_CASE("a point is penalised on both sides, a bound only on its wrong side", "[quick][observations]")
{
  using scenario::Bound;
  CHECK(report::residual(obs(Bound::point, 100), 110) == Approx(1.0));
  CHECK(report::residual(obs(Bound::point, 100), 90) == Approx(-1.0));
  CHECK(report::residual(obs(Bound::at_most, 100), 90) == 0.0);
  CHECK(report::residual(obs(Bound::at_most, 100), 120) == Approx(2.0));
  CHECK(report::residual(obs(Bound::at_least, 100), 120) == 0.0);
  CHECK(report::residual(obs(Bound::at_least, 100), 80) == Approx(-2.0));
  // between: 0 inside, the distance to the violated end outside, scaled by that end
  CHECK(report::residual(obs(Bound::between, 100, 200), 150) == 0.0);
  CHECK(report::residual(obs(Bound::between, 100, 200), 90) == Approx(-1.0));
  CHECK(report::residual(obs(Bound::between, 100, 200), 240) == Approx(2.0));
}

TEST_CASE("cumulative cells, vehicles and staffed shifts are observed exactly on a deterministic line",
          "[quick][observations]")
{
  const auto s = scenario::from_json(scenario::parse_json(line, "obs"), "obs");
  const auto fits = report::compare_observations(s, run::run_replications(s));
  REQUIRE(fits.size() == 3);
  // 10 days of 864 cells (the first cell leaves after 100 s, the day's last at midnight)
  CHECK(fits[0].simulated.mean == Approx(8640).margin(1));
  CHECK(fits[0].z == Approx(0).margin(1e-3));
  // January: 31 days x 864 cells x 1 kWh / 50 kWh per vehicle
  CHECK(fits[1].simulated.mean == Approx(31 * 864 / 50.0).margin(0.05));
  CHECK(fits[1].z == 0.0); // far above "at least 1"
  CHECK(fits[1].basis == scenario::Basis::plan);
  CHECK(report::observed_text(fits[1]) == ">= 1");
  // no staffing section: the line runs whenever the calendar allows, 21 eight-hour shifts a week
  CHECK(fits[2].simulated.mean == Approx(21).epsilon(1e-9));
  CHECK_FALSE(fits[2].fit);
  CHECK(fits[2].note == "around the clock");
}

TEST_CASE("a plan given as a point, or a between bound without its upper end, is an input error",
          "[quick][observations]")
{
  auto doc = scenario::parse_json(line, "obs");
  doc["observations"][1]["bound"] = "point";
  doc["observations"][0]["bound"] = "between";
  try {
    (void)scenario::from_json(doc, "obs");
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    const std::string m = e.what();
    CHECK_THAT(m, Catch::Contains("/observations/1/bound: a plan is at most a bound"));
    CHECK_THAT(m, Catch::Contains("/observations/0/upper: expected an upper end above value (8640)"));
  }
}

TEST_CASE("a plant-wide observation of a month is the monthly KPI of the same name", "[quick][observations][kpi]")
{
  // two stations with scrap and random cycle times, so each figure differs between replications
  const char* plant = R"({
    "schema_version": 1, "name": "same", "description": "observations against the monthly KPIs",
    "sources": [{"id": "s", "kind": "assumption", "citation": "test"}],
    "calendar": {"start_date": "2025-01-01", "horizon_days": 59},
    "product": {"cell_energy_wh": 300, "cells_per_module": 12, "pack_kwh": 50},
    "lines": [{"id": "L", "sop_date": "2025-01-01", "stages": [
      {"id": "a", "kind": "process", "cycle_s": 20, "scrap": {"initial": 0.2, "mature": 0.05}},
      {"id": "b", "kind": "process", "cycle_s": 25, "scrap": {"initial": 0.1, "mature": 0.02}}]}],
    "observations": [
      {"id": "good", "metric": "cells_good", "month": "2025-02", "value": 1, "rel_sigma": 0.1, "source": "s"},
      {"id": "gwh", "metric": "gwh", "month": "2025-02", "value": 1, "rel_sigma": 0.1, "source": "s"},
      {"id": "scrap", "metric": "scrap_rate", "month": "2025-02", "value": 0.1, "rel_sigma": 0.1, "source": "s"},
      {"id": "mod", "metric": "modules", "month": "2025-02", "value": 1, "rel_sigma": 0.1, "source": "s"},
      {"id": "veh", "metric": "vehicles", "month": "2025-02", "value": 1, "rel_sigma": 0.1, "source": "s"},
      {"id": "cum", "metric": "gwh_cumulative", "date": "2025-02-28", "value": 1, "rel_sigma": 0.1,
       "source": "s"}],
    "run": {"seed": 3, "replications": 3}
  })";
  const auto s = scenario::from_json(scenario::parse_json(plant, "same"), "same");
  const auto sum = report::summarise(s, run::run_replications(s));
  REQUIRE(sum.month_of.size() == 2);
  const auto& feb = sum.months[1];
  REQUIRE(sum.observations.size() == 6);
  for (const auto& f : sum.observations) {
    const std::string& key = f.metric; // the metric is named as the KPI it measures
    REQUIRE(report::find_kpi(key) != nullptr);
    INFO(f.id << " against " << key);
    CHECK(f.simulated.mean == Approx(feb.at(key).mean).epsilon(1e-12));
    CHECK(f.simulated.half_width == Approx(feb.at(key).half_width).epsilon(1e-9).margin(1e-12));
  }
}
