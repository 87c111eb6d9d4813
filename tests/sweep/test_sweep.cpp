// tests/sweep/test_sweep.cpp — sweeps: strict sweep files, the three designs, results that do not depend on
// --jobs or sharding, a sweep killed with SIGKILL and resumed, and a crashing run recorded as failed.
#include "gigaline/cli/App.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/core/Stats.hpp"
#include "gigaline/core/Version.hpp"
#include "gigaline/report/Html.hpp"
#include "gigaline/scenario/Sweep.hpp"
#include "gigaline/sweep/Analysis.hpp"
#include "gigaline/sweep/Design.hpp"
#include "gigaline/sweep/ResultsDb.hpp"
#include "gigaline/sweep/Runner.hpp"

#include "support/TestSupport.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <sys/file.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace gigaline;
namespace fs = std::filesystem;

using gigaline::test::run_cli;
using gigaline::test::slurp;

namespace {
const std::string src = GIGALINE_SOURCE_DIR;
const std::string data = src + "/tests/data/sweep/";

/// A fresh scratch directory per test.
std::string scratch(const std::string& name)
{
  const auto dir = fs::temp_directory_path() / ("gigaline-sweep-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

/// points.csv, runs.csv, monthly.csv and stage_monthly.csv of a database: its rows, as a reader of the results sees
/// them.
std::string rows_of(const std::string& db, const std::string& dir)
{
  sweep::export_csv(db, dir);
  return slurp(dir + "/points.csv") + slurp(dir + "/runs.csv") + slurp(dir + "/monthly.csv") +
         slurp(dir + "/stage_monthly.csv");
}

std::vector<std::string> messages(const std::string& file)
{
  try {
    scenario::load_sweep_file(file);
  } catch (const ValidationError& e) {
    std::vector<std::string> m;
    m.push_back(e.origin());
    for (const auto& d : e.diagnostics())
      m.push_back(d.to_string());
    return m;
  }
  return {};
}
} // namespace

namespace {
/// The JSON the page embeds for its charts.
nlohmann::json page_data(const std::string& html)
{
  const std::string open = "<script type=\"application/json\" id=\"report-data\">";
  const auto a = html.find(open);
  const auto b = html.find("</script>", a);
  REQUIRE(a != std::string::npos);
  return nlohmann::json::parse(html.substr(a + open.size(), b - a - open.size()));
}
} // namespace

namespace {
/// Every row of a query, each cell as text: "%.17g" for a real, "null" for NULL.
std::vector<std::vector<std::string>> query(const std::string& db, const std::string& sql)
{
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  std::vector<std::vector<std::string>> out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int c = 0; c < sqlite3_column_count(s); ++c) {
      char buf[40];
      switch (sqlite3_column_type(s, c)) {
      case SQLITE_NULL:
        row.emplace_back("null");
        break;
      case SQLITE_INTEGER:
      case SQLITE_FLOAT:
        std::snprintf(buf, sizeof buf, "%.17g", sqlite3_column_double(s, c));
        row.emplace_back(buf);
        break;
      default:
        row.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, c)));
      }
    }
    out.push_back(std::move(row));
  }
  sqlite3_finalize(s);
  sqlite3_close(h);
  return out;
}

std::string real_text(double v)
{
  if (!std::isfinite(v))
    return "null";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::vector<std::string> split(const std::string& line)
{
  std::vector<std::string> out(1);
  for (char c : line)
    if (c == ',')
      out.emplace_back();
    else
      out.back() += c;
  return out;
}
} // namespace

TEST_CASE("bad sweep files get every error at once with its id and JSON pointer", "[quick][sweep]")
{
  CHECK(messages(data + "bad/errors.json") ==
        std::vector<std::string>{
            data + "bad/errors.json",
            "[sweep.E110] /factors/0: expected only one of \"values\", \"range\" and \"distribution\", found 2",
            "[sweep.E102] /factors/1: expected one of \"values\", \"range\" or \"distribution\", found none",
            "[sweep.E107] /factors/1/name: expected lower-case letters, digits and _ (a column name), found "
            "\"Machines\"",
            "[sweep.E111] /factors/2/distribution/min: key \"min\" is not allowed for kind \"normal\"",
            "[sweep.E104] /factors/2/distribution/sd: expected a number > 0, found 0",
            "[sweep.E102] /design/samples: missing required key \"samples\" in Design of kind \"latin_hypercube\"",
            "[sweep.E104] /replications: expected an integer >= 1 and <= 10000, found 0",
            "[sweep.E101] /seeds: unknown key \"seeds\" in Sweep (did you mean \"seed\"?)",
        });
  CHECK(messages(data + "bad/paths.json") ==
        std::vector<std::string>{
            data + "bad/paths.json",
            "[sweep.E109] /factors/0/path: expected a JSON pointer to a value of the base scenario " + data +
                "bad/../base.json, found \"/ramp_up/time/tau_dayz\"",
            "[sweep.E103] /factors/1/path: expected the path of a number for a numeric factor, found "
            "\"exponential\" at \"/lines/0/stages/0/cycle_dist\"",
        });
  // the base's own problems name the base file
  CHECK(
      messages(data + "bad/base_invalid.json") ==
      std::vector<std::string>{data + "bad/../base.json",
                               "[scenario.E104] /calendar/horizon_days: expected a number > 0 and <= 36525, found -1"});
  const auto r = run_cli({"sweep", data + "bad/errors.json", "--db", scratch("bad") + "/x.sqlite"});
  CHECK(r.code == 2);
  CHECK(r.err.find("[sweep.E101] /seeds") != std::string::npos);
  CHECK(run_cli({"validate", data + "bad/paths.json"}).code == 2);
  CHECK(run_cli({"sweep", data + "grid.json", "--db", "x.sqlite", "--shard", "3/2"}).err ==
        "[cli.E302] --shard: expected I/N with 1 <= I <= N (e.g. 2/8), found \"3/2\"\n");
}

