// src/sweep/ResultsDb.cpp — a sweep's results in SQLite (WAL journal, one transaction per batch of runs) and
// what reads them back: CSV export, merge of shard databases (the per-point summary is in Summary.cpp).
#include "gigaline/sweep/ResultsDb.hpp"

#include "gigaline/core/AtomicFile.hpp"
#include "gigaline/core/Error.hpp"

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

[[noreturn]] void fail(sqlite3* db, const std::string& path, int rc)
{
  if ((rc & 0xff) == SQLITE_NOTADB)
    throw InputError("[sweep.E411] " + path + ": not a gigaline results database");
  throw InputError("[sweep.E417] " + path + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

[[noreturn]] void not_ours(const std::string& path)
{
  throw InputError("[sweep.E411] " + path + ": not a gigaline results database");
}

void exec(sqlite3* db, const std::string& path, const std::string& sql)
{
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    fail(db, path, rc);
}

/// Undoes the open transaction, if any, keeping the error that brought us here.
void rollback(sqlite3* db) noexcept
{
  if (sqlite3_get_autocommit(db) == 0)
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}

/// true on a row, false when done.
bool step(sqlite3* db, sqlite3_stmt* s, const std::string& path)
{
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW)
    return true;
  if (rc == SQLITE_DONE)
    return false;
  fail(db, path, rc);
}

sqlite3_stmt* prepare(sqlite3* db, const std::string& path, const std::string& sql)
{
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &s, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(s);
    fail(db, path, rc);
  }
  return s;
}

void bind_text(sqlite3_stmt* s, int i, const std::string& v)
{
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

/// SQLite has no NaN (it would turn it into NULL anyway) and infinities are not figures we can average.
void bind_real(sqlite3_stmt* s, int i, double v)
{
  if (std::isfinite(v))
    sqlite3_bind_double(s, i, v);
  else
    sqlite3_bind_null(s, i);
}

/// A factor value with its natural SQLite type: booleans as INTEGER 0/1.
void bind_value(sqlite3_stmt* s, int i, const json& v)
{
  if (v.is_boolean())
    sqlite3_bind_int(s, i, v.get<bool>() ? 1 : 0);
  else if (v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
    sqlite3_bind_double(s, i, v.get<double>());
  else if (v.is_number_integer())
    sqlite3_bind_int64(s, i, v.get<std::int64_t>());
  else if (v.is_number())
    sqlite3_bind_double(s, i, v.get<double>());
  else
    bind_text(s, i, v.get<std::string>());
}

std::string column_text(sqlite3_stmt* s, int i)
{
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
  return p != nullptr ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, i))) : std::string();
}

