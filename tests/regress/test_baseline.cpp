// tests/regress/test_baseline.cpp — baselines and checks: an unchanged model passes both modes, a 10 % change
// of a ramp-up parameter fails statistical mode naming the months, another seed fails exact mode only.
#include "gigaline/cli/App.hpp"
#include "gigaline/regress/Baseline.hpp"
#include "gigaline/report/Summary.hpp"
#include "gigaline/run/Replications.hpp"
#include "gigaline/scenario/Loader.hpp"

#include "support/TestSupport.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace gigaline;
namespace fs = std::filesystem;

using gigaline::test::run_cli;
using gigaline::test::slurp;

namespace {
const std::string src = GIGALINE_SOURCE_DIR;
const std::string base_file = src + "/tests/data/sweep/base.json"; // a small line that ramps up over 60 days

/// The scenario's curves, as `gigaline baseline` records them.
regress::Baseline record(const std::vector<std::string>& sets)
{
  const auto s = scenario::load_scenario_file(base_file, sets);
  return regress::from_summary(s, report::summarise(s, run::run_replications(s)));
}

const std::vector<std::string> three_reps = {"/run/replications=3"};
} // namespace

TEST_CASE("an unchanged model passes in exact and in statistical mode", "[quick][regress]")
{
  const auto b = record(three_reps);
  REQUIRE(b.months.size() == 3); // January, February, the first day of March
  const auto again = record(three_reps);
  for (auto mode : {regress::Mode::exact, regress::Mode::statistical}) {
    const auto r = regress::compare(b, again, mode);
    CHECK(r.passed());
    CHECK(r.deviations.empty());
    CHECK(!r.hash_changed);
    CHECK(r.compared.at("cells_good") == 3);
  }
  // the file round trip keeps every bit
  const auto back = regress::baseline_from_json(regress::to_json(b), "b");
  CHECK(regress::compare(back, again, regress::Mode::exact).passed());
}

TEST_CASE("a ramp-up parameter 10 % off fails statistical mode and names the months", "[quick][regress]")
{
  const auto b = record(three_reps);
  auto sets = three_reps;
  sets.push_back("/ramp_up/time/tau_days=33");
  const auto moved = record(sets);
  const auto r = regress::compare(b, moved, regress::Mode::statistical);
  CHECK(!r.passed());
  CHECK(r.hash_changed);
  REQUIRE(!r.deviations.empty());
  std::set<std::string> months, metrics;
  for (const auto& d : r.deviations) {
    months.insert(d.month);
    metrics.insert(d.metric);
    CHECK((d.now < d.low || d.now > d.high));
  }
  CHECK(months.count("2025-01") == 1); // the ramp-up months, where learning speed matters
  CHECK(metrics.count("scrap_rate") == 1);
  std::ostringstream table;
  regress::print_check(r, table);
  CHECK(table.str().find("scenario changed since the baseline: hash " + b.scenario_hash + " -> " +
                         moved.scenario_hash) != std::string::npos);
  CHECK(table.str().find("2025-01  cells_good") != std::string::npos);
  CHECK(table.str().find("2025-02  scrap_rate") != std::string::npos);
  CHECK(table.str().substr(table.str().size() - 5) == "FAIL\n");
}

TEST_CASE("another seed fails exact mode and passes statistical mode", "[quick][regress]")
{
  const auto b = record(three_reps);
  auto sets = three_reps;
  sets.push_back("/run/seed=99");
  const auto other = record(sets);
  const auto exact = regress::compare(b, other, regress::Mode::exact);
  CHECK(!exact.passed());
  CHECK(exact.deviations.size() == 3 * regress::curve_metrics().size() - 0);
  CHECK(exact.hash_changed); // the seed is part of the scenario
  const auto stat = regress::compare(b, other, regress::Mode::statistical);
  CHECK(stat.passed());
}

TEST_CASE("exact mode prints a change in the last bit with the digits that show it", "[quick][regress]")
{
  const auto b = record(three_reps);
  auto moved = b;
  auto& v = moved.months[1].replicas.at("scrap_rate")[0];
  v = std::nextafter(v, 1.0);
  const auto r = regress::compare(b, moved, regress::Mode::exact);
  REQUIRE(r.deviations.size() == 1);
  std::ostringstream table;
  regress::print_check(r, table);
  INFO(table.str());
  // the row: month, metric, replication, baseline, now, difference; the two values read back as themselves
  std::istringstream text(table.str());
  std::string line;
  while (std::getline(text, line) && line.find("2025-02  scrap_rate") == std::string::npos) {
  }
  std::istringstream row(line);
  std::string month, metric, base, now;
  int rep = -1;
  row >> month >> metric >> rep >> base >> now;
  CHECK(rep == 0);
  CHECK(base != now);
  CHECK(std::stod(base) == b.months[1].replicas.at("scrap_rate")[0]);
  CHECK(std::stod(now) == v);
}

TEST_CASE("baseline and check on the command line, with a JUnit report", "[quick][regress][cli]")
{
  const auto dir = fs::temp_directory_path() / ("gigaline-regress-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string bl = (dir / "b.json").string(), xml = (dir / "r.xml").string();
  const auto made = run_cli({"baseline", base_file, "--replications", "3", "--out", bl});
  REQUIRE(made.code == 0);
  CHECK(made.out.find("baseline of sweep_base (3 months x 5 curves, 3 replication(s), seed 1") == 0);
  const auto pass = run_cli({"check", base_file, "--baseline", bl, "--junit", xml});
  CHECK(pass.code == 0);
  CHECK(pass.out.find("none moved\nPASS\n") != std::string::npos);
  CHECK(slurp(xml).find("<testsuites tests=\"6\" failures=\"0\">") != std::string::npos);
  const auto exact_pass = run_cli({"check", base_file, "--baseline", bl, "--mode", "exact"});
  CHECK(exact_pass.code == 0);

  const auto fail =
      run_cli({"check", base_file, "--baseline", bl, "--junit", xml, "--set", "/ramp_up/time/tau_days=33"});
  CHECK(fail.code == 1);
  const std::string report = slurp(xml);
  CHECK(report.find("<testcase classname=\"sweep_base\" name=\"scrap_rate\"><failure message=\"scrap_rate moved in ") !=
        std::string::npos);
  CHECK(report.find("2025-01: baseline ") != std::string::npos);
  CHECK(report.find("<system-out>scenario hash changed: ") != std::string::npos);

  const auto seed_exact = run_cli({"check", base_file, "--baseline", bl, "--mode", "exact", "--seed", "99"});
  CHECK(seed_exact.code == 1);
  CHECK(seed_exact.out.find("(exact mode: a failure)") != std::string::npos);
  CHECK(run_cli({"check", base_file, "--baseline", bl, "--seed", "99"}).code == 0);

  // bad input: exit 2 with the place named
  std::ofstream(dir / "bad.json") << R"({"gigaline_baseline": 1, "scenario": "x"})";
  const auto bad = run_cli({"check", base_file, "--baseline", (dir / "bad.json").string()});
  CHECK(bad.code == 2);
  CHECK(bad.err == "[baseline.E501] " + (dir / "bad.json").string() +
                       ": /provenance: missing (is this a gigaline baseline written by `gigaline baseline`?)\n");
  CHECK(run_cli({"check", base_file, "--baseline", bl, "--mode", "fuzzy"}).err ==
        "[cli.E305] --mode: expected exact or statistical, found \"fuzzy\"\n");
  fs::remove_all(dir);
}
