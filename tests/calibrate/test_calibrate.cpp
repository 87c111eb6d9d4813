// tests/calibrate/test_calibrate.cpp — calibration recovers known parameters from simulated observations,
// and an expert departure shows in the scrap series only while local skill is immature.
#include "gigaline/calibrate/Calibrate.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/engine/Simulation.hpp"
#include "gigaline/report/Observations.hpp"
#include "gigaline/report/Summary.hpp"
#include "gigaline/run/Replications.hpp"

#include "support/RampLine.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

using namespace gigaline;
using test::ramp_line;

TEST_CASE("calibration recovers known parameters within their standard errors", "[slow][calibrate]")
{
  // 1. simulate the truth (seed 99) and turn its monthly outputs into observations
  auto doc = scenario::parse_json(ramp_line, "ramp");
  const test::ObservedPoints points = {{"cells_good", "2025-01"}, {"cells_good", "2025-03"}, {"cells_good", "2025-06"},
                                       {"scrap_rate", "2025-01"}, {"scrap_rate", "2025-02"}, {"scrap_rate", "2025-04"}};
  test::observe_truth(doc, points, std::vector<double>(points.size(), 0.03),
                      [](const scenario::Scenario& s) { return run::run_replications(s); });

  // 2. fit with other seeds, starting elsewhere in the bounds
  doc["run"]["seed"] = 1;
  doc["ramp_up"]["time"]["tau_days"] = 150;
  doc["lines"][0]["stages"][0]["scrap"]["initial"] = 0.2;
  calibrate::Options o;
  o.jobs = 2;
  const auto r = calibrate::calibrate(doc, "ramp", o);
  REQUIRE(r.parameters.size() == 2);
  CHECK(r.chi2 < r.chi2_start / 10);
  const double truth_values[] = {60, 0.4};
  for (std::size_t j = 0; j < 2; ++j) {
    INFO(r.parameters[j].path << " = " << r.parameters[j].value << " +/- " << r.parameters[j].std_error);
    CHECK(r.parameters[j].std_error > 0);
    CHECK(std::abs(r.parameters[j].value - truth_values[j]) <= 3 * r.parameters[j].std_error);
  }
  CHECK(r.calibrated["ramp_up"]["time"]["tau_days"].get<double>() == r.parameters[0].value);
  // the correlation matrix is a correlation matrix
  REQUIRE(r.correlation.size() == 2);
  CHECK(r.correlation[0][0] == Approx(1.0));
  CHECK(r.correlation[1][1] == Approx(1.0));
  CHECK(r.correlation[0][1] == Approx(r.correlation[1][0]));
  CHECK(std::abs(r.correlation[0][1]) < 1.0);

  // 3. leave one out: six consistent figures of a two-parameter truth predict each other
  const auto loo = calibrate::leave_one_out(doc, "ramp", o, r);
  REQUIRE(loo.size() == points.size());
  for (std::size_t k = 0; k < loo.size(); ++k) {
    INFO(loo[k].observation.id << ": observed " << loo[k].observation.observed << ", predicted "
                               << loo[k].observation.simulated.mean << ", z " << loo[k].z);
    CHECK(loo[k].observation.id == "o" + std::to_string(k));
    CHECK(std::abs(loo[k].z) < 3.0);
    CHECK(loo[k].values.size() == 2);
  }
}

TEST_CASE("a parameter no observation depends on has an infinite standard error", "[quick][calibrate]")
{
  auto doc = scenario::parse_json(ramp_line, "ramp");
  doc["calendar"]["horizon_days"] = 60;
  doc["lines"][0]["stages"][1]["power"] = {{"base_kw", 10.0}};
  doc["observations"] = scenario::Json::array({{{"id", "o"},
                                                {"metric", "cells_good"},
                                                {"month", "2025-01"},
                                                {"value", 50000},
                                                {"rel_sigma", 0.1},
                                                {"source", "sim"}}});
  doc["calibration"]["parameters"] =
      scenario::Json::array({{{"path", "/ramp_up/time/tau_days"}, {"min", 10}, {"max", 300}, {"log", true}},
                             {{"path", "/lines/0/stages/1/power/base_kw"}, {"min", 1}, {"max", 100}}});
  doc["calibration"]["max_iterations"] = 2;
  calibrate::Options o;
  o.jobs = 1;
  const auto r = calibrate::calibrate(doc, "ramp", o);
  REQUIRE(r.parameters.size() == 2);
  CHECK(std::isfinite(r.parameters[0].std_error));
  CHECK(r.parameters[0].std_error > 0);
  CHECK(std::isinf(r.parameters[1].std_error)); // power does not move cells: not identified
}

