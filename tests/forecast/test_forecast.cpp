// tests/forecast/test_forecast.cpp — forecasts: quantiles, targets, parameter draws from a posterior and from
// ranges, exact milestones on a deterministic line, paired what-ifs, and the coverage of prediction intervals
// after a calibration on a plant with known parameters.
#include "gigaline/calibrate/Calibrate.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/core/Random.hpp"
#include "gigaline/forecast/Forecast.hpp"
#include "gigaline/report/Html.hpp"
#include "gigaline/report/Observations.hpp"
#include "gigaline/run/Replications.hpp"
#include "gigaline/scenario/Region.hpp"

#include "support/RampLine.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>

using namespace gigaline;
using test::ramp_line;

namespace {
// One deterministic stage of 100 s per cell at speed_initial..1 with time-based learning: 864 cells a day
// when mature. Nameplate 864 x 365 x 1 kWh = 0.31536 GWh a year.
const char* deterministic = R"({
  "schema_version": 1, "name": "det", "description": "deterministic ramp",
  "sources": [{"id": "s", "kind": "assumption", "citation": "test"}],
  "calendar": {"start_date": "2025-01-01", "horizon_days": 365},
  "product": {"cell_energy_wh": 1000, "cells_per_module": 10, "pack_kwh": 50},
  "lines": [{"id": "L", "sop_date": "2025-01-01", "nameplate_gwh_per_year": 0.31536, "stages": [
    {"id": "a", "kind": "process", "cycle_s": 100, "lot_cells": 1, "cycle_dist": "deterministic",
     "speed_initial": 0.1}]}],
  "ramp_up": {"time": {"tau_days": 60}},
  "calibration": {"parameters": [{"path": "/ramp_up/time/tau_days", "min": 10, "max": 300, "log": true}]},
  "run": {"seed": 1, "replications": 1}
})";

} // namespace

TEST_CASE("quantiles interpolate between order statistics", "[quick][forecast]")
{
  std::vector<double> v;
  for (int i = 0; i <= 100; ++i)
    v.push_back(100 - i); // 0..100 shuffled order
  const auto q = forecast::quantiles_of(v);
  CHECK(q.p5 == Approx(5));
  CHECK(q.p10 == Approx(10));
  CHECK(q.p50 == Approx(50));
  CHECK(q.p95 == Approx(95));
  CHECK(q.mean == Approx(50));
  const auto two = forecast::quantiles_of({0.0, 1.0});
  CHECK(two.p10 == Approx(0.1));
  CHECK(std::isnan(forecast::quantiles_of({}).p50));
}

TEST_CASE("a target is a figure, a comparison, a value and a date", "[quick][forecast]")
{
  const auto t = forecast::parse_target("gwh_cumulative>=5@2026-12-31");
  CHECK(t.metric == "gwh_cumulative");
  CHECK(t.at_least);
  CHECK(t.value == 5);
  CHECK(t.date.to_string() == "2026-12-31");
  CHECK_FALSE(forecast::parse_target("scrap_rate <= 0.08 @ 2026-06-30").at_least);
  for (const char* bad : {"gwh>5@2026-12-31", "power>=5@2026-12-31", "gwh>=five@2026-12-31", "gwh>=5@2026-02-30",
                          "gwh>=1e999@2026-12-31"}) {
    INFO(bad);
    CHECK_THROWS_AS(forecast::parse_target(bad), InputError);
  }
  CHECK_THROWS_WITH(forecast::parse_target("gwh>5@2026-12-31"),
                    Catch::StartsWith("[forecast.E801] --target \"gwh>5@2026-12-31\": not a target"));
}

