// tests/report/test_kpis.cpp — the KPI catalogue against what a run writes: every per-run KPI is a total of
// summary.json, every per-month KPI a column of monthly.csv, each guarded curve monthly and with a tolerance.
#include "gigaline/report/Kpis.hpp"
#include "gigaline/report/Summary.hpp"
#include "gigaline/run/Replications.hpp"
#include "gigaline/scenario/Loader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <sstream>

using namespace gigaline;

TEST_CASE("the KPI catalogue names what a run writes, once each", "[quick][report][kpi]")
{
  std::set<std::string_view> keys;
  for (const auto& k : report::kpi_catalogue()) {
    CHECK(keys.insert(k.key).second); // no key twice
    CHECK_FALSE(k.label.empty());
    CHECK_FALSE(k.unit.empty());
    CHECK(k.scopes != 0);
    if (k.scopes & report::guarded_curve) {
      CHECK((k.scopes & report::per_month) != 0);
      CHECK(k.rel_tolerance > 0);
    }
  }
  CHECK(report::find_kpi("scrap_rate")->scale == 100);
  CHECK(report::find_kpi("holding_share")->scale == 100);
  CHECK(report::find_kpi("no_such_kpi") == nullptr);

  // a plant with a cost section writes every per-run KPI as a total, and every per-month KPI as a column
  const auto s = scenario::load_scenario_file(std::string(GIGALINE_SOURCE_DIR) + "/scenarios/aesc_douai.json",
                                              {"/run/replications=1", "/calendar/horizon_days=120"});
  REQUIRE(s.cost);
  const auto sum = report::summarise(s, run::run_replications(s));
  const auto totals = report::to_json(sum).at("totals");
  for (const auto& key : report::kpi_keys(report::per_run)) {
    INFO(key);
    CHECK(totals.contains(key));
  }
  std::istringstream csv(report::monthly_csv(sum));
  std::string header;
  std::getline(csv, header);
  std::set<std::string> columns;
  std::istringstream fields(header);
  for (std::string f; std::getline(fields, f, ',');)
    columns.insert(f);
  for (const auto& key : report::kpi_keys(report::per_month)) {
    INFO(key);
    CHECK(columns.count(key) == 1);
  }
  // and the other way: every total and every monthly column (aesc_douai has a workforce, staffing and demand,
  // so its months carry the whole control state) is in the catalogue, with the scope it is written in
  REQUIRE((s.workforce && s.staffing && s.demand));
  for (const auto& [key, value] : totals.items()) {
    if (key.size() > 5 && key.compare(key.size() - 5, 5, "_ci95") == 0)
      continue;
    INFO(key);
    const report::Kpi* k = report::find_kpi(key);
    REQUIRE(k != nullptr);
    CHECK((k->scopes & report::per_run) != 0);
  }
  for (const auto& column : columns) {
    if (column == "month" || (column.size() > 5 && column.compare(column.size() - 5, 5, "_ci95") == 0))
      continue;
    INFO(column);
    const report::Kpi* k = report::find_kpi(column);
    REQUIRE(k != nullptr);
    CHECK((k->scopes & (report::per_month | report::month_state)) != 0);
  }
  for (const auto& key : report::kpi_keys(report::month_state)) {
    INFO(key);
    CHECK(columns.count(key) == 1);
  }
  CHECK(report::kpi_keys(report::guarded_curve) ==
        std::vector<std::string>{"cells_good", "gwh", "gwh_cumulative", "scrap_rate", "oee"});
}

TEST_CASE("tables show a KPI with the catalogue's scale, decimals and separators", "[quick][report][kpi]")
{
  CHECK(report::format_kpi(*report::find_kpi("scrap_rate"), 0.123456) == "12.35");
  CHECK(report::format_kpi(*report::find_kpi("cells_good"), 1234567.4) == "1,234,567");
  CHECK(report::format_kpi(*report::find_kpi("gwh"), 0.01234) == "0.0123");
  CHECK(report::format_kpi(*report::find_kpi("energy_kwh"), -0.2) == "0"); // never "-0"
  CHECK(report::format_kpi(*report::find_kpi("oee"), std::nan("")) == "-");
  CHECK(report::format_kpi(*report::find_kpi("lead_time_h"), 12345.678) == "12,345.68");
}

TEST_CASE("the terminal table lists the catalogue: every total a run has, the guarded curves by month",
          "[quick][report][kpi]")
{
  const auto s = scenario::load_scenario_file(std::string(GIGALINE_SOURCE_DIR) + "/tests/data/minimal.json",
                                              {"/run/replications=1"});
  const auto sum = report::summarise(s, run::run_replications(s));
  std::ostringstream out;
  report::print_kpi_table(sum, out);
  const std::string text = out.str();
  for (const auto& k : report::kpi_catalogue()) {
    INFO(k.key);
    const bool total = (k.scopes & report::per_run) && sum.totals.has(std::string(k.key));
    CHECK((text.find("  " + std::string(k.label) + " ") != std::string::npos) == total);
  }
  // the monthly table: a header of the guarded curves' columns, then one row per month
  const auto at = text.find("Ramp-up by month");
  REQUIRE(at != std::string::npos);
  std::istringstream rows(text.substr(at));
  std::string title, header;
  std::getline(rows, title);
  std::getline(rows, header);
  for (const auto& key : report::kpi_keys(report::guarded_curve))
    CHECK(header.find(std::string(report::find_kpi(key)->column)) != std::string::npos);
  std::size_t months = 0;
  for (std::string row; std::getline(rows, row) && !row.empty();)
    ++months;
  CHECK(months == sum.months.size());
}

TEST_CASE("without a warm-up, a one-month run's station totals are its month's, column by column",
          "[quick][report][kpi]")
{
  // the statistics restart (warm-up end, here at 0) acts before the lots that start at its instant, as a month
  // does: the first lot's start counted before the restart once left stations.csv one cell short of performance
  const auto s = scenario::load_scenario_file(std::string(GIGALINE_SOURCE_DIR) + "/scenarios/bench/tandem4.json");
  REQUIRE(s.calendar.warmup_days == 0);
  const auto sum = report::summarise(s, run::run_replications(s));
  REQUIRE(sum.month_of.size() == 1);
  std::istringstream totals(report::stations_csv(sum)), months(report::stations_monthly_csv(sum));
  std::string t, m;
  std::getline(totals, t);
  std::getline(months, m);
  CHECK(m == "month," + t); // same columns
  int rows = 0;
  while (std::getline(totals, t)) {
    REQUIRE(std::getline(months, m));
    CHECK(m == "2025-01," + t);
    ++rows;
  }
  CHECK(rows == 4);
}
