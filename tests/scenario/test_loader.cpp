// tests/scenario/test_loader.cpp — the strict scenario loader: every error id with its exact message,
// all errors at once, overrides, round trips, and the committed schema and reference that must not drift.
#include "gigaline/scenario/Loader.hpp"
#include "gigaline/scenario/Region.hpp"

#include "support/TestSupport.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace gigaline;
using namespace gigaline::scenario;

using gigaline::test::slurp;

namespace {
const std::string src = GIGALINE_SOURCE_DIR;

std::vector<std::string> messages_of(const std::string& path, const std::vector<std::string>& sets = {})
{
  try {
    load_scenario_file(path, sets);
  } catch (const ValidationError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics())
      out.push_back(d.to_string());
    return out;
  }
  return {};
}

std::vector<std::string> scenario_files()
{
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(src + "/scenarios"))
    if (e.path().extension() == ".json" && !is_region_file(e.path().string()) &&
        e.path().parent_path().filename() != "sweeps") // regions: test_region.cpp; sweeps: test_sweep.cpp
      files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}
} // namespace

TEST_CASE("each error id is triggered by its bad file with an exact message", "[quick][loader]")
{
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"E100_syntax",
       {"[scenario.E100] (root): invalid JSON at line 5, column 12: syntax error while parsing object - unexpected "
        "string literal; expected '}'"}},
      {"E101_unknown_key",
       {"[scenario.E101] /lines/0/stages/0/mtbf_h: unknown key \"mtbf_h\" in Stage",
        "[scenario.E101] /calender: unknown key \"calender\" in Scenario (did you mean \"calendar\"?)"}},
      {"E102_missing",
       {"[scenario.E102] /lines/0/sop_date: missing required key \"sop_date\" in Line",
        "[scenario.E102] /product: missing required key \"product\" in Scenario"}},
      {"E103_type",
       {"[scenario.E103] /calendar/horizon_days: expected a number > 0, found \"ten\"",
        "[scenario.E103] /lines/0/stages/0/machines: expected an integer >= 1, found 1.5",
        "[scenario.E103] /run/replications: expected an integer >= 1, found true"}},
      {"E104_range",
       {"[scenario.E104] /calendar/horizon_days: expected a number > 0, found -5",
        "[scenario.E104] /lines/0/stages/0/scrap/initial: expected a number >= 0 and <= 1, found 1.5"}},
      {"E105_enum",
       {"[scenario.E105] /lines/0/stages/0/kind: expected one of \"electrode_coating\", \"process\", \"stacking\", "
        "\"formation\", \"module_assembly\", found \"calendering\"",
        "[scenario.E105] /lines/0/stages/0/cycle_dist: expected one of \"deterministic\", \"exponential\", "
        "\"lognormal\", \"gamma\", \"weibull\", found \"uniform\""}},
      {"E106_date",
       {"[scenario.E106] /calendar/start_date: expected a date \"YYYY-MM-DD\", found \"2025-02-30\"",
        "[scenario.E106] /lines/0/sop_date: expected a date \"YYYY-MM-DD\", found \"1 March 2025\""}},
      {"E107_pattern",
       {"[scenario.E107] /name: expected an identifier (letters, digits, '_', '-', '.'), found \"my plant\"",
        "[scenario.E107] /description: expected a non-empty string, found \"\""}},
      {"E108_duplicate",
       {"[scenario.E108] /lines/1/id: expected a unique line id, found \"L1\" again (first at /lines/0)",
        "[scenario.E108] /lines/0/stages/1/id: expected a unique stage id, found \"p\" again (first at "
        "/lines/0/stages/0)"}},
      {"E109_reference",
       {"[scenario.E109] /lines/0/stages/1/inputs/0: expected the id of an earlier stage of line \"L1\", found \"r\"",
        "[scenario.E110] /lines/0/stages/0: stage \"p\" feeds no later stage; only the last stage may be the output",
        "[scenario.E109] /observations/0/source: expected the id of a source in /sources, found \"bloomberg\""}},
      {"E110_inconsistent",
       {"[scenario.E110] /calendar/warmup_days: expected less than horizon_days (10), found 20",
        "[scenario.E110] /lines/0/stages/0/scrap/mature: expected at most initial (0.05), found 0.2"}},
      {"E111_kind_key",
       {"[scenario.E111] /lines/0/stages/0/speed_m_per_min: key \"speed_m_per_min\" is not allowed for kind "
        "\"process\""}},
      {"E112_version", {"[scenario.E112] /schema_version: expected 1 (the only version this gigaline reads), found 2"}},
      {"E113_items", {"[scenario.E113] /lines: expected at least 1 item(s), found 0"}},
      {"many_errors",
       {"[scenario.E104] /calendar/horizon_days: expected a number > 0, found 0",
        "[scenario.E103] /lines/0/stages/0/cycle_s: expected a number >= 0, found \"fast\"",
        "[scenario.E101] /lines/0/stages/0/colour: unknown key \"colour\" in Stage",
        "[scenario.E104] /run/seed: expected an integer >= 0, found -1"}},
  };
  for (const auto& [name, expected] : cases) {
    INFO(name);
    CHECK(messages_of(src + "/tests/data/bad/" + name + ".json") == expected);
  }
}

