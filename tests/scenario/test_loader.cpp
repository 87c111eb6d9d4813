// tests/scenario/test_loader.cpp — the strict scenario loader: every error id with its exact message,
// all errors at once, overrides, round trips, and the committed schema and reference that must not drift.
#include "gigaline/scenario/Loader.hpp"
#include "gigaline/scenario/Region.hpp"
#include "gigaline/scenario/Sweep.hpp"

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

std::string repeat(const std::string& text, std::size_t n)
{
  std::string out;
  for (std::size_t i = 0; i < n; ++i)
    out += text;
  return out;
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
       {"[scenario.E103] /calendar/horizon_days: expected a number > 0 and <= 36525, found \"ten\"",
        "[scenario.E103] /lines/0/stages/0/machines: expected an integer >= 1 and <= 1000, found 1.5",
        "[scenario.E103] /run/replications: expected an integer >= 1 and <= 10000, found true"}},
      {"E104_range",
       {"[scenario.E104] /calendar/horizon_days: expected a number > 0 and <= 36525, found -5",
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
      {"E104_overflow",
       {"[scenario.E104] /calendar/horizon_days: expected a number a double can hold (magnitude at most 1.8e308), "
        "found 1e400"}},
      {"E116_sweep_file",
       {"[scenario.E116] (root): this is a sweep file (it has base and factors), not a scenario: use gigaline sweep "
        "FILE (or gigaline validate, which reads both)"}},
      {"E115_depth",
       {"[scenario.E115] /name" + repeat("/0", 63) +
        ": expected arrays and objects nested at most 64 deep, found "
        "deeper"}},
      {"many_errors",
       {"[scenario.E104] /calendar/horizon_days: expected a number > 0 and <= 36525, found 0",
        "[scenario.E103] /lines/0/stages/0/cycle_s: expected a number >= 0 and <= 86400, found \"fast\"",
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
  CHECK(n == 18);
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

TEST_CASE("a missing file, a directory and an endless device are E114", "[quick][loader]")
{
  CHECK(messages_of("no/such/file.json") ==
        std::vector<std::string>{"[scenario.E114] (root): cannot read file \"no/such/file.json\": no such file"});
  CHECK(messages_of(src + "/tests/data") ==
        std::vector<std::string>{"[scenario.E114] (root): cannot read file \"" + src +
                                 "/tests/data\": it is a directory, expected a file"});
  CHECK(messages_of("/dev/zero") ==
        std::vector<std::string>{"[scenario.E114] (root): cannot read file \"/dev/zero\": larger than 64 MiB, the "
                                 "largest input gigaline reads"});
}

TEST_CASE("a document nested 90,000 deep is E115, not a stack overflow", "[quick][loader]")
{
  // fuzzing found a segfault on this shape: a deep value followed by more keys
  const std::string text = "{\"a\": " + repeat("[", 90000) + repeat("]", 90000) + ", \"b\": 1, \"c\": 2}";
  try {
    load_scenario_text(text, "deep.json");
    FAIL("no error");
  } catch (const ValidationError& e) {
    CHECK(std::string(e.what()) == "deep.json: 1 error\n  [scenario.E115] /a" + repeat("/0", 63) +
                                       ": expected arrays and objects nested at most 64 deep, found deeper");
  }
  // 64 levels are read
  CHECK_NOTHROW(parse_json(repeat("[", 64) + repeat("]", 64), "ok.json"));
  CHECK_THROWS_AS(parse_json(repeat("[", 65) + repeat("]", 65), "deep.json"), ValidationError);
}

TEST_CASE("numbers no double holds are E104 with their pointer, in a file or a --set", "[quick][loader][override]")
{
  const std::string base = src + "/tests/data/minimal.json";
  CHECK(messages_of(base, {"/calendar/horizon_days=11e308000"}) ==
        std::vector<std::string>{"[scenario.E104] /calendar/horizon_days: expected a number a double can hold "
                                 "(magnitude at most 1.8e308), found 11e308000"});
  CHECK(messages_of(base, {"/lines/0/stages/0={\"id\": \"p\", \"cycle_s\": [1, -1e400]}"}) ==
        std::vector<std::string>{"[scenario.E104] /lines/0/stages/0/cycle_s/1: expected a number a double can hold "
                                 "(magnitude at most 1.8e308), found -1e400"});
  try {
    parse_json("{\"x\": [0, 1,\n 2e999]}", "big.json", "region");
    FAIL("no error");
  } catch (const ValidationError& e) {
    CHECK(std::string(e.what()) == "big.json: 1 error\n  [region.E104] /x/2: expected a number a double can hold "
                                   "(magnitude at most 1.8e308), found 2e999");
  }
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
  // a huge key is named in full by the pointer, and clipped in the message
  const std::string huge(100000, 'k');
  const auto clipped = messages_of(base, {"/run/" + huge + "=3"});
  REQUIRE(clipped.size() == 1);
  CHECK(clipped[0] ==
        "[scenario.E101] /run/" + huge + ": unknown key \"" + std::string(77, 'k') + "...\" (100,000 bytes) in Run");
  CHECK(messages_of(base, {"/nothing/deeper=1"}) ==
        std::vector<std::string>{"[scenario.E101] /nothing: unknown key \"nothing\" in Scenario"});
  CHECK(messages_of(base, {"/lines/0/x~y=1"}) ==
        std::vector<std::string>{
            "[scenario.E121] /lines/0/x~y: --set path \"/lines/0/x~y\" is not a valid JSON pointer"});
  // RFC 6901 indices: no leading zero; an index no size_t holds is simply not there
  CHECK(messages_of(base, {"/lines/00/id=x"}) ==
        std::vector<std::string>{"[scenario.E121] /lines/00/id: --set cannot set /lines/00/id: /lines has 1 item(s), "
                                 "index \"00\" is not one of them (use \"-\" to append)"});
  CHECK(messages_of(base, {"/lines/18446744073709551616/id=x"}) ==
        std::vector<std::string>{"[scenario.E121] /lines/18446744073709551616/id: --set cannot set "
                                 "/lines/18446744073709551616/id: /lines has 1 item(s), index "
                                 "\"18446744073709551616\" is not one of them (use \"-\" to append)"});
  // a value that is not UTF-8 would make every later dump of the document throw
  CHECK(messages_of(base, {"/description=a\xff b"}) ==
        std::vector<std::string>{
            "[scenario.E120] (root): --set expects UTF-8 text, found an invalid UTF-8 byte at index 14: 0xFF"});
  CHECK(messages_of(base, {"/run" + repeat("/x", 64) + "=1"}) ==
        std::vector<std::string>{"[scenario.E115] (root): --set expects a path of at most 64 tokens, found 65"});
  CHECK(messages_of(base, {"/description=" + repeat("[", 65) + repeat("]", 65)}) ==
        std::vector<std::string>{"[scenario.E115] /description" + repeat("/0", 64) +
                                 ": expected arrays and objects nested at most 64 deep, found deeper"});
  CHECK(messages_of(base, {"/run/seed=\"x\""}) ==
        std::vector<std::string>{"[scenario.E103] /run/seed: expected an integer >= 0, found \"x\""});
}

TEST_CASE("a bad --set does not hide the file's own errors", "[quick][loader][override]")
{
  // before, only the --set error was reported: fixing it revealed the file's errors one round later
  const auto m = messages_of(src + "/tests/data/bad/many_errors.json", {"garbage", "/run/seed=2"});
  CHECK(m == std::vector<std::string>{
                 "[scenario.E120] (root): --set expects PATH=VALUE with PATH a JSON pointer such as /run/seed, found "
                 "\"garbage\"",
                 "[scenario.E104] /calendar/horizon_days: expected a number > 0 and <= 36525, found 0",
                 "[scenario.E103] /lines/0/stages/0/cycle_s: expected a number >= 0 and <= 86400, found \"fast\"",
                 "[scenario.E101] /lines/0/stages/0/colour: unknown key \"colour\" in Stage"});
  // the same through a sweep file's loader
  try {
    (void)load_sweep_file(src + "/tests/data/sweep/bad/errors.json", {"garbage"});
    FAIL("no error");
  } catch (const ValidationError& e) {
    REQUIRE(e.diagnostics().size() > 1);
    CHECK(e.diagnostics()[0].id == "sweep.E120");
    CHECK(e.diagnostics()[1].id == "sweep.E110");
  }
}

TEST_CASE("sizes and rates are bounded where the model needs it", "[quick][loader]")
{
  const std::string base = src + "/tests/data/minimal.json";
  using V = std::vector<std::string>;
  // sizes that allocated gigabytes after validate passed
  CHECK(messages_of(base, {"/lines/0/stages/0/machines=1000000000", "/lines/0/count=1000000",
                           "/run/replications=2147483648"}) ==
        V{"[scenario.E104] /lines/0/stages/0/machines: expected an integer >= 1 and <= 1000, found 1000000000",
          "[scenario.E104] /lines/0/count: expected an integer >= 1 and <= 100, found 1000000",
          "[scenario.E104] /run/replications: expected an integer >= 1 and <= 10000, found 2147483648"});
  const std::string line2 = R"(/lines/-={"id": "L2", "sop_date": "2025-01-01", "stages": [{"id": "p",
                            "kind": "process", "cycle_s": 2}]})";
  CHECK(messages_of(base, {"/lines/0/count=100", line2}) ==
        V{"[scenario.E104] /lines: expected at most 100 lines in all (count included), found 101"});
  // rates that ran without end, and an infinite mean cycle time
  CHECK(messages_of(base, {"/calendar/horizon_days=1e9"}) ==
        V{"[scenario.E104] /calendar/horizon_days: expected a number > 0 and <= 36525, found 1000000000.0"});
  CHECK(messages_of(base, {"/lines/0/stages/0/cycle_s=1e-12"}) ==
        V{"[scenario.E104] /lines/0/stages/0/cycle_s: expected a time per cell of one machine of at least 0.01 s and "
          "at most 86400 s, found 1e-12 s"});
  CHECK(messages_of(base, {"/lines/0/stages/0/cycle_s=1e308", "/lines/0/stages/0/speed_initial=0.5"}) ==
        V{"[scenario.E104] /lines/0/stages/0/cycle_s: expected a number >= 0 and <= 86400, found 1e+308"});
  CHECK(messages_of(base, {R"(/lines/0/stages/0={"id": "c", "kind": "electrode_coating", "roll_cells": 500,
                              "speed_m_per_min": 1e-300, "electrode_m_per_cell": 2})"}) ==
        V{"[scenario.E104] /lines/0/stages/0/speed_m_per_min: expected a time per cell of one machine of at least "
          "0.01 s and at most 86400 s, found 1.1999999999999998e+302 s"});
  CHECK(messages_of(base, {R"(/lines/0/stages/0/breakdowns={"mtbf_h": 1e-9, "mttr_h": 1e-9})"}) ==
        V{"[scenario.E104] /lines/0/stages/0/breakdowns/mtbf_h: expected a number >= 0.01, found 1e-09",
          "[scenario.E104] /lines/0/stages/0/breakdowns/mttr_h: expected a number >= 0.001, found 1e-09"});
  CHECK(messages_of(base, {"/lines/0/stages/0/power={\"busy_kw\": 1e308}"}) ==
        V{"[scenario.E104] /lines/0/stages/0/power/busy_kw: expected a number >= 0 and <= 1000000, found 1e+308"});
  // a formation stage forms whole trays: 75 channels and trays of 50 were one tray, silently
  CHECK(messages_of(base, {R"(/lines/0/stages/0={"id": "f", "kind": "formation", "tray_cells": 50,
                              "channels": 75, "formation_h": 10})"}) ==
        V{"[scenario.E110] /lines/0/stages/0/channels: expected a multiple of tray_cells (50): channels form whole "
          "trays, found 75"});
  CHECK(messages_of(base, {R"(/lines/0/stages/0={"id": "f", "kind": "formation", "tray_cells": 1,
                              "channels": 2000000000, "formation_h": 10})"}) ==
        V{"[scenario.E104] /lines/0/stages/0/channels: expected at most 100000 trays formed at once (channels / "
          "tray_cells), found 2000000000"});
  V many;
  for (int i = 0; i < 101; ++i)
    many.push_back(R"(/lines/0/stages/-={"id": "q)" + std::to_string(i) + R"(", "kind": "process", "cycle_s": 1})");
  CHECK(messages_of(base, many) == V{"[scenario.E113] /lines/0/stages: expected at most 100 item(s), found 102"});
}