TEST_CASE("parameter draws follow the posterior's covariance, or the ranges without one", "[quick][forecast]")
{
  auto doc = scenario::parse_json(ramp_line, "ramp");
  // a posterior with sd 0.3 and 0.2 in u and correlation 0.5
  doc["calibration"]["posterior"] = {
      {"u", {0.0, 0.0}}, {"covariance_u", {{0.09, 0.03}, {0.03, 0.04}}}, {"unidentified", scenario::Json::array()}};
  const auto s = scenario::from_json(doc, "ramp");
  const int k = 20000;
  const auto draws = forecast::draw_parameters(s, doc, k, 7);
  REQUIRE(draws.size() == static_cast<std::size_t>(k));
  // back to u: the centre is the document's values (tau 60, scrap 0.4), not the posterior's u
  auto u_of = [](double x, double lo, double hi) {
    const double z = (x - lo) / (hi - lo);
    return std::log(z / (1 - z));
  };
  const double c0 = u_of(std::log(60.0), std::log(10.0), std::log(300.0)), c1 = u_of(0.4, 0.1, 0.8);
  double m0 = 0, m1 = 0, s00 = 0, s11 = 0, s01 = 0;
  for (const auto& d : draws) {
    const double a = u_of(std::log(d[0]), std::log(10.0), std::log(300.0)) - c0, b = u_of(d[1], 0.1, 0.8) - c1;
    m0 += a;
    m1 += b;
    s00 += a * a;
    s11 += b * b;
    s01 += a * b;
    CHECK((d[0] > 10 && d[0] < 300 && d[1] > 0.1 && d[1] < 0.8));
  }
  CHECK(m0 / k == Approx(0).margin(0.01));
  CHECK(m1 / k == Approx(0).margin(0.01));
  CHECK(s00 / k == Approx(0.09).epsilon(0.05));
  CHECK(s11 / k == Approx(0.04).epsilon(0.05));
  CHECK(s01 / k == Approx(0.03).epsilon(0.1));

  // an unidentified parameter is drawn from its range; without a posterior, every one is
  doc["calibration"]["posterior"]["unidentified"] = {"/lines/0/stages/0/scrap/initial"};
  const auto half = forecast::draw_parameters(scenario::from_json(doc, "ramp"), doc, k, 7);
  doc["calibration"].erase("posterior");
  const auto prior = forecast::draw_parameters(scenario::from_json(doc, "ramp"), doc, k, 7);
  double mean_scrap = 0, mean_log_tau = 0;
  for (std::size_t i = 0; i < half.size(); ++i) {
    mean_scrap += half[i][1];
    mean_log_tau += std::log(prior[i][0]);
  }
  CHECK(mean_scrap / k == Approx(0.45).margin(0.005));                                    // uniform on 0.1..0.8
  CHECK(mean_log_tau / k == Approx((std::log(10.0) + std::log(300.0)) / 2).margin(0.02)); // log-uniform
}

TEST_CASE("a deterministic forecast has every quantile equal and exact milestones", "[quick][forecast]")
{
  auto doc = scenario::parse_json(deterministic, "det");
  // a posterior of zero variance: every draw is the scenario's own tau
  doc["calibration"]["posterior"] = {
      {"u", {0.0}}, {"covariance_u", {{0.0}}}, {"unidentified", scenario::Json::array()}};
  forecast::Options o;
  o.draws = 3;
  o.replications = 2;
  o.jobs = 2;
  o.targets = {"cells_good>=1@2025-01-15", "gwh_cumulative>=1@2025-12-31", "nameplate_share>=0.5@2025-02-10"};
  o.what_if = {"/calendar/maintenance=[]"}; // no maintenance either way: a what-if that changes nothing
  const auto r = forecast::forecast(doc, "det", o);
  REQUIRE(r.months.size() == 12);
  const auto& good = r.series[0];
  for (const auto& q : good.months) {
    CHECK(q.p5 == q.p95);
    CHECK(q.p50 == q.mean);
  }
  // m(t) = 1 - exp(-t/60), speed 0.1 + 0.9 m; a month's nameplate is a twelfth of the year's: December (days
  // 334-365) makes 31 x 12 / 365 of it times its mean speed 1 - 0.9 x 60/31 (exp(-334/60) - exp(-365/60))
  const double december = 31.0 * 12 / 365 * (1 - 0.9 * 60 / 31.0 * (std::exp(-334 / 60.0) - std::exp(-365 / 60.0)));
  CHECK(r.series[4].months[11].p50 == Approx(december).epsilon(0.002));
  // the month it first reaches 50 %: speed 0.5 at m = 0.444, t = 35 days: February's mean speed is above 0.5
  REQUIRE(r.milestones[0].name == "nameplate_50");
  CHECK(r.milestones[0].reached == 1.0);
  CHECK(r.milestones[0].p50->to_string() == "2025-02-01");
  CHECK(r.milestones[2].name == "nameplate_100");
  CHECK(r.milestones[3].name == "gwh_cumulative_1");
  CHECK(r.milestones[3].reached == 0.0); // 0.3 GWh a year at most
  CHECK_FALSE(r.milestones[3].p50);
  REQUIRE(r.targets.size() == 3);
  CHECK(r.targets[0].probability == 1.0);
  CHECK(r.targets[1].probability == 0.0);
  CHECK(r.targets[2].probability == 1.0);
  // paired differences of a what-if that changes nothing are exactly 0
  for (const auto& s : r.difference_series)
    for (const auto& q : s.months)
      if (!std::isnan(q.p50))
        CHECK((q.p5 == 0 && q.p95 == 0));
  CHECK(r.targets[0].what_if == 1.0);
}

