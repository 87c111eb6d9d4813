// tests/cli/test_cli.cpp — the command line: exit codes, where messages go, --version, --help, schema.
#include "gigaline/cli/App.hpp"
#include "gigaline/core/Version.hpp"
#include "gigaline/scenario/Loader.hpp"

#include "support/TestSupport.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <unistd.h>

using gigaline::test::run_cli;
using gigaline::test::slurp;

namespace {
const std::string src = GIGALINE_SOURCE_DIR;

} // namespace

TEST_CASE("the version flag names gigaline, SimGrid and the compiler", "[quick][cli]")
{
  auto r = run_cli({"--version"});
  CHECK(r.code == 0);
  CHECK(r.out.rfind("gigaline 0.1.0\nbuild " + std::string(gigaline::build_id()) + "\nSimGrid 3.32\nGCC ", 0) == 0);
  CHECK(!std::string(gigaline::build_id()).empty());
}

TEST_CASE("gigaline help COMMAND shows the help of that command, an unknown one is exit 2", "[quick][cli]")
{
  const auto run = run_cli({"help", "run"});
  CHECK(run.code == 0);
  CHECK(run.out.find("Simulate a scenario") != std::string::npos);
  const auto merge = run_cli({"help", "sweep", "merge"});
  CHECK(merge.code == 0);
  CHECK(merge.out.find("Combine the databases of shards") != std::string::npos);
  const auto bad = run_cli({"help", "nope"});
  CHECK(bad.code == 2);
  CHECK(bad.err == "gigaline: [cli.E302] help: no command \"nope\"; run 'gigaline --help' for the commands\n");
}

TEST_CASE("validate: 0 for good files, 2 with every error on stderr for bad ones", "[quick][cli]")
{
  auto good = run_cli({"validate", src + "/tests/data/minimal.json"});
  CHECK(good.code == 0);
  CHECK(good.out == src + "/tests/data/minimal.json: valid (1 line(s), 1 stage(s), 10 days from 2025-01-01)\n");
  CHECK(good.err.empty());

  auto bad = run_cli({"validate", src + "/tests/data/minimal.json", src + "/tests/data/bad/E104_range.json"});
  CHECK(bad.code == 2);
  CHECK(bad.err == src + "/tests/data/bad/E104_range.json: 2 errors\n"
                         "  [scenario.E104] /calendar/horizon_days: expected a number > 0 and <= 36525, found -5\n"
                         "  [scenario.E104] /lines/0/stages/0/scrap/initial: expected a number >= 0 and <= 1, "
                         "found 1.5\n");
}

TEST_CASE("validate names a directory and an endless device instead of reading them as JSON", "[quick][cli]")
{
  auto r = run_cli({"validate", src + "/tests/data"});
  CHECK(r.code == 2);
  CHECK(r.err == src + "/tests/data: 1 error\n  [scenario.E114] (root): cannot read file \"" + src +
                     "/tests/data\": it is a directory, expected a file\n");
  r = run_cli({"validate", "/dev/zero"});
  CHECK(r.code == 2);
  CHECK(r.err == "/dev/zero: 1 error\n  [scenario.E114] (root): cannot read file \"/dev/zero\": larger than 64 MiB, "
                 "the largest input gigaline reads\n");
}

TEST_CASE("bad arguments are exit 2 with a cli error id", "[quick][cli]")
{
  auto r = run_cli({"run"});
  CHECK(r.code == 2);
  CHECK(r.err.rfind("gigaline: [cli.E301] file is required", 0) == 0);
  r = run_cli({"validate", "x.json", "--frobnicate"});
  CHECK(r.code == 2);
  CHECK(r.err.find("[cli.E301]") != std::string::npos);
  r = run_cli({"run", src + "/tests/data/minimal.json", "--seed", "abc"});
  CHECK(r.code == 2);
  // a negative seed ran with seed 2^64 - 1 (the file rejects it)
  r = run_cli({"run", src + "/tests/data/minimal.json", "--seed", "-1"});
  CHECK(r.code == 2);
  CHECK(r.err.rfind("gigaline: [cli.E301] --seed: Value -1 not in range", 0) == 0);
  CHECK(run_cli({"check", src + "/tests/data/minimal.json", "--baseline", "b.json", "--seed", "-1"}).code == 2);
  r = run_cli({"run", src + "/tests/data/minimal.json", "--set", "/run/replications=0"});
  CHECK(r.code == 2);
  CHECK(r.err.find("[scenario.E104] /run/replications: expected an integer >= 1 and <= 10000, found 0") !=
        std::string::npos);
}

// The name must not start with "--": ctest passes it to the test executable, which took it for its own --help
TEST_CASE("the --help of each command shows an example and exits 0", "[quick][cli]")
{
  for (std::string cmd : {"validate", "schema", "run"}) {
    INFO(cmd);
    auto r = run_cli({cmd, "--help"});
    CHECK(r.code == 0);
    CHECK(r.out.find("Example:\n  gigaline " + cmd) != std::string::npos);
  }
  auto top = run_cli({"--help"});
  CHECK(top.code == 0);
  CHECK(top.out.find("Exit codes: 0 ok, 1 check failed, 2 invalid input, 3 internal error, 130 / 143 interrupted by "
                     "SIGINT / SIGTERM.") != std::string::npos);
}

TEST_CASE("schema prints the JSON Schema of the descriptor table", "[quick][cli]")
{
  auto r = run_cli({"schema"});
  CHECK(r.code == 0);
  CHECK(gigaline::scenario::Json::parse(r.out) == gigaline::scenario::scenario_schema());
}