TEST_CASE("inputs that were silently wrong or deadlocked are errors", "[quick][loader]")
{
  const std::string base = src + "/tests/data/minimal.json";
  using V = std::vector<std::string>;
  // distributions so skewed that runs had no failures at all, or more than nameplate
  CHECK(messages_of(base, {R"(/lines/0/stages/0/breakdowns={"mtbf_h": 20, "mttr_h": 1, "ttf_dist": "weibull",
                              "ttf_shape": 1e-6, "ttr_dist": "lognormal", "ttr_cv": 1e300})",
                           "/lines/0/stages/0/cycle_dist=\"gamma\"", "/lines/0/stages/0/cycle_cv=1e6"}) ==
        V{"[scenario.E104] /lines/0/stages/0/breakdowns/ttf_shape: expected a number >= 0.1 and <= 20, found 1e-06",
          "[scenario.E104] /lines/0/stages/0/breakdowns/ttr_cv: expected a number > 0 and <= 10, found 1e+300",
          "[scenario.E104] /lines/0/stages/0/cycle_cv: expected a number >= 0 and <= 4, found 1000000.0"});
  // scrap with initial alone made no defects on a mature line
  CHECK(messages_of(base, {R"(/lines/0/stages/0/scrap={"initial": 0.1})"}) ==
        V{"[scenario.E102] /lines/0/stages/0/scrap/mature: missing required key \"mature\" in Scrap with initial "
          "(absent, a mature line would make no defects)"});
  // a key accepted and never read
  CHECK(messages_of(base, {"/lines/0/stages/0/buffer_lots=5"}) ==
        V{"[scenario.E110] /lines/0/stages/0/buffer_lots: expected no buffer_lots on a raw-fed stage (the first "
          "stage, or inputs []): raw material waits in no buffer, found 5"});
  // a join without a buffer gathers its lot from every input (it made 0 cells before): valid
  const std::string coat = R"(/lines/0/stages/-={"id": "coat", "kind": "process", "cycle_s": 1, "inputs": []})";
  const std::string join = R"(/lines/0/stages/-={"id": "j", "kind": "process", "cycle_s": 1, "inputs": ["p", "coat"],
                              "buffer_lots": 0})";
  CHECK(messages_of(base, {coat, join}).empty());
  CHECK(
      messages_of(base, {R"(/lines/0/stages/-={"id": "q", "kind": "process", "cycle_s": 1, "inputs": ["p", "p"]})"}) ==
      V{"[scenario.E108] /lines/0/stages/1/inputs/1: expected each input once, found \"p\" again (first at "
        "/lines/0/stages/1/inputs/0): a lot would wait for its own stage twice"});
  // a line starting after the end of the run made all zeros without a word
  CHECK(messages_of(base, {"/lines/0/sop_date=\"2025-01-11\""}) ==
        V{"[scenario.E110] /lines/0/sop_date: expected a line starting before the end of the run (2025-01-11), "
          "found the first SOP on \"2025-01-11\": the run would make nothing"});
  CHECK(messages_of(base, {"/lines/0/sop_date=\"2025-01-10\""}).empty());
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
