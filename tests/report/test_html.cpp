// tests/report/test_html.cpp — the HTML reports: one self-contained page, its JSON blob, nameplate and stage
// figures, the same page from a run and from its results folder, the sweep ranking, and exact input errors.
#include "gigaline/cli/App.hpp"
#include "gigaline/core/AtomicFile.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/report/Html.hpp"
#include "gigaline/report/Stages.hpp"
#include "gigaline/report/Summary.hpp"
#include "gigaline/run/Replications.hpp"
#include "gigaline/scenario/Loader.hpp"
#include "gigaline/sweep/ResultsDb.hpp"

#include "support/TestSupport.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <unistd.h>

using namespace gigaline;
using nlohmann::ordered_json;
namespace fs = std::filesystem;

using gigaline::test::run_cli;
using gigaline::test::slurp;

namespace {
const std::string src = GIGALINE_SOURCE_DIR;
const std::string fake_chartjs = "/* fake Chart.js for tests */ window.Chart = function () {};\n";

std::string scratch(const std::string& name)
{
  const auto dir = fs::temp_directory_path() / ("gigaline-test-html-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

void spit(const std::string& path, const std::string& text)
{
  std::ofstream(path) << text;
}

/// A results folder written as a run writes it (a manifest last), with this summary.json.
void spit_set(const std::string& dir, const std::string& summary)
{
  write_result_set(dir, {{"summary.json", summary}});
}

/// The page's data: the text of its <script type="application/json"> element, parsed.
ordered_json blob(const std::string& html)
{
  const std::string open = "<script type=\"application/json\" id=\"report-data\">";
  const auto a = html.find(open);
  REQUIRE(a != std::string::npos);
  const auto b = html.find("</script>", a);
  REQUIRE(b != std::string::npos);
  return ordered_json::parse(html.substr(a + open.size(), b - a - open.size()));
}

std::size_t count(const std::string& text, const std::string& what)
{
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
    ++n;
  return n;
}

/// Nothing the browser would fetch: no src or href to another origin (http, https or protocol-relative).
void check_self_contained(const std::string& html)
{
  static const std::regex remote(R"re((src|href)\s*=\s*["']?\s*(https?:|//))re", std::regex::icase);
  CHECK_FALSE(std::regex_search(html, remote));
  CHECK(html.find("<script src") == std::string::npos);
  CHECK(html.find("<link rel=\"stylesheet\"") == std::string::npos);
  CHECK(html.rfind("<!DOCTYPE html>\n", 0) == 0);
  // every chart is a canvas in a figure with a caption
  CHECK(count(html, "<canvas") > 0);
  CHECK(count(html, "<canvas") == count(html, "<figure>"));
  CHECK(count(html, "<canvas") == count(html, "<figcaption>"));
}

/// A short run of the AESC plant: four months (the last one partial), four observations (one covered).
report::RunReportInput aesc_input()
{
  const auto s = scenario::load_scenario_file(src + "/scenarios/aesc_douai.json",
                                              {"/calendar/horizon_days=100", "/run/replications=2"});
  const auto sum = report::summarise(s, run::run_replications(s));
  return {report::to_json(sum), "run"};
}

/// GIGALINE_CHARTJS for the scope of a test.
class ChartJsEnv {
public:
  explicit ChartJsEnv(const std::string& path) { ::setenv("GIGALINE_CHARTJS", path.c_str(), 1); }
  ~ChartJsEnv() { ::unsetenv("GIGALINE_CHARTJS"); }
  ChartJsEnv(const ChartJsEnv&) = delete;
  ChartJsEnv& operator=(const ChartJsEnv&) = delete;
};

/// A summary written by hand: three months, two lines of two stages and a store.
report::RunReportInput handmade()
{
  report::RunReportInput in;
  in.origin = "hand";
  in.summary = ordered_json::parse(R"({
    "scenario": "hand", "provenance": {"scenario_hash": "0123456789abcdef", "seed": 1}, "replications": 1,
    "nameplate": {"gwh_per_year": 36, "lines": [
      {"line": "A", "count": 2, "sop_date": "2025-01-01", "sop_stagger_days": 31, "gwh_per_year": 12},
      {"line": "B", "count": 1, "sop_date": "2025-01-16", "sop_stagger_days": 0, "gwh_per_year": 12}]},
    "totals": {"cells_good": 1000, "cells_good_ci95": 10, "scrap_rate": 0.05, "scrap_rate_ci95": 0.01},
    "monthly": [
      {"month": "2025-01", "cells_good": 100, "cells_good_ci95": 5, "gwh": 0.1, "scrap_rate": 0.1, "oee": 0.2},
      {"month": "2025-02", "cells_good": 300, "cells_good_ci95": 6, "gwh": 0.3, "scrap_rate": 0.05, "oee": 0.4},
      {"month": "2025-03", "cells_good": 600, "cells_good_ci95": 7, "gwh": 0.6, "scrap_rate": 0.02, "oee": 0.6}],
    "observations": [
      {"id": "plant-feb", "metric": "cells_good", "line": "", "when": "2025-02", "observed": 280, "sigma": 28,
       "covered": true, "simulated": 300, "simulated_ci95": 6, "z": 0.7},
      {"id": "line-feb", "metric": "cells_good", "line": "A", "when": "2025-02", "observed": 150, "sigma": 15,
       "covered": true, "simulated": 160, "simulated_ci95": 6, "z": 0.7},
      {"id": "ratio", "metric": "daily_output_ratio", "line": "", "when": "2025-03 / 2025-01", "observed": 5,
       "sigma": 1, "covered": true, "simulated": 6, "simulated_ci95": 0.5, "z": 1},
      {"id": "later", "metric": "cells_good", "line": "", "when": "2026-01", "observed": 900, "sigma": 90,
       "covered": false}]
  })");
  // the stations of each month, summed per stage as a run does it (report::stages_of): line A's press (2
  // machines), oven (4) and the oven's aging store, line B's press and oven
  engine::PlantLayout layout;
  for (const auto& [name, machines] : std::vector<std::pair<std::string, int>>{
           {"press", 2}, {"oven", 4}, {"oven/aging", 0}, {"press", 2}, {"oven", 4}}) {
    engine::StationInfo st;
    st.name = name;
    st.machines = machines;
    st.is_store = machines == 0;
    layout.stations.push_back(st);
  }
  // shares of time busy, idle, starved, blocked, down, off; OEE; cells out, scrap found and caused
  auto row = [](std::array<double, 6> states, double oee, double out, double found, double caused) {
    report::Row r;
    for (std::size_t k = 0; k < states.size(); ++k)
      r.emplace_back(report::machine_state_names[k], states[k]);
    r.insert(r.end(), {{"oee", oee}, {"cells_out", out}, {"scrap_found", found}, {"scrap_caused", caused}});
    return r;
  };
  std::vector<std::vector<report::Row>> months;
  for (int m = 0; m < 3; ++m)
    months.push_back({// line A: press busy 0.8 of all time, off 0.2 (busy share 1.0), oven busy 0.4
                      row({0.8, 0, 0, 0, 0, 0.2}, 0.5, 90, 10, 20), row({0.4, 0.1, 0.3, 0, 0, 0.2}, 0.3, 80, 5, 0),
                      row({0, 0, 0, 0, 0, 0}, 0, 78, 2, 0),
                      // line B: press off all of January
                      m == 0 ? row({0, 0, 0, 0, 0, 1}, 0, 0, 0, 0) : row({0.5, 0, 0.5, 0, 0, 0}, 0.2, 45, 5, 5),
                      row({0.8, 0.1, 0, 0, 0.1, 0}, 0.8, 40, 0, 0)});
  const auto stages = report::stages_of(layout, months);
  in.summary["stages"] = report::stages_json(stages);
  in.summary["bottleneck"] = report::bottleneck_json(stages, months.size());
  return in;
}

} // namespace

TEST_CASE("a run's report is one self-contained page with its data and Chart.js inside", "[quick][report]")
{
  const auto in = aesc_input();
  const std::string html = report::run_report_html(in, fake_chartjs);
  check_self_contained(html);
  CHECK(html.find(fake_chartjs) != std::string::npos);
  CHECK(count(html, "</script>") == 3); // the data, Chart.js, the page's own script

  const auto data = blob(html);
  CHECK(data.at("kind") == "run");
  CHECK(data.at("scenario") == "aesc_douai");
  std::vector<std::string> months;
  for (const auto& m : in.summary.at("monthly"))
    months.push_back(m.at("month").get<std::string>());
  CHECK(months == std::vector<std::string>{"2025-03", "2025-04", "2025-05", "2025-06"});
  CHECK(data.at("months").get<std::vector<std::string>>() == months);
  for (const char* series : {"cells_good", "gwh", "gwh_cumulative", "scrap_rate", "oee", "kwh_per_kwh"}) {
    INFO(series);
    CHECK(data.at("monthly").at(series).at("mean").size() == months.size());
    CHECK(data.at("monthly").at(series).at("ci95").size() == months.size());
  }
  CHECK(data.at("nameplate_gwh_per_year").get<double>() == Approx(6 * 1.6));
  CHECK(data.at("nameplate_gwh").size() == months.size());
  CHECK(data.at("observations").size() == 5);
  // 3 June 2025 is an "at most" bound: listed in the table, not drawn as a point with error bars
  CHECK(data.at("observations")[0].at("bound") == "at_most");
  CHECK(data.at("observations")[0].at("chart").is_null());
  CHECK(data.at("observations")[1].at("chart").is_null()); // December 2025: after the run
  CHECK(html.find("&lt;= 0.052") != std::string::npos);
  {
    // the same figure as a point is drawn over the cumulative curve
    auto point = in;
    point.summary["observations"][0]["bound"] = "point";
    const auto drawn = blob(report::run_report_html(point, fake_chartjs));
    CHECK(drawn.at("observations")[0].at("chart") == "gwh_cumulative");
  }
  std::vector<std::string> stages;
  for (const auto& s : data.at("stages"))
    stages.push_back(s.at("name").get<std::string>());
  CHECK(stages == std::vector<std::string>{"cathode_coating", "anode_coating", "stacking", "formation",
                                           "formation/aging", "module_assembly"});
  // one states chart per stage with machines, the aging store has none
  CHECK(html.find("id=\"chart-states-3\"") != std::string::npos);
  CHECK(html.find("id=\"chart-states-4\"") == std::string::npos);
  for (const char* id : {"chart-cells", "chart-gwh", "chart-gwh-cumulative", "chart-scrap", "chart-scrap-stages",
                         "chart-scrap-caused", "chart-oee", "chart-busy", "chart-observations", "chart-energy"})
    CHECK(html.find(std::string("id=\"") + id + "\"") != std::string::npos);
  // the headline KPIs are a table of the page, readable without script
  CHECK(html.find("<td class=\"l\">GWh of good cells</td>") != std::string::npos);
}

TEST_CASE("nameplate, stage figures and the bottleneck are computed for the page", "[quick][report]")
{
  const auto data = report::run_report_data(handmade());
  // A: copy 1 from January, copy 2 from February (31 days later); B from 16 January (16 of 31 days)
  const auto nameplate = data.at("nameplate_gwh").get<std::vector<double>>();
  REQUIRE(nameplate.size() == 3);
  CHECK(nameplate[0] == Approx(1 + 16.0 / 31));
  CHECK(nameplate[1] == Approx(3));
  CHECK(nameplate[2] == Approx(3));

  const auto& stages = data.at("stages");
  REQUIRE(stages.size() == 3);
  CHECK(stages[0].at("name") == "press");
  CHECK(stages[2].at("name") == "oven/aging");
  CHECK(stages[2].at("store") == true);
  const auto& press = stages[0];
  CHECK(press.at("machines") == 4);
  // January: only line A scheduled (B off): OEE and busy share are A's
  CHECK(press.at("oee")[0].get<double>() == Approx(0.5));
  CHECK(press.at("busy_share")[0].get<double>() == Approx(1.0));
  // February: scheduled machine time 2 x 0.8 + 2 x 1 weighs the OEE
  CHECK(press.at("oee")[1].get<double>() == Approx((1.6 * 0.5 + 2 * 0.2) / 3.6));
  CHECK(press.at("scrap_found_rate")[1].get<double>() == Approx(15.0 / 150));
  CHECK(press.at("scrap_caused")[1].get<double>() == Approx(25));
  CHECK(press.at("states").at("off")[0].get<double>() == Approx((2 * 0.2 + 2 * 1.0) / 4));
  // the stage busiest for its scheduled time: the press, 1.6 / 1.6 in January (B off) and (1.6 + 1) / 3.6 after;
  // the oven (1.6 + 3.2) / 7.2
  CHECK(data.at("bottleneck")[0] == "press");
  CHECK(data.at("bottleneck")[1] == "press");
  CHECK(data.at("stages")[1].at("busy_share")[1].get<double>() == Approx(4.8 / 7.2));
  // observations: plant-wide monthly figures go over their curve, the others only in the relative chart
  const auto& obs = data.at("observations");
  CHECK(obs[0].at("chart") == "cells_good");
  CHECK(obs[1].at("chart").is_null()); // a line's figure
  CHECK(obs[2].at("chart").is_null()); // a ratio
  CHECK(obs[3].at("chart").is_null()); // not covered
  CHECK(obs[2].at("month") == "2025-03");
}

TEST_CASE("the timeline lists each dated change within the run, in date order", "[quick][report]")
{
  const auto s = scenario::load_scenario_file(
      src + "/tests/data/minimal.json",
      {"/calendar/horizon_days=90", "/lines/0/count=2", "/lines/0/sop_stagger_days=30",
       R"(/calendar/maintenance=[{"start_date": "2025-02-10", "duration_h": 72}, {"start_date": "2025-01-05",
          "duration_h": 8, "repeat_days": 7}, {"start_date": "2025-01-20", "duration_h": 4}])",
       R"(/workforce={"experts": [{"date": "2025-01-01", "headcount": 40}, {"date": "2025-02-01", "headcount": 40},
          {"date": "2025-03-01", "headcount": 10}], "local_staff": [{"date": "2025-01-01", "headcount": 100}]})",
       R"(/events=[{"id": "c", "kind": "output_cap", "date": "2025-01-15", "end_date": "2025-02-15",
          "max_cells_per_day": 5000}, {"id": "late", "kind": "output_cap", "date": "2025-06-01",
          "max_cells_per_day": 1}])",
       R"(/demand={"unit": "cells", "calloffs": [{"month": "2025-02", "value": 100000}], "store_cells": 1000})"});
  std::vector<std::string> got;
  for (const auto& e : report::timeline_of(s))
    got.push_back(e.date.to_string() + " " + e.kind + " " + e.label);
  CHECK(got == std::vector<std::string>{"2025-01-01 sop SOP L1", "2025-01-01 experts experts 0 -> 40",
                                        "2025-01-05 shutdown maintenance 8 h every 7 days",
                                        "2025-01-15 cap cap 5,000 cells/day", "2025-01-31 sop SOP L1.2",
                                        "2025-02-01 demand call-off 100,000 cells/month",
                                        "2025-02-10 shutdown shutdown 3 days", "2025-02-15 cap_end cap ends",
                                        "2025-03-01 experts experts 40 -> 10"});
  // in summary.json, and on the page at its month's index plus the day's share of the month
  const auto sum = report::summarise(s, run::run_replications(s));
  const auto j = report::to_json(sum);
  CHECK(j.at("timeline").size() == got.size());
  const auto data = report::run_report_data({j, "t"});
  CHECK(data.at("timeline")[4].at("at").get<double>() == Approx(30.0 / 31.0)); // 31 January, in month 0
}