TEST_CASE(
    "an --out onto a file or another kind of results and a --report onto a folder fail before simulating, a --set "
    "that creates a section says so",
    "[quick][cli]")
{
  const std::string file = std::filesystem::temp_directory_path() / ("gigaline-cli-out-" + std::to_string(::getpid()));
  std::ofstream(file) << "x";
  auto r = run_cli({"run", src + "/scenarios/bench/tandem4.json", "--out", file});
  CHECK(r.code == 2);
  CHECK(r.err == "[cli.E306] --out " + file + ": expected a folder for the results, found a file\n");
  r = run_cli({"run", src + "/scenarios/bench/tandem4.json", "--report", std::filesystem::temp_directory_path()});
  CHECK(r.code == 2);
  CHECK(r.err.rfind("[cli.E306] --report ", 0) == 0);
  std::filesystem::remove(file);
  // a folder holding another kind of result set: a forecast there would leave the run's files unlisted
  const std::string dir = file + ".d";
  REQUIRE(run_cli({"run", src + "/tests/data/minimal.json", "--out", dir}).code == 0);
  r = run_cli({"forecast", src + "/scenarios/aesc_douai.json", "--draws", "1", "--replications", "1", "--out", dir});
  CHECK(r.code == 2);
  CHECK(r.err == "[cli.E306] --out " + dir +
                     ": the folder holds other results (summary.json, monthly.csv, stations.csv, stations_monthly.csv, "
                     "lines_monthly.csv, listed in its manifest.json) that this command would leave unlisted; give "
                     "another folder\n");
  CHECK(run_cli({"run", src + "/tests/data/minimal.json", "--out", dir}).code == 0); // the same kind replaces it
  std::filesystem::remove_all(dir);
  r = run_cli({"validate", src + "/tests/data/minimal.json"});
  r = run_cli({"run", src + "/tests/data/minimal.json", "--set", "/ramp_up/time/tau_days=90"});
  CHECK(r.code == 0);
  CHECK(r.err == "note: --set /ramp_up/time/tau_days creates /ramp_up/time, which " + src +
                     "/tests/data/minimal.json does not have\n");
}

TEST_CASE("a mistyped command or option gets a suggestion, an unknown one none", "[quick][cli]")
{
  auto r = run_cli({"rnu", src + "/tests/data/minimal.json"});
  CHECK(r.code == 2);
  CHECK(r.err.find("gigaline: did you mean the command run instead of rnu?\n") != std::string::npos);
  r = run_cli({"run", src + "/tests/data/minimal.json", "--replicatons", "3", "--jbos=2"});
  CHECK(r.code == 2);
  CHECK(r.err.find("gigaline: did you mean --replications instead of --replicatons?\n") != std::string::npos);
  CHECK(r.err.find("gigaline: did you mean --jobs instead of --jbos?\n") != std::string::npos);
  r = run_cli({"sweep", "merge", "a.sqlite", "--dbb", "out.sqlite"});
  CHECK(r.err.find("did you mean --db instead of --dbb?") != std::string::npos);
  r = run_cli({"validate", "x.json", "--frobnicate"});
  CHECK(r.code == 2);
  CHECK(r.err.find("did you mean") == std::string::npos);
}

TEST_CASE("a file named - is standard input, read once whatever the command looks at", "[quick][cli]")
{
  const std::string exe = GIGALINE_EXE;
  // stdout and the exit code; stderr too where asked (a sanitizer build may warn on stderr about SimGrid's stacks)
  auto shell = [](const std::string& cmd, bool with_stderr = true) {
    std::string out;
    FILE* p = ::popen((cmd + (with_stderr ? " 2>&1" : " 2>/dev/null") + "; echo \"[$?]\"").c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    while (const std::size_t n = std::fread(buf, 1, sizeof buf, p))
      out.append(buf, n);
    ::pclose(p);
    return out;
  };
  const std::string file = src + "/tests/data/minimal.json";
  CHECK(shell(exe + " validate - < " + file) == "-: valid (1 line(s), 1 stage(s), 10 days from 2025-01-01)\n[0]\n");
  // the same results as from the file itself (run looks at the file twice: its kind, then its content)
  auto model_lines = [](const std::string& text) { // all but the engine's wall time
    std::istringstream in(text);
    std::string line, kept;
    while (std::getline(in, line))
      if (line.find("\"wall_s\"") == std::string::npos)
        kept += line + "\n";
    return kept;
  };
  const std::string from_file = model_lines(shell(exe + " run " + file + " --json --quiet", false));
  CHECK(from_file.find("\"scenario\": \"minimal\"") != std::string::npos);
  CHECK(model_lines(shell(exe + " run - --json --quiet < " + file, false)) == from_file);
  CHECK(shell("echo '{\"x\":' | " + exe + " validate -").find("-: 1 error\n  [scenario.E100]") == 0);
}

TEST_CASE("every file an example of the help names exists", "[quick][cli]")
{
  const std::regex path(R"(\b(?:scenarios|tests)/[A-Za-z0-9_./-]+\.json\b)");
  std::size_t named = 0;
  for (const std::vector<std::string>& topic : {std::vector<std::string>{"help"},
                                                {"help", "validate"},
                                                {"help", "run"},
                                                {"help", "calibrate"},
                                                {"help", "forecast"},
                                                {"help", "baseline"},
                                                {"help", "check"},
                                                {"help", "sweep"},
                                                {"help", "sweep", "summary"},
                                                {"help", "sweep", "report"},
                                                {"help", "sweep", "export"},
                                                {"help", "sweep", "merge"},
                                                {"help", "report"}}) {
    const auto r = run_cli(topic);
    REQUIRE(r.code == 0);
    for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), path); it != std::sregex_iterator(); ++it) {
      ++named;
      INFO("gigaline " << topic.back() << " --help names " << it->str());
      CHECK(std::filesystem::exists(src + "/" + it->str()));
    }
  }
  CHECK(named >= 10);
}
