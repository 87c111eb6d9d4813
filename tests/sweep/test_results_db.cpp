// tests/sweep/test_results_db.cpp — the SQLite results store of sweeps: tables and types, refusals, failed runs
// and retries, what survives a SIGKILL, CSV export, the per-point summary, and merging shards.
#include "gigaline/core/Error.hpp"
#include "gigaline/sweep/ResultsDb.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace gigaline;
using sweep::ResultsDb;
using sweep::RunRecord;
using sweep::SweepMeta;
namespace fs = std::filesystem;

namespace {

std::string scratch(const std::string& name)
{
  const auto dir = fs::temp_directory_path() / ("gigaline-test-sweepdb-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

/// 3 points x 4 replications; a string with a comma and one with a quote, a boolean, and a KPI named like an
/// SQL keyword.
SweepMeta make_meta()
{
  SweepMeta m;
  m.sweep_name = "speeds";
  m.sweep_hash = "0123456789abcdef";
  m.gigaline_version = "0.1.0";
  m.build = "v0.1.0-3-gabc1234";
  m.points = 3;
  m.replications = 4;
  m.factor_names = {"speed", "label", "on"};
  m.point_values = {{1.5, "a,b", true}, {2, "plain", false}, {3.25, "say \"hi\"", true}};
  m.kpi_names = {"gwh", "oee", "order"};
  m.monthly_names = {"cells_good", "gwh"};
  return m;
}

RunRecord make_run(int p, int r)
{
  RunRecord rec;
  rec.point = p;
  rec.replication = r;
  rec.seed = 0xF000000000000000ULL + static_cast<std::uint64_t>(p * 100 + r);
  rec.wall_s = 0.25 * (r + 1);
  rec.kpis = {p * 10.0 + r, 0.5 + 0.01 * r, 1.0 / 3.0 + p};
  rec.months = {"2025-01", "2025-02"};
  rec.monthly = {{1000.0 * p + r, 0.1 * r}, {2000.0 * p + r, 0.2 * r}};
  // two stages a month: "coating" and a store (no machines, NaN shares)
  for (const char* month : {"2025-01", "2025-02"}) {
    sweep::StageRecord a;
    a.month = month;
    a.position = 0;
    a.stage = "coating";
    a.machines = 2;
    a.states = {0.5 + 0.01 * r, 0.2, 0.1, 0.1, 0.05, 0.05 - 0.01 * r};
    a.busy_share = a.states[0] / (1 - a.states[5]);
    a.oee = 0.4 + p;
    a.cells_out = 100.0 * p + r;
    a.scrap_found = 3;
    a.scrap_caused = 2;
    a.bottleneck = true;
    sweep::StageRecord b;
    b.month = month;
    b.position = 1;
    b.stage = "formation/aging";
    const double nan = std::numeric_limits<double>::quiet_NaN();
    b.states = {nan, nan, nan, nan, nan, nan};
    b.busy_share = b.oee = nan;
    b.cells_out = 99;
    rec.stages.push_back(a);
    rec.stages.push_back(b);
  }
  return rec;
}

RunRecord make_failed(int p, int r, const std::string& error)
{
  RunRecord rec;
  rec.point = p;
  rec.replication = r;
  rec.seed = static_cast<std::uint64_t>(p * 100 + r);
  rec.ok = false;
  rec.error = error;
  return rec;
}

/// Every row of a query, each as "type:value|type:value...", sorted.
std::vector<std::string> rows(const std::string& path, const std::string& sql)
{
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  std::vector<std::string> out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(s); ++c) {
      row += c == 0 ? "" : "|";
      char buf[64];
      switch (sqlite3_column_type(s, c)) {
      case SQLITE_NULL:
        row += "null";
        break;
      case SQLITE_INTEGER:
        row += "i:" + std::to_string(sqlite3_column_int64(s, c));
        break;
      case SQLITE_FLOAT:
        std::snprintf(buf, sizeof buf, "r:%.17g", sqlite3_column_double(s, c));
        row += buf;
        break;
      default:
        row += "t:" + std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, c)));
      }
    }
    out.push_back(row);
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  std::sort(out.begin(), out.end());
  return out;
}

std::string one(const std::string& path, const std::string& sql)
{
  const auto r = rows(path, sql);
  REQUIRE(r.size() == 1);
  return r[0];
}