TEST_CASE("data cannot close the page's script elements", "[quick][report]")
{
  auto in = handmade();
  in.summary["scenario"] = "</script><script>alert(1)</script>";
  const std::string html = report::run_report_html(in, "var s = '</script>';\n");
  CHECK(html.find("alert(1)</script>") == std::string::npos);
  CHECK(html.find("&lt;/script&gt;&lt;script&gt;alert(1)") != std::string::npos); // the title and heading
  CHECK(count(html, "</script>") == 3);
  CHECK(blob(html).at("scenario") == "</script><script>alert(1)</script>");
}

TEST_CASE("gigaline report DIR writes the same page as gigaline run --report", "[quick][report]")
{
  const auto dir = scratch("same");
  spit(dir + "/chart.umd.js", fake_chartjs);
  const ChartJsEnv env(dir + "/chart.umd.js");
  const auto run = run_cli({"run", src + "/scenarios/aesc_douai.json", "--set", "/calendar/horizon_days=45",
                            "--replications", "1", "--out", dir + "/res", "--report", dir + "/run.html"});
  REQUIRE(run.code == 0);
  CHECK(run.out.find("\nreport: " + dir + "/run.html\n") != std::string::npos);
  const auto rep = run_cli({"report", dir + "/res"});
  REQUIRE(rep.code == 0);
  CHECK(rep.out == "report: " + dir + "/res/report.html\n");
  CHECK(slurp(dir + "/run.html") == slurp(dir + "/res/report.html"));
  // with --json, stdout holds the summary alone
  const auto json = run_cli({"run", src + "/scenarios/aesc_douai.json", "--set", "/calendar/horizon_days=10",
                             "--replications", "1", "--json", "--report", dir + "/sub/json.html"});
  REQUIRE(json.code == 0);
  CHECK_NOTHROW(ordered_json::parse(json.out));
  CHECK(json.err == "report: " + dir + "/sub/json.html\n");
  CHECK(fs::exists(dir + "/sub/json.html"));
  fs::remove_all(dir);
}