TEST_CASE("every bad file is covered by the table above", "[quick][loader]")
{
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(src + "/tests/data/bad")) {
    INFO(e.path().string());
    CHECK_FALSE(messages_of(e.path().string()).empty());
    ++n;
  }
  CHECK(n == 15);
}

TEST_CASE("the whole error carries the file name and a count", "[quick][loader]")
{
  try {
    load_scenario_file(src + "/tests/data/bad/E113_items.json");
    FAIL("no error");
  } catch (const ValidationError& e) {
    CHECK(std::string(e.what()) == src + "/tests/data/bad/E113_items.json: 1 error\n  [scenario.E113] /lines: "
                                         "expected at least 1 item(s), found 0");
  }
}

TEST_CASE("a missing file is E114", "[quick][loader]")
{
  CHECK(messages_of("no/such/file.json") ==
        std::vector<std::string>{"[scenario.E114] (root): cannot read file \"no/such/file.json\""});
}

TEST_CASE("stage keys depend on the stage kind", "[quick][loader]")
{
  const std::string base = src + "/tests/data/minimal.json";
  CHECK(messages_of(base, {"/lines/0/stages/0/kind=\"formation\""}) ==
        std::vector<std::string>{
            "[scenario.E111] /lines/0/stages/0/cycle_s: key \"cycle_s\" is not allowed for kind \"formation\"",
            "[scenario.E102] /lines/0/stages/0/tray_cells: missing required key \"tray_cells\" in Stage of kind "
            "\"formation\"",
            "[scenario.E102] /lines/0/stages/0/channels: missing required key \"channels\" in Stage of kind "
            "\"formation\"",
            "[scenario.E102] /lines/0/stages/0/formation_h: missing required key \"formation_h\" in Stage of kind "
            "\"formation\""});
  CHECK(messages_of(base, {"/lines/0/stages/0/kind=\"stacking\""}) == std::vector<std::string>{});
  CHECK(messages_of(base, {"/lines/0/stages/0/cycle_dist=\"lognormal\""}) ==
        std::vector<std::string>{"[scenario.E110] /lines/0/stages/0/cycle_cv: expected a number > 0 for a lognormal "
                                 "cycle time, found 0"});
}

