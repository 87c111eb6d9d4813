// tests/scenario/test_region.cpp — region files: the strict loader (exact messages, plant files as origins,
// exit code 2), the combination of plant runs (exact sums per replication), reproducibility and the outputs.
#include "gigaline/cli/App.hpp"
#include "gigaline/report/Region.hpp"
#include "gigaline/run/Replications.hpp"
#include "gigaline/scenario/Loader.hpp"
#include "gigaline/scenario/Region.hpp"

#include "support/TestSupport.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace gigaline;
using namespace gigaline::scenario;

using gigaline::test::run_cli;
using gigaline::test::slurp;

namespace {
const std::string src = GIGALINE_SOURCE_DIR;
const std::string dir = src + "/tests/data/region";
const std::string bad = dir + "/bad";

/// The whole message of a region's problems, or "" when it loads.
std::string error_of(const std::string& path, const std::vector<std::string>& sets = {})
{
  try {
    load_region_file(path, sets);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

/// A plant run on its own with the overrides the region applies to it.
report::Summary plant_alone(const std::string& file, int horizon_days, std::uint64_t seed, int replications)
{
  const auto s = load_scenario_file(dir + "/" + file, {"/calendar/horizon_days=" + std::to_string(horizon_days),
                                                       "/run/seed=" + std::to_string(seed),
                                                       "/run/replications=" + std::to_string(replications)});
  return report::summarise(s, run::run_replications(s));
}

report::RegionSummary run_region_summary(const gigaline::scenario::LoadedRegion& region)
{
  return report::summarise_region(region, run::run_region(region));
}

double value_of(const report::Row& row, const std::string& name)
{
  for (const auto& [n, v] : row)
    if (n == name)
      return v;
  FAIL("no figure " << name);
  return 0;
}

std::string without_wall_time(nlohmann::ordered_json j)
{
  j["engine"].erase("wall_s");
  return j.dump();
}

std::string fresh_dir(const std::string& name)
{
  const fs::path p = fs::temp_directory_path() / ("gigaline-test-region-" + name);
  fs::remove_all(p);
  return p.string();
}
} // namespace

TEST_CASE("a region loads its plants to the common end date with the region's seed and replications", "[quick][region]")
{
  const auto r = load_region_file(dir + "/region.json");
  CHECK(r.region.name == "small_region");
  REQUIRE(r.plants.size() == 2);
  CHECK(r.plants[0].ref == "plant_a.json");
  CHECK(r.plants[0].path == dir + "/plant_a.json");
  // 2025-01-01 to 2025-06-30 inclusive, and 2025-03-10 to 2025-06-30 inclusive
  CHECK(r.plants[0].scenario.calendar.horizon_days == 181);
  CHECK(r.plants[1].scenario.calendar.horizon_days == 113);
  for (const auto& p : r.plants) {
    CHECK(p.scenario.run.seed == 5);
    CHECK(p.scenario.run.replications == 3);
  }
  // --set applies to the region document, --seed and --replications to its run
  const auto o = load_region_file(dir + "/region.json", {"/region/end_date=2025-05-31", "/run/seed=9"});
  CHECK(o.plants[0].scenario.calendar.horizon_days == 151);
  CHECK(o.plants[1].scenario.run.seed == 9);
  CHECK(region_hash(o.region) != region_hash(r.region));
  CHECK(region_hash(r.region).size() == 16);
  CHECK(is_region_file(dir + "/region.json"));
  CHECK_FALSE(is_region_file(dir + "/plant_a.json"));
}

TEST_CASE("bad region files: every problem of every file at once, with its id, pointer and file", "[quick][region]")
{
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"unknown_key",
       bad + "/unknown_key.json: 3 errors\n"
             "  [region.E101] /colour: unknown key \"colour\" in Region\n"
             "  [region.E101] /region/end_day: unknown key \"end_day\" in RegionSpec (did you mean \"end_date\"?)\n"
             "  [region.E102] /region/end_date: missing required key \"end_date\" in RegionSpec"},
      {"missing_plant", bad +
                            "/missing_plant.json: 1 error\n"
                            "  [region.E114] /region/plants/1/scenario: cannot read plant scenario \"" +
                            bad + "/no_such_plant.json\""},
      {"invalid_plant",
       bad + "/plant_invalid.json: 2 errors\n"
             "  [scenario.E104] /lines/0/stages/0/cycle_s: expected a number >= 0 and <= 86400, found -2\n"
             "  [scenario.E101] /lines/0/stages/0/colour: unknown key \"colour\" in Stage"},
      {"bad_source",
       bad + "/bad_source.json: 2 errors\n"
             "  [region.E109] /region/targets/source: expected the id of a source in /sources, found \"nobody\"\n"
             "  [region.E109] /region/jobs_observed/1/source: expected the id of a source in /sources, found "
             "\"rumour\""},
      {"end_before_start", bad + "/end_before_start.json: 1 error\n"
                                 "  [region.E110] /region/end_date: expected a date on or after the start of plant "
                                 "\"../plant_b.json\" (2025-03-10), found \"2025-02-28\""},
  };
  for (const auto& [name, expected] : cases) {
    INFO(name);
    const std::string file = bad + "/" + name + ".json";
    CHECK(error_of(file) == expected);
    const auto v = run_cli({"validate", file});
    CHECK(v.code == 2);
    CHECK(v.err == expected + "\n");
    CHECK(v.out.empty());
    const auto r = run_cli({"run", file});
    CHECK(r.code == 2);
    CHECK(r.err == expected + "\n");
  }
  // problems of the region and of a plant are reported together, each file with its own count
  CHECK(error_of(bad + "/invalid_plant.json", {"/run/replications=0"}) ==
        bad +
            "/invalid_plant.json: 1 error\n"
            "  [region.E104] /run/replications: expected an integer >= 1 and <= 10000, found 0\n" +
            bad +
            "/plant_invalid.json: 2 errors\n"
            "  [scenario.E104] /lines/0/stages/0/cycle_s: expected a number >= 0 and <= 86400, found -2\n"
            "  [scenario.E101] /lines/0/stages/0/colour: unknown key \"colour\" in Stage");
  CHECK(error_of(dir + "/region.json", {"/region/plants/-={\"scenario\":\"plant_a.json\"}"}) ==
        dir + "/region.json: 1 error\n"
              "  [region.E108] /region/plants/2/scenario: expected each plant once, found \"plant_a.json\" again "
              "(first at /region/plants/0)");
  CHECK(error_of(dir + "/region.json", {"run.seed=2"}) ==
        dir + "/region.json: 1 error\n"
              "  [region.E120] (root): --set expects PATH=VALUE with PATH a JSON pointer such as /run/seed, found "
              "\"run.seed=2\"");
  // numbers no double holds: in a --set, and in a region file (exit 2, not an internal error)
  CHECK(error_of(dir + "/region.json", {"/run/seed=1e400"}) ==
        dir + "/region.json: 1 error\n"
              "  [region.E104] /run/seed: expected a number a double can hold (magnitude at most 1.8e308), found "
              "1e400");
  const auto big = fresh_dir("big");
  fs::create_directories(big);
  std::string text = slurp(dir + "/region.json");
  text.replace(text.find("20000"), 5, "2e400");
  std::ofstream(big + "/region.json") << text;
  const auto v = run_cli({"validate", big + "/region.json"});
  CHECK(v.code == 2);
  CHECK(v.err.find("/region/targets/batteries_per_year: expected a number a double can hold (magnitude at most "
                   "1.8e308), found 2e400") != std::string::npos);
  fs::remove_all(big);
  std::size_t regions = 0;
  for (const auto& e : fs::directory_iterator(bad))
    regions += is_region_file(e.path().string()) ? 1 : 0;
  CHECK(regions == cases.size());
}