bool is_identifier(const std::string& s)
{
  auto lower = [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  return !s.empty() && lower(s[0]) && std::all_of(s.begin(), s.end(), [&](char c) { return lower(c) || digit(c); });
}

/// Names are validated identifiers, but a name may still be an SQL keyword ("order", "group").
std::string quote(const std::string& id)
{
  std::string q = "\"";
  for (char c : id)
    q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

/// ", "a", "b"" — a column list to append after fixed columns, optionally with a type.
std::string column_list(const std::vector<std::string>& names, const std::string& type)
{
  std::string out;
  for (const auto& n : names)
    out += ", " + quote(n) + (type.empty() ? "" : " " + type);
  return out;
}

std::string placeholders(std::size_t n)
{
  std::string out;
  for (std::size_t k = 0; k < n; ++k)
    out += k == 0 ? "?" : ", ?";
  return out;
}

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

/// Same tables and design points: what a run row depends on besides the sweep's identity.
bool same_shape(const SweepMeta& a, const SweepMeta& b)
{
  return a.points == b.points && a.replications == b.replications && a.factor_names == b.factor_names &&
         a.point_values == b.point_values && a.kpi_names == b.kpi_names && a.monthly_names == b.monthly_names;
}

std::string other_shape_message(const std::string& path, const SweepMeta& stored, const SweepMeta& wanted)
{
  return "[sweep.E416] " + path + ": results of sweep " + stored.sweep_name + " (" + stored.sweep_hash +
         ") with other factors, points, KPIs or monthly figures than gigaline " + wanted.gigaline_version +
         " expects (written by gigaline " + stored.gigaline_version + ")";
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

// ---- CSV -------------------------------------------------------------------------------------------------

std::string csv_field(const std::string& s)
{
  if (s.find_first_of(",\"\n\r") == std::string::npos)
    return s;
  std::string q = "\"";
  for (char c : s)
    q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string csv_real(double v)
{
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

/// A factor value as the sweep wrote it: booleans true/false, integers without a decimal point.
std::string csv_value(const json& v)
{
  if (v.is_boolean())
    return v.get<bool>() ? "true" : "false";
  if (v.is_number_unsigned())
    return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_integer())
    return std::to_string(v.get<std::int64_t>());
  if (v.is_number())
    return csv_real(v.get<double>());
  return csv_field(v.get<std::string>());
}

/// A cell of a REAL column; NULL (a NaN or infinite figure) is an empty cell.
std::string csv_cell(sqlite3_stmt* s, int i)
{
  switch (sqlite3_column_type(s, i)) {
  case SQLITE_NULL:
    return "";
  case SQLITE_INTEGER:
    return std::to_string(sqlite3_column_int64(s, i));
  case SQLITE_FLOAT:
    return csv_real(sqlite3_column_double(s, i));
  default:
    return csv_field(column_text(s, i));
  }
}

std::string csv_header(std::vector<std::string> fixed, const std::vector<std::string>& a,
                       const std::vector<std::string>& b = {})
{
  fixed.insert(fixed.end(), a.begin(), a.end());
  fixed.insert(fixed.end(), b.begin(), b.end());
  std::string out;
  for (std::size_t k = 0; k < fixed.size(); ++k)
    out += (k == 0 ? "" : ",") + fixed[k];
  return out + "\n";
}

/// "file:<path>?mode=ro" with the characters URIs reserve escaped.
std::string read_only_uri(const std::string& path)
{
  std::string out = "file:";
  for (unsigned char c : path) {
    if (std::isalnum(c) != 0 || c == '/' || c == '.' || c == '_' || c == '-' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out + "?mode=ro";
}

} // namespace

namespace sql {
/// Opens a database for reading and returns its sweep: E412 when there is no such file.
Connection open_for_reading(const std::string& path, SweepMeta& meta)
{
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError("[sweep.E412] " + path + ": no such results database");
  Connection c(path, SQLITE_OPEN_READONLY);
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
      if (!same_shape(stored, meta))
        throw InputError(other_shape_message(path, stored, meta));
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

// ---- readers ---------------------------------------------------------------------------------------------

void export_csv(const std::string& db_path, const std::string& dir)
{
  SweepMeta m;
  Connection c = open_for_reading(db_path, m);
  sqlite3* db = c.get();
  std::string points = csv_header({"point"}, m.factor_names);
  for (std::size_t p = 0; p < m.point_values.size(); ++p) {
    points += std::to_string(p);
    for (const auto& v : m.point_values[p])
      points += "," + csv_value(v);
    points += "\n";
  }

  std::string runs = csv_header({"point", "replication", "seed", "status", "error"}, m.factor_names, m.kpi_names);
  std::string monthly = csv_header({"point", "replication", "month"}, m.monthly_names);
  std::string stages = csv_header({"point", "replication", "month", "position", "stage"}, stage_monthly_columns());
  exec(db, db_path, "BEGIN"); // one snapshot for every file, even while a sweep is writing
  try {
    Stmt s(db, db_path,
           "SELECT point, replication, seed, status, error" + column_list(m.kpi_names) +
               " FROM runs ORDER BY point, replication");
    while (s.step()) {
      const sqlite3_int64 point = sqlite3_column_int64(s.get(), 0);
      runs += std::to_string(point) + "," + std::to_string(sqlite3_column_int64(s.get(), 1)) + "," +
              std::to_string(static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 2))) + "," +
              csv_field(column_text(s.get(), 3)) + "," + csv_field(column_text(s.get(), 4));
      for (const auto& v : factors_of(m, point, db_path))
        runs += "," + csv_value(v);
      for (std::size_t k = 0; k < m.kpi_names.size(); ++k)
        runs += "," + csv_cell(s.get(), static_cast<int>(k) + 5);
      runs += "\n";
    }
    Stmt mo(db, db_path,
            "SELECT point, replication, month" + column_list(m.monthly_names) +
                " FROM monthly ORDER BY point, replication, month");
    while (mo.step()) {
      monthly += std::to_string(sqlite3_column_int64(mo.get(), 0)) + "," +
                 std::to_string(sqlite3_column_int64(mo.get(), 1)) + "," + csv_field(column_text(mo.get(), 2));
      for (std::size_t k = 0; k < m.monthly_names.size(); ++k)
        monthly += "," + csv_cell(mo.get(), static_cast<int>(k) + 3);
      monthly += "\n";
    }
    const auto& sc = stage_monthly_columns();
    Stmt st(db, db_path,
            "SELECT point, replication, month, position, stage" + column_list(sc) +
                " FROM stage_monthly ORDER BY point, replication, month, position");
    while (st.step()) {
      stages += std::to_string(sqlite3_column_int64(st.get(), 0)) + "," +
                std::to_string(sqlite3_column_int64(st.get(), 1)) + "," + csv_field(column_text(st.get(), 2)) + "," +
                std::to_string(sqlite3_column_int64(st.get(), 3)) + "," + csv_field(column_text(st.get(), 4));
      for (std::size_t k = 0; k < sc.size(); ++k)
        stages += "," + csv_cell(st.get(), static_cast<int>(k) + 5);
      stages += "\n";
    }
    exec(db, db_path, "COMMIT");
  } catch (...) {
    rollback(db);
    throw;
  }
  make_directories(dir);
  write_file_atomic(dir + "/points.csv", points);
  write_file_atomic(dir + "/runs.csv", runs);
  write_file_atomic(dir + "/monthly.csv", monthly);
  write_file_atomic(dir + "/stage_monthly.csv", stages);
}

std::size_t merge(const std::vector<std::string>& inputs, const std::string& out_path, bool allow_other_build)
{
  if (inputs.empty())
    throw std::invalid_argument("merge: no input database");
  // reading a WAL database makes SQLite create DB-wal and DB-shm beside it: those merge made (and left empty)
  // are removed at the end, so the shards' folder looks as it did
  std::vector<std::string> made_by_us;
  for (const auto& in : inputs)
    for (const char* suffix : {"-wal", "-shm"})
      if (std::error_code ec; !std::filesystem::exists(in + suffix, ec))
        made_by_us.push_back(in + suffix);
  struct Tidy {
    const std::vector<std::string>& files;
    ~Tidy()
    {
      for (const auto& f : files)
        if (std::error_code ec;
            std::filesystem::is_regular_file(f, ec) && (f.ends_with("-shm") || std::filesystem::file_size(f, ec) == 0))
          std::filesystem::remove(f, ec);
    }
  } tidy{made_by_us};
  // every input is checked before the output is touched
  std::vector<SweepMeta> metas;
  for (const auto& in : inputs) {
    SweepMeta m;
    open_for_reading(in, m);
    const SweepMeta& first = metas.empty() ? m : metas[0];
    if (m.sweep_hash != first.sweep_hash)
      throw InputError("[sweep.E414] " + in + ": results of sweep " + m.sweep_name + " (" + m.sweep_hash +
                       "), not of " + first.sweep_name + " (" + first.sweep_hash + ") like " + inputs[0]);
    if (!same_shape(m, first))
      throw InputError(other_shape_message(in, m, first));
    if (m.build != first.build && !allow_other_build)
      throw InputError(other_build_message(in, m.build, first.build) + " (the build of " + inputs[0] + ")");
    metas.push_back(std::move(m));
  }
  {
    ResultsDb created(out_path, metas[0], allow_other_build);
  } // creates the tables, or refuses a database of another sweep (or of another build)

  const SweepMeta& m = metas[0];
  const std::string runs_cols =
      "point, replication, seed, status, error" + column_list(m.factor_names) + column_list(m.kpi_names);
  const std::string monthly_cols = "point, replication, month" + column_list(m.monthly_names);
  const std::string stage_cols = "point, replication, month, position, stage" + column_list(stage_monthly_columns());
  const std::string taken = "(point, replication) IN (SELECT point, replication FROM temp.taken)";
  Connection c(out_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI);
  sqlite3* db = c.get();
  exec(db, out_path, "PRAGMA synchronous=NORMAL");
  for (const auto& in : inputs) {
    std::error_code ec;
    if (std::filesystem::equivalent(in, out_path, ec))
      continue;
    {
      Stmt attach(db, out_path, "ATTACH DATABASE ?1 AS src");
      bind_text(attach.get(), 1, read_only_uri(in));
      attach.step();
    }
    try {
      exec(db, out_path, "BEGIN IMMEDIATE");
      // an input's run is taken unless the output has it already, ok, or the input's is failed
      exec(db, out_path,
           "CREATE TEMP TABLE taken AS SELECT point, replication FROM src.runs s WHERE NOT EXISTS "
           "(SELECT 1 FROM main.runs o WHERE o.point = s.point AND o.replication = s.replication "
           "AND (o.status = 'ok' OR s.status = 'failed'))");
      exec(db, out_path,
           "INSERT OR REPLACE INTO main.runs (" + runs_cols + ") SELECT " + runs_cols + " FROM src.runs WHERE " +
               taken);
      exec(db, out_path, "DELETE FROM main.monthly WHERE " + taken);
      exec(db, out_path,
           "INSERT INTO main.monthly (" + monthly_cols + ") SELECT " + monthly_cols + " FROM src.monthly WHERE " +
               taken);
      exec(db, out_path, "DELETE FROM main.stage_monthly WHERE " + taken);
      exec(db, out_path,
           "INSERT INTO main.stage_monthly (" + stage_cols + ") SELECT " + stage_cols +
               " FROM src.stage_monthly WHERE " + taken);
      exec(db, out_path,
           "INSERT OR REPLACE INTO main.timing (point, replication, wall_s) SELECT point, replication, wall_s "
           "FROM src.timing WHERE " +
               taken);
      exec(db, out_path, "DROP TABLE temp.taken");
      exec(db, out_path, "COMMIT");
    } catch (...) {
      rollback(db);
      sqlite3_exec(db, "DETACH DATABASE src", nullptr, nullptr, nullptr);
      throw;
    }
    exec(db, out_path, "DETACH DATABASE src");
  }
  Stmt count(db, out_path, "SELECT count(*) FROM runs");
  count.step();
  return static_cast<std::size_t>(sqlite3_column_int64(count.get(), 0));
}

} // namespace gigaline::sweep