std::string slurp(const std::string& path)
{
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// RFC 4180: quoted fields may hold commas, doubled quotes and newlines.
std::vector<std::vector<std::string>> parse_csv(const std::string& text)
{
  std::vector<std::vector<std::string>> out(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        field += text[++i];
      else if (c == '"')
        quoted = false;
      else
        field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.back().push_back(field);
      field.clear();
    } else if (c == '\n') {
      out.back().push_back(field);
      field.clear();
      out.emplace_back();
    } else {
      field += c;
    }
  }
  out.pop_back(); // after the last newline
  return out;
}

std::string message_of(const std::function<void()>& fn)
{
  try {
    fn();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no InputError";
}

} // namespace

TEST_CASE("a results database records runs, lists them as done and keeps them when reopened", "[quick][sweep]")
{
  const std::string dir = scratch("basic"), path = dir + "/r.sqlite";
  const SweepMeta meta = make_meta();
  {
    ResultsDb db(path, meta);
    CHECK(db.meta() == meta);
    CHECK(db.done().empty());
    db.write({make_run(0, 0), make_run(0, 1), make_failed(2, 3, "boom")});
    db.write({});
    CHECK(db.done() == std::set<std::pair<int, int>>{{0, 0}, {0, 1}, {2, 3}});
    CHECK(db.failed() == std::set<std::pair<int, int>>{{2, 3}});
  }
  CHECK(one(path, "PRAGMA journal_mode") == "t:wal");
  {
    ResultsDb again(path, meta);
    CHECK(again.done().size() == 3);
    again.write({make_run(1, 0)});
    CHECK(again.done().size() == 4);
  }
  const ResultsDb ro = ResultsDb::open_existing(path);
  CHECK(ro.meta() == meta);
  CHECK(ro.done().size() == 4);
  ResultsDb moved = ResultsDb::open_existing(path);
  moved = ResultsDb::open_existing(path);
  CHECK(moved.done().size() == 4);

  CHECK(rows(path, "SELECT key FROM meta") ==
        std::vector<std::string>{"t:base_point", "t:build", "t:design", "t:factor_names", "t:gigaline_version",
                                 "t:kpi_names", "t:monthly_names", "t:point_values", "t:points", "t:replications",
                                 "t:schema_version", "t:sobol_rows", "t:sweep_hash", "t:sweep_name"});
  CHECK(rows(path, "SELECT point, replication, wall_s FROM timing") ==
        std::vector<std::string>{"i:0|i:0|r:0.25", "i:0|i:1|r:0.5", "i:1|i:0|r:0.25", "i:2|i:3|r:0"});
  // a row per run, month and stage; a failed run has none; a store's shares are NULL
  CHECK(one(path, "SELECT count(*) FROM stage_monthly") == "i:12");
  CHECK(rows(path, "SELECT DISTINCT point, replication FROM stage_monthly") ==
        std::vector<std::string>{"i:0|i:0", "i:0|i:1", "i:1|i:0"});
  CHECK(one(path, "SELECT busy, off, busy_share, oee, cells_out, bottleneck FROM stage_monthly WHERE point = 0 AND "
                  "replication = 1 AND month = '2025-02' AND position = 0") ==
        "r:0.51000000000000001|r:0.040000000000000001|r:0.53125|r:0.40000000000000002|r:1|i:1");
  CHECK(one(path,
            "SELECT stage, machines, busy, busy_share, oee, cells_out, bottleneck FROM stage_monthly WHERE "
            "point = 1 AND month = '2025-01' AND position = 1") == "t:formation/aging|r:0|null|null|null|r:99|i:0");
  CHECK(one(path, "SELECT value FROM meta WHERE key = 'schema_version'") == "t:2");
  fs::remove_all(dir);
}