TEST_CASE("bounds that let a trial point make the scenario invalid give an input error naming the values",
          "[quick][calibrate]")
{
  auto doc = scenario::parse_json(ramp_line, "ramp");
  doc["calendar"]["horizon_days"] = 40;
  doc["lines"][0]["stages"][0]["scrap"]["mature"] = 0.399; // just below initial (0.4)
  doc["observations"] = scenario::Json::array({{{"id", "o"},
                                                {"metric", "scrap_rate"},
                                                {"month", "2025-01"},
                                                {"value", 0.3},
                                                {"rel_sigma", 0.1},
                                                {"source", "sim"}}});
  // the forward-difference step raises mature above initial
  doc["calibration"]["parameters"] =
      scenario::Json::array({{{"path", "/lines/0/stages/0/scrap/mature"}, {"min", 0.0}, {"max", 0.5}}});
  calibrate::Options o;
  o.jobs = 1;
  try {
    calibrate::calibrate(doc, "ramp", o);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    const std::string m = e.what();
    CHECK(m.rfind("[calibrate.E703] ramp: the trial values /lines/0/stages/0/scrap/mature=0.4", 0) == 0);
    CHECK(m.find("make the scenario invalid:\n  [scenario.E110] /lines/0/stages/0/scrap/mature: expected at most "
                 "initial (0.4)") != std::string::npos);
    CHECK(m.find("narrow the bounds in /calibration/parameters") != std::string::npos);
  }
}

TEST_CASE("calibration without parameters or observations is an input error", "[quick][calibrate]")
{
  auto doc = scenario::parse_json(ramp_line, "ramp");
  calibrate::Options o;
  CHECK_THROWS_WITH(calibrate::calibrate(doc, "ramp", o),
                    "[calibrate.E702] ramp: /observations is empty: nothing to fit to");
  doc["calibration"]["parameters"] = scenario::Json::array();
  CHECK_THROWS_WITH(calibrate::calibrate(doc, "ramp", o),
                    "[calibrate.E701] ramp: /calibration/parameters is empty: nothing to fit");
}

namespace {
/// Monthly scrap rates of a skill-only ramp-up whose experts leave on `leave`.
std::vector<double> scrap_by_month(const std::string& leave)
{
  const std::string text = R"({
    "schema_version": 1, "name": "experts", "description": "expert departure",
    "calendar": {"start_date": "2025-01-01", "horizon_days": 1000},
    "product": {"cell_energy_wh": 100, "cells_per_module": 10, "pack_kwh": 50},
    "lines": [{"id": "L", "sop_date": "2025-01-01", "stages": [
      {"id": "a", "kind": "process", "cycle_s": 30, "lot_cells": 100, "scrap": {"initial": 0.5, "mature": 0.02}}]}],
    "ramp_up": {"skill": true},
    "workforce": {"experts": [{"date": "2025-01-01", "headcount": 200}, {"date": ")" +
                           leave + R"(", "headcount": 0}],
                  "local_staff": [{"date": "2025-01-01", "headcount": 400}],
                  "initial_local_skill": 0.1, "training_rate_per_day": 0.01, "practice_tau_days": 1000},
    "run": {"seed": 5, "replications": 2}})";
  const auto s = scenario::load_scenario_text(text, "experts");
  const auto sum = report::summarise(s, run::run_replications(s));
  std::vector<double> out;
  for (const auto& m : sum.months)
    out.push_back(m.at("scrap_rate").mean);
  return out;
}
} // namespace

TEST_CASE("experts leaving before local skill matures raise scrap, after maturity they do not", "[slow][calibrate]")
{
  // months are 0-based from 2025-01; departures on the first day of a month
  const auto early = scrap_by_month("2025-04-01"); // month 3
  const auto late = scrap_by_month("2027-01-01");  // month 24
  INFO("early: March " << early[2] << ", April " << early[3] << "; late: Dec 2026 " << late[23] << ", Jan 2027 "
                       << late[24]);
  CHECK(early[3] - early[2] > 0.03);            // a visible jump
  CHECK(std::abs(late[24] - late[23]) < 0.005); // lost in the noise
  CHECK(early[2] < early[1]);                   // scrap was falling before
}