TEST_CASE("validate accepts a region and each of its plants", "[quick][region][cli]")
{
  const auto v = run_cli({"validate", dir + "/region.json", src + "/tests/data/minimal.json"});
  CHECK(v.code == 0);
  CHECK(v.err.empty());
  CHECK(v.out == dir + "/region.json: valid region (2 plant(s) to 2025-06-30)\n" + "  " + dir +
                     "/plant_a.json: valid (1 line(s), 1 stage(s), 181 days from 2025-01-01)\n" + "  " + dir +
                     "/plant_b.json: valid (1 line(s), 2 stage(s), 113 days from 2025-03-10)\n" + src +
                     "/tests/data/minimal.json: valid (1 line(s), 1 stage(s), 10 days from 2025-01-01)\n");
}

TEST_CASE("combined figures of each replication are the sums of the plants run on their own", "[quick][region]")
{
  const auto region = load_region_file(dir + "/region.json");
  const auto sum = run_region_summary(region);
  const auto a = plant_alone("plant_a.json", 181, 5, 3), b = plant_alone("plant_b.json", 113, 5, 3);
  REQUIRE(sum.month_of.size() == 6);
  CHECK(sum.month_of.front().to_string() == "2025-01");
  CHECK(sum.month_of.back().to_string() == "2025-06");
  REQUIRE(sum.replication.size() == 3);
  REQUIRE(a.per_replication.size() == 3);
  REQUIRE(b.month_of.size() == 4); // March to June
  for (std::size_t r = 0; r < 3; ++r) {
    const auto& ra = a.per_replication[r];
    const auto& rb = b.per_replication[r];
    for (std::size_t m = 0; m < 6; ++m) {
      INFO("replication " << r << ", month " << sum.month_of[m].to_string());
      const auto& row = sum.replication[r][m];
      const report::Row& pa = ra.months[m];
      if (m < 2) { // before plant_b's start: plant_a alone, bit for bit
        for (const char* name : {"cells_good", "cells_scrapped", "gwh", "vehicles", "gwh_cumulative", "scrap_rate"})
          CHECK(value_of(row, name) == value_of(pa, name));
        CHECK(value_of(row, "gwh_plant_b") == 0.0);
        continue;
      }
      const report::Row& pb = rb.months[m - 2];
      for (const char* name : {"cells_good", "cells_scrapped", "gwh", "vehicles", "gwh_cumulative"})
        CHECK(value_of(row, name) == 0.0 + value_of(pa, name) + value_of(pb, name));
      const double good = value_of(row, "cells_good"), scrapped = value_of(row, "cells_scrapped");
      CHECK(value_of(row, "scrap_rate") == scrapped / (good + scrapped));
      CHECK(value_of(row, "scrap_rate") != 0.5 * (value_of(pa, "scrap_rate") + value_of(pb, "scrap_rate")));
      CHECK(value_of(row, "gwh_plant_a") == value_of(pa, "gwh"));
      CHECK(value_of(row, "gwh_plant_b") == value_of(pb, "gwh"));
    }
  }
  // replications differ (the interval is not degenerate), and the mean is the mean of the replications
  const auto& june = sum.months[5];
  CHECK(june.at("cells_good").half_width > 0);
  CHECK(june.at("cells_good").mean ==
        Approx((value_of(sum.replication[0][5], "cells_good") + value_of(sum.replication[1][5], "cells_good") +
                value_of(sum.replication[2][5], "cells_good")) /
               3));
  // headcount: plant_a has no workforce; plant_b's schedule on each month's last day
  const std::vector<double> headcount = {0, 0, 120, 200, 185, 185};
  for (std::size_t m = 0; m < 6; ++m) {
    CHECK(sum.months[m].at("headcount").mean == headcount[m]);
    CHECK(sum.months[m].at("headcount").half_width == 0);
  }
  // years and observed jobs
  REQUIRE(sum.years.size() == 1);
  CHECK(sum.years[0].year == 2025);
  CHECK(sum.years[0].months == 6);
  CHECK(sum.years[0].last_month.to_string() == "2025-06");
  CHECK(value_of(sum.replication[1][5], "gwh_cumulative") ==
        Approx(a.per_replication[1].totals[5].second + b.per_replication[1].totals[5].second));
  CHECK(sum.years[0].figures.at("batteries_target_ratio").mean ==
        Approx(sum.years[0].figures.at("vehicles").mean / 20000));
  CHECK(sum.years[0].figures.at("headcount").mean == 185);
  CHECK(sum.years[0].figures.at("jobs_target_ratio").mean == Approx(185.0 / 300));
  REQUIRE(sum.jobs.size() == 2);
  CHECK(sum.jobs[0].covered);
  CHECK(sum.jobs[0].month.to_string() == "2025-04");
  CHECK(sum.jobs[0].modelled == 200);
  CHECK(sum.jobs[0].observed == 190);
  CHECK_FALSE(sum.jobs[1].covered);
}

