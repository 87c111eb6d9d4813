// tests/report/test_kpis.cpp — the KPI catalogue against what a run writes: every per-run KPI is a total of
// summary.json, every per-month KPI a column of monthly.csv, each guarded curve monthly and with a tolerance.
#include "gigaline/report/Kpis.hpp"
#include "gigaline/report/Summary.hpp"
#include "gigaline/run/Replications.hpp"
#include "gigaline/scenario/Loader.hpp"

#include <catch2/catch.hpp>

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
  CHECK(report::kpi_keys(report::guarded_curve) ==
        std::vector<std::string>{"cells_good", "gwh", "gwh_cumulative", "scrap_rate", "oee"});
}
