// src/sweep/Sqlite.cpp — the SQLite plumbing of the results database (Sqlite.hpp): errors as [sweep.E41x],
// statements, binding and reading values, identifiers quoted as column names; and the shape of a sweep's tables.
#include "Sqlite.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

namespace gigaline::sweep::sql {
using nlohmann::json;

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

} // namespace gigaline::sweep::sql