TEST_CASE("a region run is bit for bit reproducible and another seed differs", "[quick][region]")
{
  const auto region = load_region_file(dir + "/region.json");
  const auto x = run_region_summary(region), y = run_region_summary(region);
  CHECK(without_wall_time(report::to_json(x)) == without_wall_time(report::to_json(y)));
  CHECK(report::region_monthly_csv(x) == report::region_monthly_csv(y));
  const auto other = run_region_summary(load_region_file(dir + "/region.json", {"/run/seed=6"}));
  CHECK(report::region_monthly_csv(x) != report::region_monthly_csv(other));
}

TEST_CASE("run --out writes the region's files and each plant's files as gigaline run does", "[quick][region][cli]")
{
  const std::string out = fresh_dir("out");
  const auto r = run_cli({"run", dir + "/region.json", "--replications", "2", "--out", out});
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("gigaline run: region small_region, 2 plant(s), 2 replication(s), seed 5, to 2025-06-30") == 0);
  CHECK(r.out.find("Region by month") != std::string::npos);
  CHECK(r.out.find("Region by year") != std::string::npos);
  CHECK(r.out.find("Jobs observed") != std::string::npos);
  for (const char* f : {"summary.json", "monthly.csv", "plant_a/summary.json", "plant_a/monthly.csv",
                        "plant_a/stations.csv", "plant_a/stations_monthly.csv", "plant_b/summary.json",
                        "plant_b/monthly.csv", "plant_b/stations.csv", "plant_b/stations_monthly.csv"}) {
    INFO(f);
    CHECK(fs::exists(out + "/" + f));
  }
  // a plant's files are those of `gigaline run` on the plant with the region's overrides
  const std::string alone = fresh_dir("alone");
  const auto p = run_cli({"run", dir + "/plant_b.json", "--set", "/calendar/horizon_days=113", "--seed", "5",
                          "--replications", "2", "--out", alone});
  REQUIRE(p.code == 0);
  for (const char* f : {"monthly.csv", "stations.csv", "stations_monthly.csv"}) {
    INFO(f);
    CHECK(slurp(out + "/plant_b/" + f) == slurp(alone + "/" + f));
  }
  CHECK(without_wall_time(nlohmann::ordered_json::parse(slurp(out + "/plant_b/summary.json"))) ==
        without_wall_time(nlohmann::ordered_json::parse(slurp(alone + "/summary.json"))));

  const auto j = nlohmann::ordered_json::parse(slurp(out + "/summary.json"));
  CHECK(j["region"] == "small_region");
  CHECK(j["replications"] == 2);
  CHECK(j["provenance"]["seed"] == 5);
  CHECK(j["provenance"]["region_hash"].get<std::string>().size() == 16);
  CHECK(j["provenance"]["plants"][1]["scenario_hash"] ==
        nlohmann::ordered_json::parse(slurp(alone + "/summary.json"))["provenance"]["scenario_hash"]);
  CHECK(j["plants"][0]["file"] == "plant_a.json");
  CHECK(j["plants"][1]["start_date"] == "2025-03-10");
  CHECK(j["plants"][1]["totals"].contains("gwh_ci95"));
  CHECK(j["targets"]["batteries_per_year"] == 20000.0);
  CHECK(j["monthly"].size() == 6);
  CHECK(j["monthly"][2]["month"] == "2025-03");
  CHECK(j["monthly"][2]["headcount"] == 120.0);
  CHECK(j["monthly"][2].contains("gwh_plant_b_ci95"));
  CHECK(j["annual"][0]["year"] == 2025);
  CHECK(j["annual"][0]["headcount_month"] == "2025-06");
  CHECK(j["jobs_observed"][0]["modelled"] == 200.0);
  CHECK(j["jobs_observed"][1]["covered"] == false);

  const std::string csv = slurp(out + "/monthly.csv");
  CHECK(csv.rfind("month,cells_good,cells_good_ci95,cells_scrapped,cells_scrapped_ci95,scrap_rate,scrap_rate_ci95,"
                  "gwh,gwh_ci95,gwh_cumulative,gwh_cumulative_ci95,vehicles,vehicles_ci95,headcount,headcount_ci95,"
                  "gwh_plant_a,gwh_plant_a_ci95,gwh_plant_b,gwh_plant_b_ci95\n2025-01,",
                  0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 7);

  // --json prints the region's summary.json
  const auto js = run_cli({"run", dir + "/region.json", "--replications", "2", "--json"});
  REQUIRE(js.code == 0);
  CHECK(without_wall_time(nlohmann::ordered_json::parse(js.out)) == without_wall_time(j));
  fs::remove_all(out);
  fs::remove_all(alone);
}