TEST_CASE("a sweep's set with a number no double holds and a factor index past 2^64 are input errors", "[quick][sweep]")
{
  const auto dir = scratch("bounds");
  auto sweep_with = [&](const std::string& set, const std::string& path) {
    std::ofstream(dir + "/s.json") << R"({"schema_version": 1, "name": "s", "description": "d", "base": ")" << data
                                   << R"(base.json", "set": [")" << set << R"("], "factors": [{"name": "f", "path": ")"
                                   << path << R"(", "values": [1, 2]}], "design": {"kind": "grid"}})";
    return messages(dir + "/s.json");
  };
  CHECK(sweep_with("/calendar/horizon_days=1e400", "/lines/0/stages/0/machines") ==
        std::vector<std::string>{data + "base.json",
                                 "[scenario.E104] /calendar/horizon_days: expected a number a double can hold "
                                 "(magnitude at most 1.8e308), found 1e400"});
  CHECK(sweep_with("/calendar/horizon_days=40", "/lines/18446744073709551616/stages/0/machines") ==
        std::vector<std::string>{dir + "/s.json", "[sweep.E109] /factors/0/path: expected a JSON pointer to a value "
                                                  "of the base scenario " +
                                                      data +
                                                      "base.json, found \"/lines/18446744073709551616/stages/0/"
                                                      "machines\""});
  CHECK(run_cli({"validate", dir + "/s.json"}).code == 2);
  // a hypercube of a billion samples and 2^31 replications allocated gigabytes after validate passed
  const std::string lhs = data + "lhs.json";
  CHECK_THROWS_WITH(scenario::load_sweep_file(lhs, {"/design/samples=1000000000", "/replications=2147483648"}),
                    lhs + ": 2 errors\n  [sweep.E104] /design/samples: expected an integer >= 1 and <= 1000000, found "
                          "1000000000\n  [sweep.E104] /replications: expected an integer >= 1 and <= 10000, found "
                          "2147483648");
  CHECK_THROWS_WITH(scenario::load_sweep_file(lhs, {"/design/samples=1000000", "/replications=100"}),
                    lhs + ": 1 error\n  [sweep.E104] /replications: expected at most 10,000,000 runs (points x "
                          "replications), found 1000000 x 100");
  fs::remove_all(dir);
}

TEST_CASE("a factor's value that the base scenario would reject is an error of the sweep file", "[quick][sweep]")
{
  // a string for a number and a range reaching a value the scenario refuses passed validate, then every run of
  // those points failed and the sweep exited 0
  const auto dir = scratch("values");
  std::ofstream(dir + "/s.json") << R"({"schema_version": 1, "name": "s", "description": "d", "base": ")" << data
                                 << R"(base.json", "factors": [
      {"name": "tau", "path": "/ramp_up/time/tau_days", "values": ["ten", 20]},
      {"name": "scrap", "path": "/lines/0/stages/0/scrap/mature", "range": {"min": 0.01, "max": 1.5, "steps": 3}}],
      "design": {"kind": "grid"}})";
  CHECK(messages(dir + "/s.json") ==
        std::vector<std::string>{
            dir + "/s.json",
            "[sweep.E110] /factors/0/values/0: expected a value the base scenario accepts at /ramp_up/time/tau_days, "
            "found \"ten\": [scenario.E103] /ramp_up/time/tau_days: expected a number > 0, found \"ten\"",
            "[sweep.E110] /factors/1/range/max: expected a value the base scenario accepts at "
            "/lines/0/stages/0/scrap/mature, found 1.5: [scenario.E104] /lines/0/stages/0/scrap/mature: expected a "
            "number >= 0 and <= 1, found 1.5"});
  const auto r = run_cli({"sweep", dir + "/s.json", "--db", dir + "/s.sqlite"});
  CHECK(r.code == 2);
  CHECK_FALSE(fs::exists(dir + "/s.sqlite"));
  fs::remove_all(dir);
}

TEST_CASE("a grid combines every level, the last factor fastest", "[quick][sweep]")
{
  const auto s = scenario::load_sweep_file(data + "grid.json");
  const auto p = sweep::design_points(s);
  REQUIRE(p.size() == 6);
  CHECK(p[0] == std::vector<scenario::Json>{10.0, 2});
  CHECK(p[1] == std::vector<scenario::Json>{10.0, 3});
  CHECK(p[2][0].get<double>() == Approx(30.0).epsilon(1e-12)); // log scale: geometric middle of 10 and 90
  CHECK(p[5] == std::vector<scenario::Json>{90.0, 3});
  CHECK(run_cli({"validate", data + "grid.json"}).out ==
        data + "grid.json: valid sweep (6 point(s) x 3 replication(s) = 18 run(s) of " + data + "base.json)\n");
}