TEST_CASE("overrides change fields before validation, bad ones are errors", "[quick][loader][override]")
{
  const std::string base = src + "/tests/data/minimal.json";
  auto s = load_scenario_file(base, {"/run/seed=7", "/lines/0/stages/0/cycle_s=3.5", "/name=renamed"});
  CHECK(s.run.seed == 7);
  CHECK(s.lines[0].stages[0].cycle_s == 3.5);
  CHECK(s.name == "renamed"); // text that is not JSON is taken as a string
  s = load_scenario_file(base, {"/lines/0/stages/-={\"id\":\"q\",\"kind\":\"process\",\"cycle_s\":1}"});
  REQUIRE(s.lines[0].stages.size() == 2);
  CHECK(s.lines[0].stages[1].id == "q");

  CHECK(messages_of(base, {"run.seed=3"}) ==
        std::vector<std::string>{"[scenario.E120] (root): --set expects PATH=VALUE with PATH a JSON pointer such as "
                                 "/run/seed, found \"run.seed=3\""});
  CHECK(messages_of(base, {"/lines/4/id=x"}) ==
        std::vector<std::string>{"[scenario.E121] /lines/4/id: --set cannot set /lines/4/id: /lines has 1 item(s), "
                                 "index \"4\" is not one of them (use \"-\" to append)"});
  CHECK(messages_of(base, {"/lines/3=1"}) ==
        std::vector<std::string>{"[scenario.E121] /lines/3: --set cannot set /lines/3: /lines has 1 item(s), "
                                 "index \"3\" is not one of them (use \"-\" to append)"});
  CHECK(messages_of(base, {"/name/x=1"}) ==
        std::vector<std::string>{"[scenario.E121] /name/x: --set cannot set /name/x: /name is a string, not an "
                                 "object or array"});
  // a new key is added, then rejected like any unknown key
  CHECK(messages_of(base, {"/run/sed=3"}) ==
        std::vector<std::string>{"[scenario.E101] /run/sed: unknown key \"sed\" in Run (did you mean \"seed\"?)"});
  CHECK(messages_of(base, {"/nothing/deeper=1"}) ==
        std::vector<std::string>{"[scenario.E101] /nothing: unknown key \"nothing\" in Scenario"});
  CHECK(messages_of(base, {"/lines/0/x~y=1"}) ==
        std::vector<std::string>{
            "[scenario.E121] /lines/0/x~y: --set path \"/lines/0/x~y\" is not a valid JSON pointer"});
  CHECK(messages_of(base, {"/run/seed=\"x\""}) ==
        std::vector<std::string>{"[scenario.E103] /run/seed: expected an integer >= 0, found \"x\""});
}

TEST_CASE("every shipped scenario validates", "[quick][loader]")
{
  const auto files = scenario_files();
  REQUIRE(files.size() >= 2);
  for (const auto& f : files) {
    INFO(f);
    CHECK(messages_of(f).empty());
  }
}

TEST_CASE("load, save, load gives equal structs and documents", "[quick][loader]")
{
  auto files = scenario_files();
  files.push_back(src + "/tests/data/full.json");
  files.push_back(src + "/tests/data/minimal.json");
  for (const auto& f : files) {
    INFO(f);
    const Scenario a = load_scenario_file(f);
    const Json doc = to_json(a);
    const Scenario b = from_json(Json::parse(doc.dump(2)), "round-trip");
    CHECK(a == b);
    CHECK(to_json(b) == doc);
    CHECK(scenario_hash(a) == scenario_hash(b));
  }
}

TEST_CASE("the full test scenario uses every key of the format", "[quick][loader]")
{
  // Every key listed in the schema appears in full.json, so the round trip above covers the whole table.
  const Json full = parse_json(slurp(src + "/tests/data/full.json"), "full.json");
  std::set<std::string> used;
  std::function<void(const Json&)> walk = [&](const Json& j) {
    if (j.is_object())
      for (const auto& [k, v] : j.items()) {
        used.insert(k);
        walk(v);
      }
    else if (j.is_array())
      for (const auto& v : j)
        walk(v);
  };
  walk(full);
  const Json schema = scenario_schema();
  for (const auto& [name, def] : schema["$defs"].items()) {
    std::vector<Json> variants = def.contains("oneOf") ? def["oneOf"].get<std::vector<Json>>() : std::vector<Json>{def};
    for (const auto& v : variants)
      for (const auto& [key, _] : v["properties"].items()) {
        INFO(name << "." << key);
        CHECK(used.count(key) == 1);
      }
  }
}

TEST_CASE("the hash changes with the content", "[quick][loader]")
{
  const std::string base = src + "/tests/data/minimal.json";
  const auto a = load_scenario_file(base), b = load_scenario_file(base, {"/run/seed=2"});
  CHECK(scenario_hash(a).size() == 16);
  CHECK(scenario_hash(a) != scenario_hash(b));
}

TEST_CASE("the committed schema and format reference match the descriptor table", "[quick][loader][docs]")
{
  // Regenerate with: scripts/regen-docs.sh
  CHECK(Json::parse(slurp(src + "/docs/scenario.schema.json")) == scenario_schema());
  const std::string doc = slurp(src + "/docs/scenarios.md");
  const std::string begin = "<!-- BEGIN GENERATED: gigaline schema --markdown -->\n";
  const std::string end = "<!-- END GENERATED -->";
  const auto b = doc.find(begin), e = doc.find(end);
  REQUIRE(b != std::string::npos);
  REQUIRE(e != std::string::npos);
  CHECK(doc.substr(b + begin.size(), e - b - begin.size()) == scenario_reference_markdown());
}