TEST_CASE("the committed region schema and reference match the descriptor table", "[quick][region][docs]")
{
  // Regenerate with: scripts/regen-docs.sh
  CHECK(Json::parse(slurp(src + "/docs/region.schema.json")) == region_schema());
  const auto r = run_cli({"schema", "--region"});
  CHECK(r.code == 0);
  CHECK(Json::parse(r.out) == region_schema());
  CHECK(region_reference_markdown().rfind("### Region\n", 0) == 0);
  const std::string doc = slurp(src + "/docs/cli.md");
  const std::string begin = "<!-- BEGIN GENERATED: gigaline schema --region --markdown -->\n";
  const auto b = doc.find(begin), e = doc.find("<!-- END GENERATED -->", b);
  REQUIRE(b != std::string::npos);
  REQUIRE(e != std::string::npos);
  CHECK(doc.substr(b + begin.size(), e - b - begin.size()) == region_reference_markdown());
}

TEST_CASE("shipped region files read, and load when all their plants exist", "[quick][region]")
{
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(src + "/scenarios")) {
    const std::string f = e.path().string();
    if (e.path().extension() != ".json" || !is_region_file(f))
      continue;
    INFO(f);
    ++n;
    Region r;
    CHECK_NOTHROW(r = region_from_json(parse_json(slurp(f), f), f));
    bool all = true;
    for (const auto& p : r.region.plants)
      all = all && fs::exists(e.path().parent_path() / p.scenario);
    if (all)
      CHECK(error_of(f).empty());
  }
  CHECK(n >= 1);
}

TEST_CASE("shipped regions whose plants all exist run, and add up to their plants", "[slow][region]")
{
  for (const auto& e : fs::recursive_directory_iterator(src + "/scenarios")) {
    const std::string f = e.path().string();
    if (e.path().extension() != ".json" || !is_region_file(f))
      continue;
    const Region r = region_from_json(parse_json(slurp(f), f), f);
    bool all = true;
    for (const auto& p : r.region.plants)
      all = all && fs::exists(e.path().parent_path() / p.scenario);
    if (!all)
      continue;
    INFO(f);
    const auto sum = run_region_summary(load_region_file(f, {"/run/replications=1"}));
    REQUIRE_FALSE(sum.months.empty());
    double gwh = 0; // the plants' own GWh to the end date (totals would start after a warm-up)
    for (const auto& p : sum.plants)
      gwh += value_of(p.summary.per_replication[0].months.back(), "gwh_cumulative");
    CHECK(sum.months.back().at("gwh_cumulative").mean == Approx(gwh));
    CHECK(sum.month_of.back() == Month::of(r.region.end_date));
  }
}