TEST_CASE("a forecast without calibration parameters, or with a what-if that changes the calendar, is an input error",
          "[quick][forecast]")
{
  auto doc = scenario::parse_json(deterministic, "det");
  forecast::Options o;
  o.draws = 2;
  o.replications = 1;
  o.what_if = {"/calendar/horizon_days=100"};
  CHECK_THROWS_WITH(forecast::forecast(doc, "det", o), Catch::StartsWith("[forecast.E803]"));
  doc["calibration"]["parameters"] = scenario::Json::array();
  CHECK_THROWS_WITH(forecast::forecast(doc, "det", o), Catch::StartsWith("[forecast.E802] det:"));
}

TEST_CASE("a region's forecast adds run k of every plant, month by month", "[quick][forecast]")
{
  const std::string src = GIGALINE_SOURCE_DIR;
  const auto region = scenario::load_region_file(src + "/scenarios/battery_valley.json",
                                                 {"/region/end_date=\"2026-03-31\"", "/run/replications=1"});
  forecast::Options o;
  o.draws = 3;
  o.replications = 2;
  o.jobs = 2;
  o.targets = {"gwh_cumulative>=1@2026-03-31"};
  const auto r = forecast::forecast_region(region, o);
  REQUIRE(r.months.front().to_string() == "2023-12"); // ACC's start
  REQUIRE(r.months.back().to_string() == "2026-03");
  // each plant forecast alone, with the seed the region gives it: the region's mean cumulative GWh at the end
  // is the sum of the plants' (means add over the same number of runs), its nameplate the sum of theirs
  double plants_gwh = 0, plants_nameplate = 0;
  for (std::size_t p = 0; p < region.plants.size(); ++p) {
    auto doc = scenario::to_json(region.plants[p].scenario);
    doc["run"]["seed"] = derive_seed(region.region.run.seed, p, entity_id("forecast/region plant"));
    const auto f = forecast::forecast(doc, region.plants[p].path, o);
    plants_gwh += f.series[3].months.back().mean;
    plants_nameplate += f.nameplate_gwh.back();
  }
  CHECK_THAT(r.series[3].months.back().mean, Catch::Matchers::WithinRel(plants_gwh, 1e-12));
  CHECK_THAT(r.nameplate_gwh.back(), Catch::Matchers::WithinRel(plants_nameplate, 1e-12));
  REQUIRE(r.targets.size() == 1);
  CHECK(r.targets[0].probability >= 0.0);
  CHECK(r.draws.size() == 3);
  // a what-if names one plant's parameters; cells of different energies do not add up
  o.what_if = {"/workforce/training_rate_per_day=0.03"};
  CHECK_THROWS_WITH(forecast::forecast_region(region, o), Catch::StartsWith("[forecast.E804] --what-if"));
  o.what_if.clear();
  o.targets = {"cells_cumulative>=1@2026-03-31"};
  CHECK_THROWS_WITH(forecast::forecast_region(region, o), Catch::StartsWith("[forecast.E804] --target"));
}

