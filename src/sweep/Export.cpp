// src/sweep/Export.cpp — what reads a results database back whole: the CSV export of every table, and the merge
// of shard databases into one (runs checked against the sweep, a missing run named).
#include "gigaline/core/AtomicFile.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/sweep/ResultsDb.hpp"

#include "Sqlite.hpp"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <ostream>
#include <stdexcept>

namespace gigaline::sweep {

namespace {
using namespace sql;
using nlohmann::json;

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

/// "file:<path>" with the characters URIs reserve escaped.
std::string file_uri(const std::string& path)
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
  return out;
}

} // namespace

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
      // attached with the connection's flags (read-write, never created) and only read: detaching the last
      // connection to a WAL shard removes its -wal and -shm, as open_for_reading's query_only connections do
      Stmt attach(db, out_path, "ATTACH DATABASE ?1 AS src");
      bind_text(attach.get(), 1, file_uri(in));
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