TEST_CASE("a database of the format before stage_monthly is refused with a clear error, never read", "[quick][sweep]")
{
  const std::string dir = scratch("format1"), path = dir + "/r.sqlite";
  {
    ResultsDb db(path, make_meta());
    db.write({make_run(0, 0)});
  }
  // as gigaline wrote it before table stage_monthly
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &h) == SQLITE_OK);
  REQUIRE(sqlite3_exec(h, "UPDATE meta SET value = '1' WHERE key = 'schema_version'; DROP TABLE stage_monthly", nullptr,
                       nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(h);
  const std::string expected = "[sweep.E411] " + path +
                               ": results database of format 1 (before table stage_monthly), written by gigaline "
                               "0.1.0 (build v0.1.0-3-gabc1234); this gigaline reads and writes format 2: run the "
                               "sweep again into a new --db, or read this one with the gigaline that wrote it";
  CHECK(message_of([&] { ResultsDb again(path, make_meta()); }) == expected);                   // resume
  CHECK(message_of([&] { sweep::merge({path}, dir + "/m.sqlite"); }) == expected);              // merge
  CHECK(message_of([&] { sweep::export_csv(path, dir + "/csv"); }) == expected);                // export
  CHECK(message_of([&] { sweep::print_summary(path, {}, "", false, std::cout); }) == expected); // summary
  CHECK(!fs::exists(dir + "/m.sqlite"));
  fs::remove_all(dir);
}

TEST_CASE("factors keep their natural SQLite type and seeds keep all 64 bits", "[quick][sweep]")
{
  const std::string dir = scratch("types"), path = dir + "/r.sqlite";
  ResultsDb db(path, make_meta());
  RunRecord a = make_run(0, 0), b = make_run(1, 0);
  a.seed = std::numeric_limits<std::uint64_t>::max();
  b.seed = 1ULL << 63;
  db.write({a, b});
  CHECK(rows(path, "SELECT point, typeof(speed), typeof(label), typeof(\"on\"), speed, label, \"on\" FROM points") ==
        std::vector<std::string>{"i:0|t:real|t:text|t:integer|r:1.5|t:a,b|i:1",
                                 "i:1|t:integer|t:text|t:integer|i:2|t:plain|i:0",
                                 "i:2|t:real|t:text|t:integer|r:3.25|t:say \"hi\"|i:1"});
  CHECK(rows(path, "SELECT point, seed, speed, label, \"on\", typeof(seed) FROM runs") ==
        std::vector<std::string>{"i:0|i:-1|r:1.5|t:a,b|i:1|t:integer",
                                 "i:1|i:-9223372036854775808|i:2|t:plain|i:0|t:integer"});
  CHECK(rows(path, "SELECT gwh, oee, \"order\" FROM runs WHERE point = 0") ==
        std::vector<std::string>{"r:0|r:0.5|r:0.33333333333333331"});
  fs::remove_all(dir);
}

TEST_CASE("a database of another sweep, a foreign file or a missing one is refused", "[quick][sweep]")
{
  const std::string dir = scratch("refuse"), path = dir + "/r.sqlite";
  const SweepMeta meta = make_meta();
  {
    ResultsDb db(path, meta);
  }
  SweepMeta other = meta;
  other.sweep_name = "other";
  other.sweep_hash = "fedcba9876543210";
  CHECK(message_of([&] { ResultsDb db(path, other); }) ==
        "[sweep.E410] " + path + ": results of sweep speeds (0123456789abcdef), not of other (fedcba9876543210)");

  SweepMeta reshaped = meta;
  reshaped.gigaline_version = "0.2.0";
  reshaped.kpi_names.push_back("cost");
  CHECK(message_of([&] { ResultsDb db(path, reshaped); }) ==
        "[sweep.E416] " + path +
            ": results of sweep speeds (0123456789abcdef) with other factors, points, KPIs or monthly figures than "
            "gigaline 0.2.0 expects (written by gigaline 0.1.0)");

  const std::string text = dir + "/notes.txt";
  const std::string content = "not a database, just some text that is long enough to look like a header\n";
  std::ofstream(text) << content;
  CHECK(message_of([&] { ResultsDb db(text, meta); }) == "[sweep.E411] " + text + ": not a gigaline results database");
  CHECK(message_of([&] { ResultsDb::open_existing(text); }) ==
        "[sweep.E411] " + text + ": not a gigaline results database");
  CHECK(slurp(text) == content);

  const std::string foreign = dir + "/foreign.sqlite";
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(foreign.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE TABLE other (x)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  CHECK(message_of([&] { ResultsDb db(foreign, meta); }) ==
        "[sweep.E411] " + foreign + ": not a gigaline results database");
  CHECK(message_of([&] { ResultsDb::open_existing(foreign); }) ==
        "[sweep.E411] " + foreign + ": not a gigaline results database");
  CHECK(one(foreign, "PRAGMA journal_mode") == "t:delete"); // left as it was

  CHECK(message_of([&] { ResultsDb::open_existing(dir + "/missing.sqlite"); }) ==
        "[sweep.E412] " + dir + "/missing.sqlite: no such results database");
  CHECK(!fs::exists(dir + "/missing.sqlite"));
  fs::remove_all(dir);
}

TEST_CASE("a database of another build is refused on resume and merge unless allowed", "[quick][sweep]")
{
  const std::string dir = scratch("build"), path = dir + "/r.sqlite";
  const SweepMeta meta = make_meta(); // build v0.1.0-3-gabc1234
  {
    ResultsDb db(path, meta);
    db.write({make_run(0, 0)});
  }
  SweepMeta later = meta;
  later.build = "v0.1.0-4-gdef5678-dirty";
  CHECK(message_of([&] { ResultsDb db(path, later); }) ==
        "[sweep.E417] " + path +
            ": written by gigaline build v0.1.0-3-gabc1234, this is build v0.1.0-4-gdef5678-dirty; results of two "
            "builds may differ: use the same build, or --allow-other-build to mix them");
  {
    ResultsDb db(path, later, true); // allowed: the database keeps its creator's build
    CHECK(db.meta().build == "v0.1.0-3-gabc1234");
    db.write({make_run(0, 1)});
  }
  CHECK(ResultsDb::open_existing(path).done().size() == 2);

  const std::string other = dir + "/other.sqlite";
  {
    ResultsDb db(other, later);
    db.write({make_run(1, 0)});
  }
  CHECK(message_of([&] {
          sweep::merge({path, other}, dir + "/m.sqlite");
        }) ==
        "[sweep.E417] " + other +
            ": written by gigaline build v0.1.0-4-gdef5678-dirty, this is build v0.1.0-3-gabc1234; results of two "
            "builds may differ: use the same build, or --allow-other-build to mix them (the build of " +
            path + ")");
  CHECK(!fs::exists(dir + "/m.sqlite")); // inputs are checked before the output is created
  CHECK(sweep::merge({path, other}, dir + "/m.sqlite", true) == 3);
  CHECK(ResultsDb::open_existing(dir + "/m.sqlite").meta().build == "v0.1.0-3-gabc1234");
  // an output created by another build than the inputs'
  CHECK(message_of([&] { sweep::merge({other}, dir + "/m.sqlite"); }).rfind("[sweep.E417] " + dir + "/m.sqlite", 0) ==
        0);

  // a database from before builds were recorded
  SweepMeta old = meta;
  old.build = "";
  const std::string old_path = dir + "/old.sqlite";
  {
    ResultsDb db(old_path, old);
  }
  CHECK(message_of([&] { ResultsDb db(old_path, meta); })
            .find("written by gigaline build (not recorded), this is "
                  "build v0.1.0-3-gabc1234") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("factor, KPI and figure names must be identifiers and distinct columns", "[quick][sweep]")
{
  const std::string dir = scratch("names"), path = dir + "/r.sqlite";
  SweepMeta m = make_meta();
  m.factor_names[0] = "Speed";
  CHECK(message_of([&] { ResultsDb db(path, m); }) ==
        "[sweep.E415] factor name \"Speed\": expected an identifier ([a-z_][a-z0-9_]*)");
  m = make_meta();
  m.kpi_names[1] = "x\"; DROP TABLE runs; --";
  CHECK(message_of([&] { ResultsDb db(path, m); }) ==
        "[sweep.E415] KPI name \"x\"; DROP TABLE runs; --\": expected an identifier ([a-z_][a-z0-9_]*)");
  m = make_meta();
  m.monthly_names[0] = "";
  CHECK(message_of([&] { ResultsDb db(path, m); }) ==
        "[sweep.E415] monthly figure name \"\": expected an identifier ([a-z_][a-z0-9_]*)");
  m = make_meta();
  m.kpi_names[0] = "seed";
  CHECK(message_of([&] { ResultsDb db(path, m); }) == "[sweep.E415] KPI name \"seed\": already a column of table runs");
  m = make_meta();
  m.kpi_names[0] = "speed";
  CHECK(message_of([&] { ResultsDb db(path, m); }) ==
        "[sweep.E415] KPI name \"speed\": already a column of table runs");
  m = make_meta();
  m.point_values[1].pop_back();
  CHECK(message_of([&] { ResultsDb db(path, m); }) == "[sweep.E415] point_values[1]: 2 value(s) for 3 factor(s)");
  CHECK(!fs::exists(path));
  fs::remove_all(dir);
}

TEST_CASE("a failed run is stored with its error and NULL KPIs and an ok retry replaces it", "[quick][sweep]")
{
  const std::string dir = scratch("failed"), path = dir + "/r.sqlite";
  ResultsDb db(path, make_meta());
  RunRecord failed = make_failed(1, 2, "killed by signal 11, \"segv\"");
  failed.months = {"2025-01"};
  failed.monthly = {{5.0, 6.0}};
  db.write({failed});
  CHECK(one(path, "SELECT status, error, gwh, oee, \"order\" FROM runs") ==
        "t:failed|t:killed by signal 11, \"segv\"|null|null|null");
  CHECK(db.failed() == std::set<std::pair<int, int>>{{1, 2}});

  RunRecord retried = make_run(1, 2);
  retried.months = {"2025-02", "2025-03"};
  db.write({retried});
  CHECK(one(path, "SELECT status, error, gwh FROM runs") == "t:ok|null|r:12");
  CHECK(db.failed().empty());
  CHECK(db.done() == std::set<std::pair<int, int>>{{1, 2}});
  // the months of the failed attempt are gone
  CHECK(rows(path, "SELECT month, cells_good FROM monthly") ==
        std::vector<std::string>{"t:2025-02|r:1002", "t:2025-03|r:2002"});
  fs::remove_all(dir);
}

TEST_CASE("NaN and infinite figures are stored as NULL and exported as empty cells", "[quick][sweep]")
{
  const std::string dir = scratch("nan"), path = dir + "/r.sqlite";
  {
    ResultsDb db(path, make_meta());
    RunRecord r = make_run(0, 0);
    r.kpis = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(), -1e300 * 1e300};
    r.monthly[0][1] = std::numeric_limits<double>::quiet_NaN();
    db.write({r});
  }
  CHECK(one(path, "SELECT status, gwh, oee, \"order\" FROM runs") == "t:ok|null|null|null");
  CHECK(rows(path, "SELECT gwh FROM monthly") == std::vector<std::string>{"null", "r:0"});
  sweep::export_csv(path, dir + "/csv");
  const auto runs = parse_csv(slurp(dir + "/csv/runs.csv"));
  REQUIRE(runs.size() == 2);
  CHECK(runs[1][8] == "");
  CHECK(runs[1][9] == "");
  CHECK(runs[1][10] == "");
  fs::remove_all(dir);
}

TEST_CASE("write is one transaction and a failed write leaves the database usable", "[quick][sweep]")
{
  const std::string dir = scratch("txn"), path = dir + "/r.sqlite";
  ResultsDb db(path, make_meta());
  RunRecord twice = make_run(0, 1);
  twice.months = {"2025-01", "2025-01"}; // violates the primary key of `monthly`, after run (0, 0) was inserted
  CHECK_THROWS_AS(db.write({make_run(0, 0), twice}), InputError);
  CHECK(db.done().empty());
  CHECK(rows(path, "SELECT count(*) FROM monthly") == std::vector<std::string>{"i:0"});
  CHECK_THROWS_AS(db.write({make_run(3, 0)}), std::invalid_argument);
  RunRecord short_kpis = make_run(0, 0);
  short_kpis.kpis.pop_back();
  CHECK_THROWS_AS(db.write({short_kpis}), std::invalid_argument);
  db.write({make_run(0, 0), make_run(0, 1)});
  CHECK(db.done().size() == 2);
  fs::remove_all(dir);
}

TEST_CASE("runs committed before a SIGKILL are all in the database", "[quick][sweep]")
{
  const std::string dir = scratch("kill"), path = dir + "/r.sqlite";
  const SweepMeta meta = make_meta();
  std::vector<RunRecord> first, second;
  for (int r = 0; r < 4; ++r) {
    first.push_back(make_run(0, r));
    second.push_back(make_run(1, r));
  }
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    try {
      ResultsDb db(path, meta);
      db.write(first);
      db.write(second);
      db.write({make_failed(2, 0, "x")});
      std::raise(SIGKILL); // the connection is never closed: no checkpoint, the runs are only in the WAL
    } catch (...) {
    }
    ::_exit(3);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
  CHECK(fs::exists(path + "-wal"));

  std::set<std::pair<int, int>> expected;
  for (int r = 0; r < 4; ++r) {
    expected.emplace(0, r);
    expected.emplace(1, r);
  }
  expected.emplace(2, 0);
  CHECK(ResultsDb::open_existing(path).done() == expected);

  const std::string clean = dir + "/clean.sqlite";
  {
    ResultsDb db(clean, meta);
    db.write(first);
    db.write(second);
    db.write({make_failed(2, 0, "x")});
  }
  CHECK(rows(path, "SELECT * FROM runs") == rows(clean, "SELECT * FROM runs"));
  CHECK(rows(path, "SELECT * FROM monthly") == rows(clean, "SELECT * FROM monthly"));
  ResultsDb resumed(path, meta);
  resumed.write({make_run(2, 0)});
  CHECK(resumed.done().size() == 9);
  CHECK(resumed.failed().empty());
  fs::remove_all(dir);
}

TEST_CASE("export_csv writes points, runs and monthly figures", "[quick][sweep]")
{
  const std::string dir = scratch("csv"), path = dir + "/r.sqlite";
  {
    ResultsDb db(path, make_meta());
    RunRecord a = make_run(2, 1);
    a.seed = std::numeric_limits<std::uint64_t>::max();
    db.write({a, make_run(0, 0), make_failed(1, 3, "line 1, \"quoted\"\nline 2")});
  }
  sweep::export_csv(path, dir + "/out/csv");

  const auto points = parse_csv(slurp(dir + "/out/csv/points.csv"));
  CHECK(points == std::vector<std::vector<std::string>>{{"point", "speed", "label", "on"},
                                                        {"0", "1.5", "a,b", "true"},
                                                        {"1", "2", "plain", "false"},
                                                        {"2", "3.25", "say \"hi\"", "true"}});
  CHECK(slurp(dir + "/out/csv/points.csv").find("\"say \"\"hi\"\"\"") != std::string::npos);

  const auto runs = parse_csv(slurp(dir + "/out/csv/runs.csv"));
  REQUIRE(runs.size() == 4);
  CHECK(runs[0] == std::vector<std::string>{"point", "replication", "seed", "status", "error", "speed", "label", "on",
                                            "gwh", "oee", "order"});
  CHECK(runs[1] == std::vector<std::string>{"0", "0", "17293822569102704640", "ok", "", "1.5", "a,b", "true", "0",
                                            "0.5", "0.33333333333333331"});
  CHECK(runs[2] == std::vector<std::string>{"1", "3", "103", "failed", "line 1, \"quoted\"\nline 2", "2", "plain",
                                            "false", "", "", ""});
  CHECK(runs[3][0] == "2");
  CHECK(runs[3][2] == "18446744073709551615");
  CHECK(runs[3][8] == "21");
  CHECK(runs[3][9] == "0.51000000000000001");

  const auto monthly = parse_csv(slurp(dir + "/out/csv/monthly.csv"));
  REQUIRE(monthly.size() == 5);
  CHECK(monthly[0] == std::vector<std::string>{"point", "replication", "month", "cells_good", "gwh"});
  CHECK(monthly[1] == std::vector<std::string>{"0", "0", "2025-01", "0", "0"});
  CHECK(monthly[4] == std::vector<std::string>{"2", "1", "2025-02", "4001", "0.20000000000000001"});
  CHECK(fs::directory_iterator(dir + "/out/csv") != fs::directory_iterator());
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir + "/out/csv"))
    ++files;
  const auto stages = parse_csv(slurp(dir + "/out/csv/stage_monthly.csv"));
  REQUIRE(stages.size() == 9); // 2 ok runs x 2 months x 2 stages, in flow order
  CHECK(stages[0] == std::vector<std::string>{"point", "replication", "month", "position", "stage", "machines", "busy",
                                              "idle", "starved", "blocked", "down", "off", "busy_share", "oee",
                                              "cells_out", "scrap_found", "scrap_caused", "bottleneck"});
  CHECK(stages[1] == std::vector<std::string>{"0", "0", "2025-01", "0", "coating", "2", "0.5", "0.20000000000000001",
                                              "0.10000000000000001", "0.10000000000000001", "0.050000000000000003",
                                              "0.050000000000000003", "0.52631578947368418", "0.40000000000000002", "0",
                                              "3", "2", "1"});
  CHECK(stages[2] == std::vector<std::string>{"0", "0", "2025-01", "1", "formation/aging", "0", "", "", "", "", "", "",
                                              "", "", "99", "0", "0", "0"});
  CHECK(stages[8][0] == "2");
  CHECK(stages[8][3] == "1");
  CHECK(files == 4); // no temporary left behind
  // reading leaves nothing beside the database: the last connection to close removes the WAL files
  CHECK(!fs::exists(path + "-wal"));
  CHECK(!fs::exists(path + "-shm"));
  fs::remove_all(dir);
}

TEST_CASE("a reader beside a writing sweep leaves the writer's WAL files alone", "[quick][sweep]")
{
  const std::string dir = scratch("reader"), path = dir + "/r.sqlite";
  {
    ResultsDb db(path, make_meta());
    db.write({make_run(0, 0)});
    REQUIRE(fs::exists(path + "-wal"));
    sweep::export_csv(path, dir + "/csv"); // not the last connection: it must not checkpoint away the writer's files
    CHECK(fs::exists(path + "-wal"));
    CHECK(fs::exists(path + "-shm"));
    db.write({make_run(1, 0)}); // the writer goes on
  }
  sweep::export_csv(path, dir + "/csv");
  CHECK(parse_csv(slurp(dir + "/csv/runs.csv")).size() == 3);
  CHECK(!fs::exists(path + "-wal"));
  CHECK(!fs::exists(path + "-shm"));
  fs::remove_all(dir);
}

TEST_CASE("print_summary shows the means with 95 % intervals and ranks the points", "[quick][sweep]")
{
  const std::string dir = scratch("summary"), path = dir + "/r.sqlite";
  SweepMeta m = make_meta();
  m.replications = 3;
  {
    ResultsDb db(path, m);
    std::vector<RunRecord> runs;
    for (int r = 0; r < 3; ++r) {
      RunRecord a = make_run(0, r), b = make_run(1, r);
      a.kpis[0] = 1.0 + r;      // 1 2 3: mean 2, s 1, half-width t(2) / sqrt(3) = 2.484
      b.kpis[0] = 10.0 + 2 * r; // 10 12 14: mean 12, half-width 4.968
      runs.push_back(a);
      runs.push_back(b);
    }
    runs.push_back(make_failed(2, 0, "boom"));
    db.write(runs);
  }
  std::ostringstream out;
  sweep::print_summary(path, {"gwh"}, "gwh", false, out);
  const std::string text = out.str();
  INFO(text);
  CHECK(text.rfind("Sweep speeds (0123456789abcdef): 3 point(s) x 3 replication(s); 6 run(s) ok, 1 failed, 2 not "
                   "run\n",
                   0) == 0);
  CHECK(text.find("2.000 +/- 2.484") != std::string::npos);
  CHECK(text.find("12.00 +/- 4.97") != std::string::npos);
  CHECK(text.find("oee") == std::string::npos); // only the KPIs asked for

  auto ranking = [](const std::string& s) {
    std::vector<std::string> order;
    std::istringstream in(s.substr(s.find("Points ranked by")));
    std::string line, rank, point;
    std::getline(in, line);
    std::getline(in, line); // header
    while (std::getline(in, line)) {
      std::istringstream cells(line);
      cells >> rank >> point;
      order.push_back(rank + " " + point);
    }
    return order;
  };
  CHECK(text.find("Points ranked by gwh, highest first\n") != std::string::npos);
  CHECK(ranking(text) == std::vector<std::string>{"1 1", "2 0", "- 2"});

  // the failed point has no mean; the table's columns line up
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> table;
  while (std::getline(in, line) && line.rfind("Means", 0) != 0) {
  }
  while (std::getline(in, line) && !line.empty())
    table.push_back(line);
  REQUIRE(table.size() == 4);
  CHECK(table[0] == "  point  speed     label     on  ok  failed              gwh");
  CHECK(table[3] == "      2   3.25  say \"hi\"   true   0       1                -");
  for (const auto& row : table)
    CHECK(row.size() == table[0].size());

  std::ostringstream asc;
  sweep::print_summary(path, {}, "gwh", true, asc);
  CHECK(ranking(asc.str()) == std::vector<std::string>{"1 0", "2 1", "- 2"});
  // without --kpi: the headline KPIs among them (gwh, oee), not every KPI
  CHECK(asc.str().find("oee") != std::string::npos);
  CHECK(asc.str().find("order") == std::string::npos);
  // the base point of a one-at-a-time or grid design is labelled
  const std::string oat = dir + "/oat.sqlite";
  {
    SweepMeta mo = make_meta();
    mo.sweep_hash = "0123456789abcdee";
    mo.design = "grid";
    mo.base_point = 1;
    ResultsDb db(oat, mo);
  }
  std::ostringstream based;
  sweep::print_summary(oat, {}, "", false, based);
  CHECK(based.str().find("\n  1 (base)  ") != std::string::npos);

  CHECK(message_of([&] {
          sweep::print_summary(path, {"gwh", "cost"}, "", false, out);
        }) == "[sweep.E413] unknown KPI \"cost\"; known: gwh, oee, order");
  CHECK(message_of([&] { sweep::print_summary(path, {}, "Gwh", false, out); }) ==
        "[sweep.E413] unknown KPI \"Gwh\"; known: gwh, oee, order");
  fs::remove_all(dir);
}

TEST_CASE("merging two shards gives the rows of one database written with every run", "[quick][sweep]")
{
  const std::string dir = scratch("merge");
  const SweepMeta meta = make_meta();
  std::vector<RunRecord> all;
  for (int p = 0; p < meta.points; ++p)
    for (int r = 0; r < meta.replications; ++r)
      all.push_back(p == 1 && r == 2 ? make_failed(p, r, "boom") : make_run(p, r));
  {
    ResultsDb whole(dir + "/all.sqlite", meta), s0(dir + "/s0.sqlite", meta), s1(dir + "/s1.sqlite", meta);
    whole.write(all);
    for (const auto& r : all)
      ((r.point * meta.replications + r.replication) % 2 == 0 ? s0 : s1).write({r});
  }
  CHECK(sweep::merge({dir + "/s0.sqlite", dir + "/s1.sqlite"}, dir + "/merged.sqlite") == all.size());
  for (const char* table : {"runs", "monthly", "stage_monthly", "timing", "points", "meta"})
    CHECK(rows(dir + "/all.sqlite", std::string("SELECT * FROM ") + table) ==
          rows(dir + "/merged.sqlite", std::string("SELECT * FROM ") + table));
  // merging again changes nothing
  CHECK(sweep::merge({dir + "/s1.sqlite", dir + "/merged.sqlite"}, dir + "/merged.sqlite") == all.size());
  CHECK(rows(dir + "/all.sqlite", "SELECT * FROM monthly") == rows(dir + "/merged.sqlite", "SELECT * FROM monthly"));
  CHECK(ResultsDb::open_existing(dir + "/s0.sqlite").done().size() == all.size() / 2);

  SweepMeta other = meta;
  other.sweep_name = "other";
  other.sweep_hash = "fedcba9876543210";
  {
    ResultsDb db(dir + "/other.sqlite", other);
  }
  CHECK(message_of([&] {
          sweep::merge({dir + "/s0.sqlite", dir + "/other.sqlite"}, dir + "/bad.sqlite");
        }) == "[sweep.E414] " + dir + "/other.sqlite: results of sweep other (fedcba9876543210), not of speeds " +
                  "(0123456789abcdef) like " + dir + "/s0.sqlite");
  CHECK(!fs::exists(dir + "/bad.sqlite"));
  CHECK(message_of([&] { sweep::merge({dir + "/s0.sqlite"}, dir + "/other.sqlite"); }) ==
        "[sweep.E410] " + dir + "/other.sqlite: results of sweep other (fedcba9876543210), not of speeds " +
            "(0123456789abcdef)");
  CHECK(message_of([&] {
          sweep::merge({dir + "/s0.sqlite", dir + "/nowhere.sqlite"}, dir + "/bad.sqlite");
        }) == "[sweep.E412] " + dir + "/nowhere.sqlite: no such results database");
  fs::remove_all(dir);
}

TEST_CASE("a run in several shards is kept once and an ok row wins over a failed one", "[quick][sweep]")
{
  const std::string dir = scratch("overlap");
  const SweepMeta meta = make_meta();
  {
    ResultsDb a(dir + "/a.sqlite", meta), b(dir + "/b.sqlite", meta);
    a.write({make_failed(0, 0, "first try"), make_run(0, 1), make_failed(0, 2, "a")});
    RunRecord other_ok = make_run(0, 1);
    other_ok.kpis[0] = 99;
    b.write({make_run(0, 0), other_ok, make_failed(0, 2, "b")});
  }
  for (const auto& [first, second] : {std::pair{"a", "b"}, std::pair{"b", "a"}}) {
    const std::string out = dir + "/" + first + second + ".sqlite";
    CHECK(sweep::merge({dir + "/" + first + ".sqlite", dir + "/" + second + ".sqlite"}, out) == 3);
    CHECK(rows(out, "SELECT point, replication, status FROM runs") ==
          std::vector<std::string>{"i:0|i:0|t:ok", "i:0|i:1|t:ok", "i:0|i:2|t:failed"});
    CHECK(rows(out, "SELECT count(*) FROM monthly WHERE replication = 0") == std::vector<std::string>{"i:2"});
    CHECK(rows(out, "SELECT count(*) FROM stage_monthly WHERE replication = 0") == std::vector<std::string>{"i:4"});
    CHECK(rows(out, "SELECT count(*) FROM stage_monthly WHERE replication = 2") == std::vector<std::string>{"i:0"});
    // between two ok rows or two failed ones, the first input's stays
    CHECK(one(out, "SELECT gwh FROM runs WHERE replication = 1") == (first[0] == 'a' ? "r:1" : "r:99"));
    CHECK(one(out, "SELECT error FROM runs WHERE replication = 2") == std::string("t:") + first);
  }
  fs::remove_all(dir);
}