TEST_CASE("after a calibration on its first months, 90 % prediction intervals cover the truth about 90 % of the time",
          "[slow][forecast]")
{
  // N plants with known parameters (tau 60 days, initial scrap 0.4), each one replication with its own seed;
  // each calibrated on its good cells of months 1-3 and scrap of months 1-2, then forecast (80 draws x 1
  // replication) for months 5 and 8. The truth is one more random plant, so the interval must hold parameter
  // and process uncertainty together.
  const int trials = 30;
  int covered = 0, checks = 0;
  double predicted = 0, happened = 0; // a target's mean predicted probability against its observed frequency
  for (int trial = 0; trial < trials; ++trial) {
    auto doc = scenario::parse_json(ramp_line, "ramp");
    doc["run"]["seed"] = 1000 + trial;
    const auto truth = run::run_replication(scenario::from_json(doc, "ramp"), 0);
    std::vector<double> good;
    for (std::size_t m = 0; m < truth.months.size(); ++m) {
      const auto& b = m + 1 < truth.months.size() ? truth.months[m + 1] : truth.end;
      good.push_back(b.good - truth.months[m].good);
    }
    const test::ObservedPoints points = {{"cells_good", "2025-01"},
                                         {"cells_good", "2025-02"},
                                         {"cells_good", "2025-03"},
                                         {"scrap_rate", "2025-01"},
                                         {"scrap_rate", "2025-02"}};
    // sigmas of the truth's own noise (measured over 40 replications: monthly good cells 0.3-0.5 %, scrap
    // rates 0.5-0.7 %): a likelihood that says how far one plant strays from the model's mean
    test::observe_truth(doc, points, {0.0044, 0.0046, 0.0033, 0.0053, 0.0073}, [&](scenario::Scenario& s) {
      s.run.replications = 1;
      return std::vector<run::ReplicationResult>{truth};
    });
    // the calibration runs with other seeds from a start away from the truth
    doc["run"]["seed"] = 1;
    doc["ramp_up"]["time"]["tau_days"] = 100;
    doc["lines"][0]["stages"][0]["scrap"]["initial"] = 0.3;
    calibrate::Options co;
    co.jobs = 2;
    const auto fit = calibrate::calibrate(doc, "ramp", co);
    forecast::Options fo;
    fo.draws = 80;
    fo.replications = 1;
    fo.jobs = 2;
    fo.targets = {"cells_good>=124600@2025-08-15"}; // about the median of August's good cells
    const auto fc = forecast::forecast(fit.calibrated, "ramp", fo);
    for (std::size_t m : {4u, 7u}) {
      const auto& q = fc.series[0].months[m];
      covered += good[m] >= q.p5 && good[m] <= q.p95 ? 1 : 0;
      ++checks;
    }
    predicted += fc.targets[0].probability;
    happened += good[7] >= 124600 ? 1 : 0;
  }
  const double coverage = static_cast<double>(covered) / checks;
  // binomial: 60 checks (two months of 30 plants, not independent: a conservative band of 3.5 sd of 30)
  const double sd = std::sqrt(0.9 * 0.1 / trials);
  INFO("coverage " << coverage << " over " << checks << " checks; target predicted " << predicted / trials
                   << ", happened " << happened / trials);
  CHECK(coverage >= 0.9 - 3.5 * sd);
  CHECK(coverage <= 1.0);
  // the target's probability is calibrated: its mean prediction matches the frequency within 3.5 sd
  const double p = predicted / trials;
  CHECK(std::abs(p - happened / trials) <= 3.5 * std::sqrt(std::max(p * (1 - p), 0.01) / trials));
  WARN("coverage of 90 % intervals: " << coverage << " (" << covered << " of " << checks << "); target predicted " << p
                                      << ", happened " << happened / trials);
}

TEST_CASE("the forecast page's year ends give the GWh and sales lost against nameplate", "[quick][forecast]")
{
  auto doc = scenario::parse_json(deterministic, "det");
  doc["calibration"]["posterior"] = {
      {"u", {0.0}}, {"covariance_u", {{0.0}}}, {"unidentified", scenario::Json::array()}};
  doc["cost"] = {{"material_eur_per_kwh", 60}, {"cell_price_eur_per_kwh", 100}};
  forecast::Options o;
  o.draws = 2;
  o.replications = 1;
  o.jobs = 1;
  const auto r = forecast::forecast(doc, "det", o);
  REQUIRE(r.cell_price_eur_per_kwh);
  CHECK(*r.cell_price_eur_per_kwh == 100);
  const auto j = forecast::to_json(r);
  CHECK(j.at("cell_price_eur_per_kwh").get<double>() == 100);
  double nameplate = 0;
  for (double v : r.nameplate_gwh)
    nameplate += v;
  CHECK(nameplate == Approx(0.31536));
  const double made = r.series[3].months.back().p50; // cumulative GWh at December (every quantile equal here)
  const double lost = nameplate - made;
  CHECK(lost > 0);
  char cells[160];
  std::snprintf(cells, sizeof cells, "<td>%.3f (%.3f-%.3f)</td><td>%.0f</td>", lost, lost, lost, lost * 100);
  const std::string page = report::forecast_report_html(j, "");
  INFO(page.substr(page.find("2025-12"), 300));
  CHECK(page.find("GWh lost against nameplate, P50 (P95-P5)") != std::string::npos);
  CHECK(page.find(cells) != std::string::npos);
  // without a price: the GWh, not the EUR
  doc["cost"].erase("cell_price_eur_per_kwh");
  const auto unpriced = forecast::to_json(forecast::forecast(doc, "det", o));
  CHECK(unpriced.at("cell_price_eur_per_kwh").is_null());
  CHECK(report::forecast_report_html(unpriced, "").find("sales lost") == std::string::npos);
}