TEST_CASE("one-at-a-time varies each factor alone around the base", "[quick][sweep]")
{
  const auto s = scenario::load_sweep_file(data + "oat.json");
  const auto p = sweep::design_points(s);
  // base (30, 0.3, exponential); tau 15 and 60; scrap quantiles 0.2 and 0.4; dist deterministic
  REQUIRE(p.size() == 6);
  CHECK(p[0] == std::vector<scenario::Json>{30, 0.3, "exponential"});
  CHECK(p[1] == std::vector<scenario::Json>{15, 0.3, "exponential"});
  CHECK(p[2] == std::vector<scenario::Json>{60, 0.3, "exponential"});
  CHECK(p[3][1].get<double>() == Approx(0.2));
  CHECK(p[4][1].get<double>() == Approx(0.4));
  CHECK(p[5] == std::vector<scenario::Json>{30, 0.3, "deterministic"});
}

TEST_CASE("a Latin hypercube uses each stratum of each factor once, the same for the same seed", "[quick][sweep]")
{
  const auto s = scenario::load_sweep_file(data + "lhs.json");
  const auto p = sweep::design_points(s);
  REQUIRE(p.size() == 20);
  std::set<int> strata_tau, strata_mttr;
  for (const auto& pt : p) {
    const double tau = pt[0].get<double>(), mttr = pt[1].get<double>();
    const double u_tau = std::log(tau / 10) / std::log(20.0); // loguniform 10..200
    strata_tau.insert(static_cast<int>(u_tau * 20));
    const double F = mttr <= 1 ? (mttr - 0.5) * (mttr - 0.5) / (2.5 * 0.5) : 1 - (3 - mttr) * (3 - mttr) / (2.5 * 2);
    strata_mttr.insert(static_cast<int>(F * 20 + 1e-9));
    CHECK(pt[3].is_number_integer());
    CHECK(pt[3].get<int>() >= 1);
    CHECK(pt[3].get<int>() <= 4);
  }
  CHECK(strata_tau.size() == 20);
  CHECK(strata_mttr.size() == 20);
  // the integer factor's four levels 1..4 are equally frequent: 20 strata, 5 in each level
  std::map<int, int> levels;
  for (const auto& pt : p)
    ++levels[pt[3].get<int>()];
  CHECK(levels == std::map<int, int>{{1, 5}, {2, 5}, {3, 5}, {4, 5}});
  CHECK(sweep::design_points(s) == p);
  auto other = s;
  other.sweep.design.seed = 12;
  CHECK(sweep::design_points(other) != p);
}

TEST_CASE("a sobol design has rows A, B and A with each factor from B, fewer than 2 rows is refused", "[quick][sweep]")
{
  const auto s = scenario::load_sweep_file(data + "sobol.json");
  const auto p = sweep::design_points(s);
  REQUIRE(p.size() == 8 * 4);
  for (std::size_t i = 0; i < 8; ++i) {
    const auto &a = p[4 * i], &b = p[4 * i + 1], &ab0 = p[4 * i + 2], &ab1 = p[4 * i + 3];
    CHECK(ab0 == std::vector<scenario::Json>{b[0], a[1]});
    CHECK(ab1 == std::vector<scenario::Json>{a[0], b[1]});
    CHECK(a[1].is_number_integer());
  }
  CHECK(sweep::design_points(s) == p);
  CHECK(run_cli({"validate", data + "sobol.json"}).out ==
        data + "sobol.json: valid sweep (32 point(s) x 1 replication(s) = 32 run(s) of " + data + "base.json)\n");
  CHECK_THROWS_WITH(scenario::load_sweep_file(data + "sobol.json", {"/design/samples=1"}),
                    data + "sobol.json: 1 error\n  [sweep.E104] /design/samples: expected at least 2 base rows for a "
                           "sobol design (a variance needs two), found 1");
  // its base point, for the record: none (0); a grid's is the point at the base scenario's values
  CHECK(sweep::base_point(s, p) == 0);
  // the base has tau_days 30 and machines_a 2: points (30, 3), (30, 2), (52, 3), ...
  const auto g = scenario::load_sweep_file(data + "grid.json", {"/factors/0/range/min=30", "/factors/1/values=[3,2]"});
  CHECK(sweep::base_point(g, sweep::design_points(g)) == 1);
}

