// src/sweep/ResultsDb.cpp — a sweep's results in SQLite: the schema, its metadata, and the writer (WAL journal,
// one transaction per batch of runs). Export and merge are in Export.cpp, the per-point summary in Summary.cpp.
#include "gigaline/sweep/ResultsDb.hpp"

#include "gigaline/core/AtomicFile.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/core/Text.hpp"

#include "Sqlite.hpp"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <ostream>
#include <stdexcept>
#include <utility>

namespace gigaline::sweep {

namespace sql {
using nlohmann::json;

/// Bumped when the tables change shape; a database without it is not ours. 2: table stage_monthly.
constexpr const char* schema_version = "2";

} // namespace sql

namespace {
using namespace sql;
using nlohmann::json;

/// Names become columns: identifiers, and no two columns of a table alike.
void validate_meta(const SweepMeta& m)
{
  auto check = [](const std::vector<std::string>& names, const char* kind, std::vector<std::string> taken,
                  const char* table) {
    for (const auto& n : names) {
      if (!is_identifier(n))
        throw InputError(std::string("[sweep.E415] ") + kind + " name \"" + n +
                         "\": expected an identifier ([a-z_][a-z0-9_]*)");
      if (std::find(taken.begin(), taken.end(), n) != taken.end())
        throw InputError(std::string("[sweep.E415] ") + kind + " name \"" + n + "\": already a column of table " +
                         table);
      taken.push_back(n);
    }
    return taken;
  };
  const auto runs = check(m.factor_names, "factor", {"point", "replication", "seed", "status", "error"}, "runs");
  check(m.kpi_names, "KPI", runs, "runs");
  check(m.monthly_names, "monthly figure", {"point", "replication", "month"}, "monthly");
  if (m.points < 0 || m.replications < 0 || m.point_values.size() != static_cast<std::size_t>(m.points))
    throw InputError("[sweep.E415] point_values: " + std::to_string(m.point_values.size()) + " row(s) for " +
                     std::to_string(m.points) + " point(s)");
  if (m.base_point < 0 || (m.points > 0 && m.base_point >= m.points))
    throw InputError("[sweep.E415] base_point " + std::to_string(m.base_point) + " outside the " +
                     std::to_string(m.points) + " point(s)");
  for (std::size_t p = 0; p < m.point_values.size(); ++p) {
    if (m.point_values[p].size() != m.factor_names.size())
      throw InputError("[sweep.E415] point_values[" + std::to_string(p) +
                       "]: " + std::to_string(m.point_values[p].size()) + " value(s) for " +
                       std::to_string(m.factor_names.size()) + " factor(s)");
    for (std::size_t f = 0; f < m.factor_names.size(); ++f) {
      const json& v = m.point_values[p][f];
      if (!(v.is_boolean() || v.is_string() || (v.is_number() && std::isfinite(v.get<double>()))))
        throw InputError("[sweep.E415] point_values[" + std::to_string(p) + "][" + std::to_string(f) +
                         "]: expected a finite number, a string or a boolean, found " + v.dump());
    }
  }
}

bool has_table(sqlite3* db, const std::string& path, const std::string& name)
{
  Stmt s(db, path, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  bind_text(s.get(), 1, name);
  return s.step();
}

bool has_any_table(sqlite3* db, const std::string& path)
{
  Stmt s(db, path, "SELECT 1 FROM sqlite_master WHERE type = 'table'");
  return s.step();
}

/// The sweep a database belongs to; E411 when it has no meta table or an incomplete one.
SweepMeta read_meta(sqlite3* db, const std::string& path)
{
  if (!has_table(db, path, "meta"))
    not_ours(path);
  std::map<std::string, std::string> kv;
  {
    Stmt s(db, path, "SELECT key, value FROM meta");
    while (s.step())
      kv[column_text(s.get(), 0)] = column_text(s.get(), 1);
  }
  for (const char* key : {"schema_version", "sweep_name", "sweep_hash", "gigaline_version", "points", "replications",
                          "factor_names", "kpi_names", "monthly_names", "point_values"})
    if (kv.count(key) == 0)
      not_ours(path);
  if (kv["schema_version"] != schema_version)
    throw InputError("[sweep.E411] " + path + ": results database of format " + kv["schema_version"] +
                     (kv["schema_version"] == "1" ? " (before table stage_monthly)" : "") + ", written by gigaline " +
                     kv["gigaline_version"] +
                     (kv.count("build") && !kv["build"].empty() ? " (build " + kv["build"] + ")" : "") +
                     "; this gigaline reads and writes format " + schema_version +
                     ": run the sweep again into a new --db, or read this one with the gigaline that wrote it");
  SweepMeta m;
  try {
    m.sweep_name = kv["sweep_name"];
    m.sweep_hash = kv["sweep_hash"];
    m.gigaline_version = kv["gigaline_version"];
    m.build = kv["build"]; // "" in a database from before builds were recorded
    m.points = std::stoi(kv["points"]);
    m.replications = std::stoi(kv["replications"]);
    m.factor_names = json::parse(kv["factor_names"]).get<std::vector<std::string>>();
    m.kpi_names = json::parse(kv["kpi_names"]).get<std::vector<std::string>>();
    m.monthly_names = json::parse(kv["monthly_names"]).get<std::vector<std::string>>();
    m.point_values = json::parse(kv["point_values"]).get<std::vector<std::vector<json>>>();
    if (kv.count("design"))
      m.design = kv["design"];
    if (kv.count("base_point"))
      m.base_point = std::stoi(kv["base_point"]);
    if (kv.count("sobol_rows"))
      m.sobol_rows = std::stoi(kv["sobol_rows"]);
    validate_meta(m);
  } catch (const std::exception&) {
    not_ours(path);
  }
  return m;
}

void create_tables(sqlite3* db, const std::string& path, const SweepMeta& m)
{
  const std::string factors = column_list(m.factor_names); // no type: values keep the type they were bound with
  exec(db, path, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  exec(db, path, "CREATE TABLE points (point INTEGER PRIMARY KEY" + factors + ")");
  exec(db, path,
       "CREATE TABLE runs (point INTEGER NOT NULL, replication INTEGER NOT NULL, seed INTEGER NOT NULL, "
       "status TEXT NOT NULL CHECK (status IN ('ok', 'failed')), error TEXT" +
           factors + column_list(m.kpi_names, "REAL") + ", PRIMARY KEY (point, replication))");
  exec(db, path,
       "CREATE TABLE monthly (point INTEGER NOT NULL, replication INTEGER NOT NULL, month TEXT NOT NULL" +
           column_list(m.monthly_names, "REAL") + ", PRIMARY KEY (point, replication, month))");
  exec(db, path,
       "CREATE TABLE timing (point INTEGER NOT NULL, replication INTEGER NOT NULL, wall_s REAL, "
       "PRIMARY KEY (point, replication))");
  // figures REAL, the bottleneck flag INTEGER 0/1; WITHOUT ROWID: the rows are stored in their key's order, with no
  // second copy of the key in an index
  std::string stage_columns;
  for (const auto& n : stage_monthly_columns())
    stage_columns += ", " + quote(n) + (n == "bottleneck" ? " INTEGER NOT NULL" : " REAL");
  exec(db, path,
       "CREATE TABLE stage_monthly (point INTEGER NOT NULL, replication INTEGER NOT NULL, month TEXT NOT NULL, "
       "position INTEGER NOT NULL, stage TEXT NOT NULL" +
           stage_columns + ", PRIMARY KEY (point, replication, month, position)) WITHOUT ROWID");

  Stmt meta(db, path, "INSERT INTO meta (key, value) VALUES (?1, ?2)");
  const std::vector<std::pair<std::string, std::string>> kv = {{"schema_version", schema_version},
                                                               {"sweep_name", m.sweep_name},
                                                               {"sweep_hash", m.sweep_hash},
                                                               {"gigaline_version", m.gigaline_version},
                                                               {"build", m.build},
                                                               {"points", std::to_string(m.points)},
                                                               {"replications", std::to_string(m.replications)},
                                                               {"factor_names", json(m.factor_names).dump()},
                                                               {"kpi_names", json(m.kpi_names).dump()},
                                                               {"monthly_names", json(m.monthly_names).dump()},
                                                               {"point_values", json(m.point_values).dump()},
                                                               {"design", m.design},
                                                               {"base_point", std::to_string(m.base_point)},
                                                               {"sobol_rows", std::to_string(m.sobol_rows)}};
  for (const auto& [k, v] : kv) {
    bind_text(meta.get(), 1, k);
    bind_text(meta.get(), 2, v);
    meta.step();
    sqlite3_reset(meta.get());
  }
  Stmt point(db, path, "INSERT INTO points VALUES (" + placeholders(m.factor_names.size() + 1) + ")");
  for (std::size_t p = 0; p < m.point_values.size(); ++p) {
    sqlite3_bind_int64(point.get(), 1, static_cast<sqlite3_int64>(p));
    for (std::size_t f = 0; f < m.factor_names.size(); ++f)
      bind_value(point.get(), static_cast<int>(f) + 2, m.point_values[p][f]);
    point.step();
    sqlite3_reset(point.get());
  }
}

} // namespace

namespace sql {
/// Opens a database for reading and returns its sweep: E412 when there is no such file.
Connection open_for_reading(const std::string& path, SweepMeta& meta)
{
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError("[sweep.E412] " + path + ": no such results database");
  // read-write but query_only: the last connection to close a WAL database removes its -wal and -shm files, which
  // a read-only one cannot do (they stayed beside the database after `sweep summary`); a file the user cannot
  // write is still opened, read-only, by SQLite
  Connection c(path, SQLITE_OPEN_READWRITE);
  exec(c.get(), path, "PRAGMA query_only=1");
  exec(c.get(), path, "BEGIN");
  try {
    meta = read_meta(c.get(), path);
    exec(c.get(), path, "COMMIT");
  } catch (...) {
    rollback(c.get());
    throw;
  }
  return c;
}

const std::vector<json>& factors_of(const SweepMeta& m, sqlite3_int64 point, const std::string& path)
{
  if (point < 0 || point >= m.points)
    not_ours(path);
  return m.point_values[static_cast<std::size_t>(point)];
}

} // namespace sql

std::size_t SweepMeta::kpi_index(const std::string& name) const
{
  const auto it = std::find(kpi_names.begin(), kpi_names.end(), name);
  if (it == kpi_names.end()) {
    std::string known;
    for (const auto& k : kpi_names)
      known += (known.empty() ? "" : ", ") + k;
    throw InputError("[sweep.E413] unknown KPI " + gigaline::text::quoted(name) + "; known: " + known);
  }
  return static_cast<std::size_t>(it - kpi_names.begin());
}

// ---- ResultsDb -------------------------------------------------------------------------------------------

const std::vector<std::string>& stage_monthly_columns()
{
  static const std::vector<std::string> n = {"machines",    "busy",         "idle",       "starved", "blocked",
                                             "down",        "off",          "busy_share", "oee",     "cells_out",
                                             "scrap_found", "scrap_caused", "bottleneck"};
  return n;
}

std::string other_build_message(const std::string& path, const std::string& stored, const std::string& wanted)
{
  const auto name = [](const std::string& b) { return b.empty() ? std::string("(not recorded)") : b; };
  return "[sweep.E417] " + path + ": written by gigaline build " + name(stored) + ", this is build " + name(wanted) +
         "; results of two builds may differ: use the same build, or --allow-other-build to mix them";
}

ResultsDb::ResultsDb(const std::string& path, const SweepMeta& meta, bool allow_other_build) : meta_(meta), path_(path)
{
  validate_meta(meta);
  Connection c(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3* db = c.get();
  exec(db, path,
       "PRAGMA synchronous=NORMAL"); // with WAL: a commit survives the process, not a power cut (docs/sweeps.md)
  // IMMEDIATE: two processes creating the same file do not both create the tables. Not WAL yet: a foreign
  // database must be refused before we change its journal mode.
  exec(db, path, "BEGIN IMMEDIATE");
  try {
    if (has_table(db, path, "meta")) {
      const SweepMeta stored = read_meta(db, path);
      if (stored.sweep_hash != meta.sweep_hash)
        throw InputError("[sweep.E410] " + path + ": results of sweep " + stored.sweep_name + " (" + stored.sweep_hash +
                         "), not of " + meta.sweep_name + " (" + meta.sweep_hash + ")");
      if (!sql::same_shape(stored, meta))
        throw InputError(sql::other_shape_message(path, stored, meta));
      if (stored.build != meta.build && !allow_other_build)
        throw InputError(other_build_message(path, stored.build, meta.build));
      meta_ = stored;
    } else {
      if (has_any_table(db, path))
        not_ours(path);
      create_tables(db, path, meta);
    }
    exec(db, path, "COMMIT");
  } catch (...) {
    rollback(db);
    throw;
  }
  exec(db, path, "PRAGMA journal_mode=WAL");
  db_ = c.release();
}

ResultsDb ResultsDb::open_existing(const std::string& path)
{
  ResultsDb r;
  r.path_ = path;
  r.db_ = open_for_reading(path, r.meta_).release();
  return r;
}

void ResultsDb::close() noexcept
{
  for (sqlite3_stmt** s :
       {&insert_run_, &delete_monthly_, &insert_monthly_, &insert_timing_, &delete_stages_, &insert_stage_}) {
    sqlite3_finalize(*s);
    *s = nullptr;
  }
  sqlite3_close_v2(db_);
  db_ = nullptr;
}

ResultsDb::~ResultsDb()
{
  close();
}

ResultsDb::ResultsDb(ResultsDb&& o) noexcept
    : db_(std::exchange(o.db_, nullptr)), meta_(std::move(o.meta_)), path_(std::move(o.path_)),
      insert_run_(std::exchange(o.insert_run_, nullptr)), delete_monthly_(std::exchange(o.delete_monthly_, nullptr)),
      insert_monthly_(std::exchange(o.insert_monthly_, nullptr)),
      insert_timing_(std::exchange(o.insert_timing_, nullptr)),
      delete_stages_(std::exchange(o.delete_stages_, nullptr)), insert_stage_(std::exchange(o.insert_stage_, nullptr))
{
}

ResultsDb& ResultsDb::operator=(ResultsDb&& o) noexcept
{
  if (this != &o) {
    close();
    db_ = std::exchange(o.db_, nullptr);
    meta_ = std::move(o.meta_);
    path_ = std::move(o.path_);
    insert_run_ = std::exchange(o.insert_run_, nullptr);
    delete_monthly_ = std::exchange(o.delete_monthly_, nullptr);
    insert_monthly_ = std::exchange(o.insert_monthly_, nullptr);
    insert_timing_ = std::exchange(o.insert_timing_, nullptr);
    delete_stages_ = std::exchange(o.delete_stages_, nullptr);
    insert_stage_ = std::exchange(o.insert_stage_, nullptr);
  }
  return *this;
}

std::set<std::pair<int, int>> ResultsDb::done() const
{
  std::set<std::pair<int, int>> out;
  Stmt s(db_, path_, "SELECT point, replication FROM runs");
  while (s.step())
    out.emplace(sqlite3_column_int(s.get(), 0), sqlite3_column_int(s.get(), 1));
  return out;
}

std::set<std::pair<int, int>> ResultsDb::failed() const
{
  std::set<std::pair<int, int>> out;
  Stmt s(db_, path_, "SELECT point, replication FROM runs WHERE status = 'failed'");
  while (s.step())
    out.emplace(sqlite3_column_int(s.get(), 0), sqlite3_column_int(s.get(), 1));
  return out;
}

void ResultsDb::write(const std::vector<RunRecord>& runs)
{
  const auto& m = meta_;
  for (const auto& r : runs) {
    const std::string which =
        "ResultsDb::write: run (" + std::to_string(r.point) + ", " + std::to_string(r.replication) + ")";
    if (r.point < 0 || r.point >= m.points || r.replication < 0 || r.replication >= m.replications)
      throw std::invalid_argument(which + " is outside the sweep's " + std::to_string(m.points) + " point(s) x " +
                                  std::to_string(m.replications) + " replication(s)");
    if (r.ok && r.kpis.size() != m.kpi_names.size())
      throw std::invalid_argument(which + " has " + std::to_string(r.kpis.size()) + " KPI(s), the sweep " +
                                  std::to_string(m.kpi_names.size()));
    if (r.monthly.size() != r.months.size())
      throw std::invalid_argument(which + " has " + std::to_string(r.monthly.size()) + " monthly row(s) for " +
                                  std::to_string(r.months.size()) + " month(s)");
    for (const auto& row : r.monthly)
      if (row.size() != m.monthly_names.size())
        throw std::invalid_argument(which + " has a monthly row of " + std::to_string(row.size()) +
                                    " figure(s), the sweep " + std::to_string(m.monthly_names.size()));
  }
  if (runs.empty())
    return;
  if (insert_run_ == nullptr) {
    const std::size_t run_columns = 5 + m.factor_names.size() + m.kpi_names.size();
    insert_run_ =
        prepare(db_, path_,
                "INSERT OR REPLACE INTO runs (point, replication, seed, status, error" + column_list(m.factor_names) +
                    column_list(m.kpi_names) + ") VALUES (" + placeholders(run_columns) + ")");
    delete_monthly_ = prepare(db_, path_, "DELETE FROM monthly WHERE point = ?1 AND replication = ?2");
    insert_monthly_ = prepare(db_, path_,
                              "INSERT INTO monthly (point, replication, month" + column_list(m.monthly_names) +
                                  ") VALUES (" + placeholders(3 + m.monthly_names.size()) + ")");
    insert_timing_ =
        prepare(db_, path_, "INSERT OR REPLACE INTO timing (point, replication, wall_s) VALUES (?1, ?2, ?3)");
    delete_stages_ = prepare(db_, path_, "DELETE FROM stage_monthly WHERE point = ?1 AND replication = ?2");
    insert_stage_ = prepare(db_, path_,
                            "INSERT INTO stage_monthly (point, replication, month, position, stage" +
                                column_list(stage_monthly_columns()) + ") VALUES (" +
                                placeholders(5 + stage_monthly_columns().size()) + ")");
  }
  auto run = [&](sqlite3_stmt* s) {
    step(db_, s, path_);
    sqlite3_reset(s);
  };
  exec(db_, path_, "BEGIN IMMEDIATE");
  try {
    for (const auto& r : runs) {
      sqlite3_stmt* s = insert_run_;
      sqlite3_bind_int(s, 1, r.point);
      sqlite3_bind_int(s, 2, r.replication);
      sqlite3_bind_int64(s, 3, static_cast<sqlite3_int64>(r.seed)); // the bit pattern: seeds use all 64 bits
      bind_text(s, 4, r.ok ? "ok" : "failed");
      if (r.ok && r.error.empty())
        sqlite3_bind_null(s, 5);
      else
        bind_text(s, 5, r.error);
      int col = 6;
      for (const auto& v : m.point_values[static_cast<std::size_t>(r.point)])
        bind_value(s, col++, v);
      for (std::size_t k = 0; k < m.kpi_names.size(); ++k, ++col)
        if (r.ok)
          bind_real(s, col, r.kpis[k]);
        else
          sqlite3_bind_null(s, col);
      run(s);

      // a retried run brings its own months: none of the earlier attempt may stay
      sqlite3_bind_int(delete_monthly_, 1, r.point);
      sqlite3_bind_int(delete_monthly_, 2, r.replication);
      run(delete_monthly_);
      for (std::size_t mo = 0; mo < r.months.size(); ++mo) {
        sqlite3_bind_int(insert_monthly_, 1, r.point);
        sqlite3_bind_int(insert_monthly_, 2, r.replication);
        bind_text(insert_monthly_, 3, r.months[mo]);
        for (std::size_t k = 0; k < m.monthly_names.size(); ++k)
          bind_real(insert_monthly_, static_cast<int>(k) + 4, r.monthly[mo][k]);
        run(insert_monthly_);
      }

      // and its stages, in the same transaction: a run is in the database whole or not at all
      sqlite3_bind_int(delete_stages_, 1, r.point);
      sqlite3_bind_int(delete_stages_, 2, r.replication);
      run(delete_stages_);
      for (const auto& st : r.stages) {
        sqlite3_stmt* ins = insert_stage_;
        sqlite3_bind_int(ins, 1, r.point);
        sqlite3_bind_int(ins, 2, r.replication);
        bind_text(ins, 3, st.month);
        sqlite3_bind_int(ins, 4, st.position);
        bind_text(ins, 5, st.stage);
        int c = 6;
        bind_real(ins, c++, st.machines);
        for (double v : st.states)
          bind_real(ins, c++, v);
        for (double v : {st.busy_share, st.oee, st.cells_out, st.scrap_found, st.scrap_caused})
          bind_real(ins, c++, v);
        sqlite3_bind_int(ins, c, st.bottleneck ? 1 : 0);
        run(ins);
      }

      sqlite3_bind_int(insert_timing_, 1, r.point);
      sqlite3_bind_int(insert_timing_, 2, r.replication);
      bind_real(insert_timing_, 3, r.wall_s);
      run(insert_timing_);
    }
    exec(db_, path_, "COMMIT");
  } catch (...) {
    for (sqlite3_stmt* s :
         {insert_run_, delete_monthly_, insert_monthly_, insert_timing_, delete_stages_, insert_stage_})
      sqlite3_reset(s);
    rollback(db_);
    throw;
  }
}

} // namespace gigaline::sweep