TEST_CASE("a results folder without its files is an input error naming the file", "[quick][report]")
{
  const auto dir = scratch("missing");
  CHECK_THROWS_WITH(report::read_results_dir(dir),
                    "[report.E701] " + dir +
                        "/summary.json: no such file; expected the results of gigaline run "
                        "FILE --out " +
                        dir);
  spit(dir + "/summary.json", report::run_report_data(handmade()).dump()); // any JSON object will do here
  // files that no run wrote as one set: no manifest
  CHECK_THROWS_WITH(report::read_results_dir(dir),
                    Catch::StartsWith("[io.E203] " + dir +
                                      "/manifest.json: no such file: the run that wrote this "
                                      "folder did not finish"));
  spit_set(dir, report::run_report_data(handmade()).dump());
  (void)report::read_results_dir(dir);
  // a file changed after the run (or left by another run)
  spit(dir + "/summary.json", "{}");
  CHECK_THROWS_WITH(report::read_results_dir(dir),
                    "[io.E203] " + dir +
                        "/summary.json: differs from what the run listed in manifest.json (changed or written "
                        "by another run); run gigaline run FILE --out " +
                        dir + " again");
  // a manifest whose entries have the wrong types (a name that is a number, a size that is text): refused, not
  // a type error out of the JSON library (exit 3 before)
  spit(dir + "/manifest.json", R"({"files": [{"name": 5}, {"name": "summary.json", "bytes": "12", "fnv1a64": 7},
                                             {"name": "stations_monthly.csv", "bytes": -1}]})");
  CHECK_THROWS_WITH(report::read_results_dir(dir), Catch::StartsWith("[io.E203] " + dir + "/summary.json: differs"));
  CHECK(run_cli({"report", dir}).code == 2);
  spit(dir + "/manifest.json", R"({"files": 3})");
  CHECK_THROWS_WITH(report::read_results_dir(dir),
                    "[io.E203] " + dir +
                        "/manifest.json: not a manifest of gigaline run (expected {\"files\": [...]})");
  spit_set(dir, "{\"scenario\": ");
  CHECK_THROWS_WITH(report::read_results_dir(dir),
                    Catch::StartsWith("[report.E702] " + dir + "/summary.json: not JSON: "));
  // nested deeper than any reader's stack would take (a segfault before)
  spit_set(dir, "{\"a\": " + std::string(90000, '[') + std::string(90000, ']') + ", \"b\": 1}");
  CHECK_THROWS_WITH(report::read_results_dir(dir),
                    Catch::StartsWith("[report.E702] " + dir + "/summary.json: not JSON: /a/0/0/") &&
                        Catch::EndsWith(": expected arrays and objects nested at most 64 deep, found deeper"));
  CHECK(run_cli({"report", dir}).code == 2);
  spit_set(dir, R"({"region": "r", "monthly": []})");
  CHECK_THROWS_WITH(report::read_results_dir(dir),
                    "[report.E703] " + dir +
                        "/summary.json: the results of a region; run gigaline report on the "
                        "folder of one of its plants, " +
                        dir + "/<plant name>");
  // stages that do not match the months
  auto in = handmade();
  in.summary["stages"][0]["monthly"]["oee"].erase(0);
  CHECK_THROWS_WITH(report::run_report_data(in), "[report.E702] hand/summary.json: stages: \"oee\" has 2 values, "
                                                 "expected one per month (3)");
  in = handmade();
  in.summary.erase("stages");
  CHECK_THROWS_WITH(report::run_report_data(in), Catch::StartsWith("[report.E702] hand/summary.json: no \"stages\""));
  in = handmade();
  in.summary["stages"][1]["store"] = "no";
  CHECK_THROWS_WITH(report::run_report_data(in), Catch::StartsWith("[report.E702] hand/summary.json: not a summary"));
  // through the command line: exit 2, the message on stderr
  const auto r = run_cli({"report", dir + "/nothing"});
  CHECK(r.code == 2);
  CHECK(r.err == "[report.E701] " + dir +
                     "/nothing/summary.json: no such file; expected the results of gigaline "
                     "run FILE --out " +
                     dir + "/nothing\n");
  fs::remove_all(dir);
}