TEST_CASE("results do not depend on --jobs nor on sharding, and merging shards gives the same rows", "[slow][sweep]")
{
  const std::string dir = scratch("det");
  const auto j1run = run_cli({"sweep", data + "grid.json", "--db", dir + "/j1.sqlite", "--jobs", "1", "--quiet"});
  REQUIRE(j1run.code == 0);
  CHECK(j1run.out.find("run now: 18 (0 failed)") != std::string::npos);
  REQUIRE(run_cli({"sweep", data + "grid.json", "--db", dir + "/j2.sqlite", "--jobs", "2", "--quiet"}).code == 0);
  REQUIRE(run_cli({"sweep", data + "grid.json", "--db", dir + "/s1.sqlite", "--shard", "1/2", "--quiet"}).code == 0);
  REQUIRE(run_cli({"sweep", data + "grid.json", "--db", dir + "/s2.sqlite", "--shard", "2/2", "--jobs", "2", "--quiet"})
              .code == 0);
  CHECK(sweep::ResultsDb::open_existing(dir + "/s1.sqlite").done().size() == 9);
  const auto merged = run_cli({"sweep", "merge", dir + "/s1.sqlite", dir + "/s2.sqlite", "--db", dir + "/all.sqlite"});
  CHECK(merged.code == 0);
  CHECK(merged.out == "merged 2 database(s) into " + dir + "/all.sqlite: 18 run(s)\n");
  CHECK(merged.err.empty());
  // merging leaves no -wal or -shm beside the shards (reading a WAL database makes them; s1's are there from the
  // read above, which merge leaves alone)
  for (const char* f : {"/s2.sqlite-wal", "/s2.sqlite-shm"})
    CHECK_FALSE(fs::exists(dir + f));
  // a shard left out: the merge says which runs are in no input
  const auto partial = run_cli({"sweep", "merge", dir + "/s1.sqlite", "--db", dir + "/part.sqlite"});
  CHECK(partial.code == 0);
  CHECK(partial.err.find("sweep merge: 9 of 18 run(s) are in none of the inputs (point/replication 0/1 1/0 ") == 0);
  CHECK(partial.err.find("a shard is missing or unfinished") != std::string::npos);
  const std::string j1 = rows_of(dir + "/j1.sqlite", dir + "/e1");
  CHECK(j1 == rows_of(dir + "/j2.sqlite", dir + "/e2"));
  CHECK(j1 == rows_of(dir + "/all.sqlite", dir + "/e3"));
  // common random numbers: replication 0 of every point has the same seed
  const auto meta = sweep::ResultsDb::open_existing(dir + "/j1.sqlite").meta();
  CHECK(meta.points == 6);
  // a shard of another sweep is refused
  REQUIRE(run_cli({"sweep", data + "oat.json", "--db", dir + "/oat.sqlite", "--quiet"}).code == 0);
  const auto refused =
      run_cli({"sweep", "merge", dir + "/s1.sqlite", dir + "/oat.sqlite", "--db", dir + "/bad.sqlite"});
  CHECK(refused.code == 2);
  CHECK(refused.err.find("[sweep.E414] " + dir + "/oat.sqlite: results of sweep oat_test") == 0);
  // and so is resuming into a database of another sweep
  CHECK(run_cli({"sweep", data + "grid.json", "--db", dir + "/oat.sqlite", "--quiet"}).code == 2);
  fs::remove_all(dir);
}

TEST_CASE("a second sweep on a database another sweep is writing is refused", "[quick][sweep]")
{
  const std::string dir = scratch("lock");
  const std::string db = dir + "/l.sqlite";
  // the lock as a running sweep holds it: a POSIX record lock of another process (a process never conflicts with
  // its own record locks), which writes "4242" as its pid and holds on until its pipe closes
  int ready[2], hold[2];
  REQUIRE(::pipe(ready) == 0);
  REQUIRE(::pipe(hold) == 0);
  const pid_t holder = ::fork();
  REQUIRE(holder >= 0);
  if (holder == 0) {
    ::close(ready[0]);
    ::close(hold[1]);
    const int fd = ::open((db + ".lock").c_str(), O_RDWR | O_CREAT, 0644);
    struct flock whole {};
    whole.l_type = F_WRLCK;
    whole.l_whence = SEEK_SET;
    const bool locked = fd >= 0 && ::fcntl(fd, F_SETLK, &whole) == 0 && ::write(fd, "4242", 4) == 4;
    (void)!::write(ready[1], locked ? "y" : "n", 1);
    char c;
    (void)!::read(hold[0], &c, 1); // until the test closes its end
    ::_exit(0);
  }
  ::close(ready[1]);
  ::close(hold[0]);
  char c = 0;
  REQUIRE(::read(ready[0], &c, 1) == 1);
  REQUIRE(c == 'y');
  const auto refused = run_cli({"sweep", data + "grid.json", "--db", db, "--shard", "1/6", "--quiet"});
  CHECK(refused.code == 2);
  CHECK(refused.err == "[sweep.E420] " + db +
                           ": another gigaline sweep is writing this database (process 4242); wait for it to end, "
                           "or give this one another --db and merge them\n");
  CHECK_FALSE(fs::exists(db));
  ::close(hold[1]); // the first sweep ends: the next one runs, and takes its lock away with it
  ::close(ready[0]);
  int status = 0;
  REQUIRE(::waitpid(holder, &status, 0) == holder);
  const auto ran = run_cli({"sweep", data + "grid.json", "--db", db, "--shard", "1/6", "--quiet"});
  CHECK(ran.code == 0);
  CHECK_FALSE(fs::exists(db + ".lock"));
  fs::remove_all(dir);
}