TEST_CASE("a run that fails while writing its results leaves a folder that report refuses", "[quick][report]")
{
  const auto dir = scratch("half");
  const std::string scenario = src + "/tests/data/minimal.json";
  REQUIRE(run_cli({"run", scenario, "--out", dir}).code == 0);
  CHECK(fs::exists(dir + "/manifest.json"));
  REQUIRE(run_cli({"report", dir, "--out", dir + "/report.html"}).code == 0);
  // the next run cannot write stations.csv (a folder stands in its place): it stops after summary.json and
  // monthly.csv are rewritten, so the folder mixes two runs, and without a manifest report says so
  fs::remove(dir + "/stations.csv");
  fs::create_directories(dir + "/stations.csv/x");
  const auto failed = run_cli({"run", scenario, "--out", dir, "--seed", "7"});
  CHECK(failed.code == 2);
  CHECK_THAT(failed.err, Catch::StartsWith("[io.E201] cannot write \"" + dir + "/stations.csv\""));
  CHECK_FALSE(fs::exists(dir + "/manifest.json"));
  const auto refused = run_cli({"report", dir});
  CHECK(refused.code == 2);
  CHECK_THAT(refused.err, Catch::StartsWith("[io.E203] " + dir + "/manifest.json: no such file"));
  // no temporary file is left behind
  for (const auto& e : fs::directory_iterator(dir))
    CHECK(e.path().filename().string().find(".tmp.") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("Chart.js is built into gigaline, GIGALINE_CHARTJS names another, and a missing one is E704",
          "[quick][report]")
{
  const std::string missing = "/nonexistent/chart.umd.js";
  CHECK_THROWS_WITH(report::load_chartjs(missing),
                    "[report.E704] /nonexistent/chart.umd.js: Chart.js not found; set GIGALINE_CHARTJS to a "
                    "chart.umd.js, or unset it to use the copy built into gigaline");
  {
    ::unsetenv("GIGALINE_CHARTJS");
    CHECK(report::chartjs_path().empty());
    // the built-in copy is the source tree's file, byte for byte (its source-map comment left out)
    CHECK(report::chartjs() == report::load_chartjs(src + "/web/node_modules/chart.js/dist/chart.umd.js"));
  }
  const auto dir = scratch("nochart");
  const ChartJsEnv env(missing);
  CHECK(report::chartjs_path() == missing);
  // run --report fails before the simulation: nothing is written
  const auto r =
      run_cli({"run", src + "/scenarios/aesc_douai.json", "--out", dir + "/res", "--report", dir + "/r.html"});
  CHECK(r.code == 2);
  CHECK(r.err == "[report.E704] /nonexistent/chart.umd.js: Chart.js not found; set GIGALINE_CHARTJS to a "
                 "chart.umd.js, or unset it to use the copy built into gigaline\n");
  CHECK_FALSE(fs::exists(dir + "/res"));
  fs::remove_all(dir);
}

TEST_CASE("the source-map comment of Chart.js is left out of the page", "[quick][report]")
{
  const auto dir = scratch("map");
  spit(dir + "/chart.umd.js", "window.Chart = 1;\n//# sourceMappingURL=chart.umd.js.map");
  CHECK(report::load_chartjs(dir + "/chart.umd.js") == "window.Chart = 1;\n");
  fs::remove_all(dir);
}

TEST_CASE("a region's page holds every plant's milestones and the years against the targets", "[quick][report]")
{
  const auto dir = scratch("region");
  const auto r = run_cli({"run", src + "/tests/data/region/region.json", "--out", dir, "--report", dir + "/r.html"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("report: " + dir + "/r.html") != std::string::npos);
  const auto data = blob(slurp(dir + "/r.html"));
  REQUIRE(data.at("plants").size() == 2);
  CHECK(data.at("plants")[0].at("name") == "plant_a");
  CHECK(data.at("milestones").size() == 2);
  CHECK(data.at("targets").at("batteries_per_year") == 20000.0);
  // each plant's GWh of a month on the page is its own monthly.csv's (a plant adds 0 before its start)
  const auto summary = ordered_json::parse(slurp(dir + "/plant_b/summary.json"));
  const auto& months = data.at("months");
  for (const auto& row : summary.at("monthly")) {
    const auto m = std::find(months.begin(), months.end(), row.at("month")) - months.begin();
    CHECK(data.at("plants")[1].at("gwh")[static_cast<std::size_t>(m)] == row.at("gwh"));
  }
  CHECK(data.at("plants")[1].at("gwh")[0] == 0.0); // plant_b starts in March
  fs::remove_all(dir);
}

TEST_CASE("a sweep's report draws a chart per factor and ranks the points by a KPI", "[quick][report]")
{
  const auto dir = scratch("sweep");
  const std::string db = dir + "/s.sqlite";
  sweep::SweepMeta m;
  m.sweep_name = "speeds";
  m.sweep_hash = "0123456789abcdef";
  m.gigaline_version = "0.1.0";
  m.points = 3;
  m.replications = 2;
  m.factor_names = {"speed", "crew"};
  m.point_values = {{1.5, "day"}, {2, "night"}, {3.25, "day"}};
  m.kpi_names = {"gwh", "scrap_rate"};
  m.monthly_names = {"gwh"};
  {
    sweep::ResultsDb results(db, m);
    std::vector<sweep::RunRecord> runs;
    for (int p = 0; p < 2; ++p) // point 2 never ran
      for (int r = 0; r < 2; ++r) {
        sweep::RunRecord rec;
        rec.point = p;
        rec.replication = r;
        rec.kpis = {p == 0 ? 5.0 + r : 3.0 + r, 0.1 * (p + 1)};
        runs.push_back(rec);
      }
    results.write(runs);
  }
  const auto summary = sweep::summary_json(db);
  CHECK(summary.at("runs_ok") == 4);
  CHECK(summary.at("runs_missing") == 2);
  CHECK(summary.at("point_summaries")[0].at("mean")[0].get<double>() == Approx(5.5));
  CHECK(summary.at("point_summaries")[2].at("mean")[0].is_null());

  const std::string html = report::sweep_report_html(summary, {}, fake_chartjs);
  check_self_contained(html);
  CHECK(count(html, "<canvas") == 2);
  const auto data = blob(html);
  CHECK(data.at("kind") == "sweep");
  CHECK(data.at("factors")[0].at("numeric") == true);
  CHECK(data.at("factors")[1].at("numeric") == false);
  CHECK(data.at("points").size() == 3);
  // ranked by gwh, highest first: point 0 (5.5), point 1 (3.5), point 2 unranked
  const auto row0 = html.find("<tr><td>1</td><td>0</td>"), row1 = html.find("<tr><td>2</td><td>1</td>"),
             row2 = html.find("<tr><td>-</td><td>2</td>");
  CHECK(row0 != std::string::npos);
  CHECK(row1 != std::string::npos);
  CHECK(row2 != std::string::npos);
  CHECK((row0 < row1 && row1 < row2));
  report::SweepReportOptions o;
  o.rank_kpi = "scrap_rate";
  o.ascending = true;
  const std::string asc = report::sweep_report_html(summary, o, fake_chartjs);
  CHECK(asc.find("<tr><td>1</td><td>0</td>") < asc.find("<tr><td>2</td><td>1</td>"));
  CHECK(blob(asc).at("kpi") == 1);
  o.rank_kpi = "speed";
  CHECK_THROWS_WITH(report::sweep_report_html(summary, o, fake_chartjs),
                    "[report.E705] unknown KPI \"speed\"; known: gwh, scrap_rate");

  spit(dir + "/chart.umd.js", fake_chartjs);
  const ChartJsEnv env(dir + "/chart.umd.js");
  const auto r = run_cli({"sweep", "report", db, "--out", dir + "/out/s.html", "--rank", "scrap_rate"});
  CHECK(r.code == 0);
  CHECK(r.out == "report: " + dir + "/out/s.html\n");
  CHECK(fs::exists(dir + "/out/s.html"));
  const auto missing = run_cli({"sweep", "report", dir + "/none.sqlite", "--out", dir + "/n.html"});
  CHECK(missing.code == 2);
  CHECK(missing.err == "[sweep.E412] " + dir + "/none.sqlite: no such results database\n");
  fs::remove_all(dir);
}