TEST_CASE("a sweep killed with SIGKILL and started again runs every run exactly once", "[slow][sweep]")
{
  const std::string dir = scratch("kill");
  const std::string db = dir + "/k.sqlite";
  const std::string exe = GIGALINE_EXE;
  const std::string file = data + "lhs.json"; // 20 points x 2 replications
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::setpgid(0, 0); // its own group: the kill below takes its workers too, as kill -9 of a job would
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, STDOUT_FILENO);
    ::dup2(devnull, STDERR_FILENO);
    ::execl(exe.c_str(), exe.c_str(), "sweep", file.c_str(), "--db", db.c_str(), "--jobs", "2",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  // wait until some runs are committed, then kill -9 the sweep and its workers
  std::size_t before = 0;
  for (int i = 0; i < 600 && before < 6; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (fs::exists(db)) {
      try {
        before = sweep::ResultsDb::open_existing(db).done().size();
      } catch (const InputError&) { // created but tables not yet there
      }
    }
  }
  ::kill(-pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  const std::size_t after_kill = sweep::ResultsDb::open_existing(db).done().size();
  INFO("runs committed before the kill: " << after_kill);
  CHECK(after_kill >= 6);
  CHECK(after_kill < 40);

  const auto resumed = run_cli({"sweep", file, "--db", db, "--jobs", "2", "--quiet"});
  REQUIRE(resumed.code == 0);
  CHECK(resumed.out.find("already in " + db + ": " + std::to_string(after_kill) +
                         "; run now: " + std::to_string(40 - after_kill) + " (0 failed)") != std::string::npos);
  CHECK(sweep::ResultsDb::open_existing(db).done().size() == 40);
  // the same rows as a sweep that was never interrupted
  REQUIRE(run_cli({"sweep", file, "--db", dir + "/clean.sqlite", "--jobs", "2", "--quiet"}).code == 0);
  CHECK(rows_of(db, dir + "/a") == rows_of(dir + "/clean.sqlite", dir + "/b"));
  // a third start finds nothing to do
  CHECK(run_cli({"sweep", file, "--db", db, "--quiet"}).out.find("run now: 0 (0 failed)") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("Ctrl-C stops a sweep with exit code 130 and keeps every finished run", "[slow][sweep]")
{
  const std::string dir = scratch("sigint");
  const std::string db = dir + "/i.sqlite";
  const std::string exe = GIGALINE_EXE;
  const std::string file = data + "lhs.json";
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, STDOUT_FILENO);
    ::dup2(devnull, STDERR_FILENO);
    ::execl(exe.c_str(), exe.c_str(), "sweep", file.c_str(), "--db", db.c_str(), "--jobs", "2",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::size_t before = 0;
  for (int i = 0; i < 600 && before < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (fs::exists(db)) {
      try {
        before = sweep::ResultsDb::open_existing(db).done().size();
      } catch (const InputError&) {
      }
    }
  }
  ::kill(pid, SIGINT); // the sweep process only, as a terminal's Ctrl-C reaches it first
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  const std::size_t kept = sweep::ResultsDb::open_existing(db).done().size();
  CHECK(kept >= 4);
  CHECK(kept < 40);
  const auto resumed = run_cli({"sweep", file, "--db", db, "--jobs", "2", "--quiet"});
  CHECK(resumed.out.find("already in " + db + ": " + std::to_string(kept) + "; run now: " + std::to_string(40 - kept) +
                         " (0 failed)") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a run that crashes is recorded as failed and the others complete", "[slow][sweep]")
{
  const std::string dir = scratch("crash");
  ::setenv("GIGALINE_SWEEP_FAULT", "crash:1", 1);
  const auto r = run_cli({"sweep", data + "grid.json", "--db", dir + "/c.sqlite", "--jobs", "2", "--quiet"});
  ::unsetenv("GIGALINE_SWEEP_FAULT");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("run now: 18 (3 failed)") != std::string::npos);
  auto db = sweep::ResultsDb::open_existing(dir + "/c.sqlite");
  CHECK(db.done().size() == 18);
  CHECK(db.failed() == std::set<std::pair<int, int>>{{1, 0}, {1, 1}, {1, 2}});
  sweep::export_csv(dir + "/c.sqlite", dir + "/csv");
  const std::string runs = slurp(dir + "/csv/runs.csv");
  CHECK(runs.find("killed by signal 6") != std::string::npos);
  CHECK(query(dir + "/c.sqlite", "SELECT count(*) FROM stage_monthly WHERE point = 1")[0][0] == "0");
  // the page and the bottlenecks leave the failed point without curves, not out of the page
  REQUIRE(run_cli({"sweep", "report", dir + "/c.sqlite", "--out", dir + "/c.html"}).code == 0);
  const auto c = page_data(slurp(dir + "/c.html"))["curves"];
  CHECK(c["points"][1]["runs"] == 0);
  CHECK(c["points"][1]["mean"][0][0].is_null());
  CHECK(c["best"] != 1);
  CHECK(c["worst"] != 1);
  CHECK(run_cli({"sweep", "summary", dir + "/c.sqlite", "--bottleneck"}).code == 0);
  // retried without the fault, they complete and match a clean sweep
  const auto retry = run_cli({"sweep", data + "grid.json", "--db", dir + "/c.sqlite", "--retry-failed", "--quiet"});
  CHECK(retry.out.find("run now: 3 (0 failed)") != std::string::npos);
  REQUIRE(run_cli({"sweep", data + "grid.json", "--db", dir + "/ok.sqlite", "--jobs", "2", "--quiet"}).code == 0);
  CHECK(rows_of(dir + "/c.sqlite", dir + "/a") == rows_of(dir + "/ok.sqlite", dir + "/b"));
  fs::remove_all(dir);
}

TEST_CASE("sweep summary ranks the points and export writes the CSV files", "[slow][sweep]")
{
  const std::string dir = scratch("summary");
  REQUIRE(run_cli({"sweep", data + "grid.json", "--db", dir + "/g.sqlite", "--jobs", "2", "--quiet"}).code == 0);
  const auto sum = run_cli({"sweep", "summary", dir + "/g.sqlite", "--kpi", "cells_good", "--rank", "cells_good"});
  CHECK(sum.code == 0);
  CHECK(sum.out.find("cells_good") != std::string::npos);
  const auto ex = run_cli({"sweep", "export", dir + "/g.sqlite", "--csv", dir + "/csv"});
  CHECK(ex.code == 0);
  const std::string runs = slurp(dir + "/csv/runs.csv");
  CHECK(runs.rfind("point,replication,seed,status,error,tau_days,machines_a,cells_started,", 0) == 0);
  CHECK(std::count(runs.begin(), runs.end(), '\n') == 19);
  CHECK(run_cli({"sweep", "summary", dir + "/g.sqlite", "--rank", "nope"}).code == 2);
  fs::remove_all(dir);
}

TEST_CASE("the sobol sweep of the test plant: summary --sensitivity and the page's sensitivity data", "[slow][sweep]")
{
  const std::string dir = scratch("sobol");
  REQUIRE(run_cli({"sweep", data + "sobol.json", "--db", dir + "/s.sqlite", "--jobs", "2", "--quiet"}).code == 0);
  const auto sum = run_cli({"sweep", "summary", dir + "/s.sqlite", "--sensitivity", "--kpi", "cells_good"});
  INFO(sum.out << sum.err);
  CHECK(sum.code == 0);
  CHECK(sum.out.find("S1 / ST: first-order (Saltelli 2010) and total (Jansen 1999) Sobol indices over 8 base rows") !=
        std::string::npos);
  CHECK(sum.out.find("\ncells_good: 16 point(s), R2 ") != std::string::npos); // the A and B rows
  for (std::size_t at = 0, end = 0; (end = sum.out.find('\n', at)) != std::string::npos; at = end + 1)
    CHECK(end - at <= 120); // no line wider than a terminal
  CHECK(run_cli({"sweep", "summary", dir + "/s.sqlite", "--vs-base"}).err.find("[sweep.E419] --vs-base:") == 0);
  REQUIRE(run_cli({"sweep", "report", dir + "/s.sqlite", "--out", dir + "/s.html"}).code == 0);
  const auto d = page_data(slurp(dir + "/s.html"));
  CHECK(d["design"] == "sobol");
  CHECK(d["analysis"]["vs_base"].is_null());
  const auto& se = d["analysis"]["sensitivity"];
  CHECK(se["rows"] == 8);
  const auto t = sweep::read_runs(dir + "/s.sqlite");
  const auto j = sweep::sensitivity_json(t);
  CHECK(se["kpis"] == j["kpis"]);
  fs::remove_all(dir);
}

TEST_CASE("the what-if page's tornado: each factor's paired difference from the base, from aesc_what_if.json",
          "[slow][sweep]")
{
  const std::string dir = scratch("whatif");
  const std::string file = src + "/scenarios/sweeps/aesc_what_if.json";
  REQUIRE(run_cli({"sweep", file, "--db", dir + "/w.sqlite", "--jobs", "2", "--quiet"}).code == 0);
  REQUIRE(run_cli({"sweep", "report", dir + "/w.sqlite", "--out", dir + "/w.html"}).code == 0);
  const auto d = page_data(slurp(dir + "/w.html"));
  const auto& vb = d["analysis"]["vs_base"];
  CHECK(vb["paired"] == true);
  CHECK(vb["base_point"] == 0);
  // the expected differences, from the runs table: mean and t-interval of gwh(point, r) - gwh(base, r)
  const auto t = sweep::read_runs(dir + "/w.sqlite");
  const auto kpis = t.meta.kpi_names;
  const auto gwh = static_cast<std::size_t>(std::find(kpis.begin(), kpis.end(), "gwh") - kpis.begin());
  std::map<std::pair<int, int>, double> y;
  for (const auto& r : t.runs) {
    REQUIRE(r.ok);
    y[{r.point, r.replication}] = r.kpis[gwh];
  }
  const auto& bars = vb["tornado"][gwh];
  REQUIRE(bars.size() == 5);
  double previous_span = 1e300;
  for (const auto& bar : bars) {
    const auto f = static_cast<std::size_t>(
        std::find(t.meta.factor_names.begin(), t.meta.factor_names.end(), bar["factor"].get<std::string>()) -
        t.meta.factor_names.begin());
    REQUIRE(bar["levels"].size() == 1);
    const auto& level = bar["levels"][0];
    const int p = level["point"].get<int>();
    CHECK(p == static_cast<int>(f) + 1); // one-at-a-time: point j + 1 changes factor j
    Welford w;
    for (int r = 0; r < 4; ++r)
      w.add(y[{p, r}] - y[{0, r}]);
    INFO(bar["factor"] << ": " << w.mean() << " +/- " << ci95(w).half_width);
    CHECK(level["mean"].get<double>() == Approx(w.mean()).epsilon(1e-9));
    CHECK(level["ci95"].get<double>() == Approx(ci95(w).half_width).epsilon(1e-9));
    CHECK(level["n"] == 4);
    CHECK(bar["span"].get<double>() <= previous_span);
    previous_span = bar["span"].get<double>();
  }
  // the table under the chart has the same numbers, and the summary prints them
  const auto sum = run_cli({"sweep", "summary", dir + "/w.sqlite", "--vs-base", "--kpi", "gwh"});
  CHECK(sum.code == 0);
  CHECK(sum.out.find("0 (base)") != std::string::npos);
  CHECK(sum.out.find("training_rate=0.02424") != std::string::npos);

  // the curves and the bottleneck view: the base, the best and worst by gwh, every what-if's bottleneck by month
  const auto& c = d["curves"];
  CHECK(c["base"] == 0);
  std::map<int, Welford> by_point;
  for (const auto& [key, v] : y)
    by_point[key.first].add(v);
  int best = 0, worst = 0;
  for (const auto& [p, w] : by_point) {
    best = w.mean() > by_point[best].mean() ? p : best;
    worst = w.mean() < by_point[worst].mean() ? p : worst;
  }
  CHECK(c["best"] == best);
  CHECK(c["worst"] == worst);
  REQUIRE(c["points"].size() == 6);
  const auto months = query(dir + "/w.sqlite", "SELECT DISTINCT month FROM monthly ORDER BY month");
  REQUIRE(c["months"].size() == months.size());
  for (const auto& p : c["points"]) {
    CHECK(p["runs"] == 4);
    REQUIRE(p["bottleneck"].size() == months.size());
    // in its last month, the stage each run names most often agrees with the point's bottleneck from the means
    const auto last =
        query(dir + "/w.sqlite", "SELECT stage, sum(bottleneck) FROM stage_monthly WHERE point = " + p["point"].dump() +
                                     " AND month = '" + months.back()[0] +
                                     "' GROUP BY stage ORDER BY sum(bottleneck) DESC, stage");
    REQUIRE(!last.empty());
    INFO("point " << p["point"] << ": " << last[0][0] << " in " << last[0][1] << " of 4 runs");
    if (last[0][1] == "4")
      CHECK(c["stages"][p["bottleneck"].back().get<std::size_t>()] == last[0][0]);
  }
  CHECK(slurp(dir + "/w.html").find("<table id=\"bottleneck-table\">") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("sweep resume and merge refuse a database of another build unless --allow-other-build", "[quick][sweep]")
{
  const std::string dir = scratch("build");
  const std::string db = dir + "/b.sqlite", file = data + "grid.json";
  REQUIRE(run_cli({"sweep", file, "--db", db, "--shard", "1/6", "--quiet"}).code == 0);
  REQUIRE(run_cli({"sweep", file, "--db", dir + "/c.sqlite", "--shard", "2/6", "--quiet"}).code == 0);
  // the database as another build would have written it
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  REQUIRE(sqlite3_exec(h, "UPDATE meta SET value = 'v0.0.9-other' WHERE key = 'build'", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  sqlite3_close(h);
  const std::string expected = "[sweep.E417] " + db + ": written by gigaline build v0.0.9-other, this is build " +
                               gigaline::build_id() + "; results of two builds may differ";

  const auto resume = run_cli({"sweep", file, "--db", db, "--shard", "1/6", "--quiet"});
  CHECK(resume.code == 2);
  CHECK(resume.err.find(expected) != std::string::npos);
  const auto merged = run_cli({"sweep", "merge", dir + "/c.sqlite", db, "--db", dir + "/m.sqlite"});
  CHECK(merged.code == 2);
  CHECK(merged.err.find("[sweep.E417] " + db + ": written by gigaline build v0.0.9-other, this is build " +
                        gigaline::build_id()) != std::string::npos);
  CHECK(!fs::exists(dir + "/m.sqlite"));

  const auto allowed = run_cli({"sweep", file, "--db", db, "--shard", "1/6", "--quiet", "--allow-other-build"});
  CHECK(allowed.code == 0);
  CHECK(allowed.out.find("run now: 0 (0 failed)") != std::string::npos);
  const auto merged_anyway =
      run_cli({"sweep", "merge", dir + "/c.sqlite", db, "--db", dir + "/m.sqlite", "--allow-other-build"});
  CHECK(merged_anyway.code == 0);
  CHECK(sweep::ResultsDb::open_existing(dir + "/m.sqlite").done().size() == 6);
  CHECK(sweep::summary_json(dir + "/m.sqlite")["build"] == gigaline::build_id());
  fs::remove_all(dir);
}

TEST_CASE("stage_monthly: a row per run, month and stage, the same bits as a direct run, and the page's curves",
          "[quick][sweep]")
{
  const std::string dir = scratch("stages"), db = dir + "/o.sqlite";
  REQUIRE(
      run_cli({"sweep", data + "oat.json", "--set", "/replications=2", "--db", db, "--jobs", "2", "--quiet"}).code ==
      0);
  // a row per run x month x stage (the test line has stages a and b, one line)
  const auto months = query(db, "SELECT count(*) FROM monthly")[0][0];
  CHECK(query(db, "SELECT count(*) FROM stage_monthly")[0][0] == real_text(2 * std::stod(months)));
  CHECK(query(db, "SELECT count(*) FROM stage_monthly WHERE bottleneck = 1")[0][0] == months);

  // point 1 (tau_days 15), replication 0, against gigaline run of that point with the sweep's seed: one replication,
  // so its stations_monthly.csv holds that run's figures; stations summed per stage as the run page sums them
  REQUIRE(run_cli({"run", data + "base.json", "--set", "/ramp_up/time/tau_days=15", "--out", dir + "/run"}).code == 0);
  std::istringstream csv(slurp(dir + "/run/stations_monthly.csv"));
  std::string line;
  std::getline(csv, line);
  const auto head = split(line);
  auto col = [&](const std::string& n) {
    return static_cast<std::size_t>(std::find(head.begin(), head.end(), n) - head.begin());
  };
  struct Acc {
    std::string month, stage;
    double machines = 0, scheduled = 0, oee = 0, out = 0, found = 0, caused = 0;
    std::array<double, 6> states{};
  };
  std::vector<Acc> expected;
  const std::array<const char*, 6> states{"busy", "idle", "starved", "blocked", "down", "off"};
  while (std::getline(csv, line)) {
    const auto f = split(line);
    auto v = [&](const std::string& n) { return std::stod(f[col(n)]); };
    auto it = std::find_if(expected.begin(), expected.end(),
                           [&](const Acc& a) { return a.month == f[col("month")] && a.stage == f[col("station")]; });
    if (it == expected.end())
      it = expected.insert(expected.end(), Acc{f[col("month")], f[col("station")]});
    const double m = v("machines");
    it->machines += m;
    for (std::size_t k = 0; k < 6; ++k)
      it->states[k] += m * v(states[k]);
    const double s = m * (1 - v("off"));
    it->scheduled += s;
    it->oee += s * v("oee");
    it->out += v("cells_out");
    it->found += v("scrap_found");
    it->caused += v("scrap_caused");
  }
  const auto got = query(db, "SELECT month, stage, machines, busy, idle, starved, blocked, down, off, busy_share, oee, "
                             "cells_out, scrap_found, scrap_caused, bottleneck FROM stage_monthly WHERE point = 1 AND "
                             "replication = 0 ORDER BY month, position");
  REQUIRE(got.size() == expected.size());
  const auto run_page = report::run_report_data(report::read_results_dir(dir + "/run"));
  for (std::size_t i = 0; i < got.size(); ++i) {
    const Acc& a = expected[i];
    std::vector<std::string> want = {a.month, a.stage, real_text(a.machines)};
    for (double st : a.states)
      want.push_back(real_text(a.machines > 0 ? st / a.machines : NAN));
    for (double v : {a.states[0] / a.scheduled, a.oee / a.scheduled, a.out, a.found, a.caused})
      want.push_back(real_text(v));
    // the month's bottleneck: the stage the run page names
    const auto month = static_cast<std::size_t>(
        std::find(run_page["months"].begin(), run_page["months"].end(), a.month) - run_page["months"].begin());
    want.push_back(run_page["bottleneck"][month] == a.stage ? "1" : "0");
    CHECK(got[i] == want);
  }

  // the page: curves and bottlenecks of every point, as the database has them
  REQUIRE(run_cli({"sweep", "report", db, "--out", dir + "/o.html"}).code == 0);
  const auto c = page_data(slurp(dir + "/o.html"))["curves"];
  CHECK(c["base"] == 0);
  CHECK(c["stages"] == nlohmann::json{"a", "b"});
  REQUIRE(c["points"].size() == 6);
  const auto sum = sweep::summary_json(db);
  const auto gwh_kpi = static_cast<std::size_t>(std::find(sum["kpi_names"].begin(), sum["kpi_names"].end(), "gwh") -
                                                sum["kpi_names"].begin());
  std::vector<double> gwh;
  for (const auto& p : sum["point_summaries"])
    gwh.push_back(p["mean"][gwh_kpi].get<double>());
  CHECK(c["best"] == std::max_element(gwh.begin(), gwh.end()) - gwh.begin());
  CHECK(c["worst"] == std::min_element(gwh.begin(), gwh.end()) - gwh.begin());
  const auto fig = static_cast<std::size_t>(
      std::find_if(c["figures"].begin(), c["figures"].end(), [](const auto& f) { return f["name"] == "gwh"; }) -
      c["figures"].begin());
  for (const auto& p : c["points"]) {
    const std::string point = std::to_string(p["point"].get<int>());
    CHECK(p["runs"] == 2);
    for (std::size_t m = 0; m < c["months"].size(); ++m) {
      const std::string month = c["months"][m].get<std::string>();
      Welford w;
      for (const auto& r : query(db, "SELECT gwh FROM monthly WHERE point = " + point + " AND month = '" + month + "'"))
        w.add(std::stod(r[0]));
      INFO("point " << point << " month " << month);
      CHECK(p["mean"][fig][m].get<double>() == Approx(w.mean()).epsilon(1e-5).margin(1e-12));
      CHECK(p["ci95"][fig][m].get<double>() == Approx(ci95(w).half_width).epsilon(1e-5).margin(1e-12));
      // the point's bottleneck: the stage with the highest mean busy over mean scheduled share
      const auto rows = query(db, "SELECT position, avg(busy) / (1 - avg(off)), sum(bottleneck) FROM stage_monthly "
                                  "WHERE point = " +
                                      point + " AND month = '" + month + "' GROUP BY position");
      std::size_t best = 0;
      for (std::size_t k = 1; k < rows.size(); ++k)
        if (std::stod(rows[k][1]) > std::stod(rows[best][1]))
          best = k;
      CHECK(p["bottleneck"][m] == best);
      CHECK(p["busy_share"][m].get<double>() == Approx(std::stod(rows[best][1])).epsilon(1e-5));
      CHECK(p["bottleneck_runs"][m] == std::stoi(rows[best][2]));
    }
  }
  const std::string html = slurp(dir + "/o.html");
  CHECK(html.find("<canvas id=\"chart-curves\"") != std::string::npos);
  CHECK(html.find("<canvas id=\"chart-bottleneck\"") != std::string::npos);
  CHECK(html.find("<td class=\"l\">point 1: tau_days</td>") != std::string::npos);

  // sweep summary --bottleneck: a line per point
  const auto b = run_cli({"sweep", "summary", db, "--bottleneck"});
  CHECK(b.code == 0);
  CHECK(b.out.find("Bottleneck per point") == 0);
  CHECK(b.out.find("0 (base)") != std::string::npos);
  CHECK(std::count(b.out.begin(), b.out.end(), '\n') == 2 + 1 + 6);
  fs::remove_all(dir);
}
