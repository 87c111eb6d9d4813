// src/sweep/Sqlite.hpp — the SQLite plumbing of the results database (internal to sweep/): errors as InputError
// [sweep.E41x], statements and connections closed by their scope, opening a database for reading.
#pragma once

#include "gigaline/core/Error.hpp"
#include "gigaline/sweep/ResultsDb.hpp"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <string>
#include <utility>
#include <vector>

namespace gigaline::sweep::sql {

[[noreturn]] void fail(sqlite3* db, const std::string& path, int rc);
/// "[sweep.E411] <path>: not a gigaline results database"
[[noreturn]] void not_ours(const std::string& path);
void exec(sqlite3* db, const std::string& path, const std::string& sql);
/// Undoes the open transaction, if any, keeping the error that brought us here.
void rollback(sqlite3* db) noexcept;
/// true on a row, false when done.
bool step(sqlite3* db, sqlite3_stmt* s, const std::string& path);
sqlite3_stmt* prepare(sqlite3* db, const std::string& path, const std::string& sql);
void bind_text(sqlite3_stmt* s, int i, const std::string& v);
/// A real, or NULL when it is not finite (SQLite has no NaN, and infinities are not figures we can average).
void bind_real(sqlite3_stmt* s, int i, double v);
/// A factor's value: a string as text, a number as a real or an integer, anything else as its JSON text.
void bind_value(sqlite3_stmt* s, int i, const nlohmann::json& v);
std::string column_text(sqlite3_stmt* s, int i);
/// A name that can be a column: lower-case letters, digits and underscores, not starting with a digit.
bool is_identifier(const std::string& s);
/// A validated identifier double-quoted (a name may still be an SQL keyword: "order", "group").
std::string quote(const std::string& id);
/// ", "a", "b"" — a column list to append after fixed columns, optionally with a type.
std::string column_list(const std::vector<std::string>& names, const std::string& type = "");
/// "?, ?, ?": n placeholders.
std::string placeholders(std::size_t n);

/// Same tables and design points: what a run row depends on besides the sweep's identity.
bool same_shape(const SweepMeta& a, const SweepMeta& b);
/// [sweep.E416]: a database of the same sweep with other factors, points, KPIs or monthly figures.
std::string other_shape_message(const std::string& path, const SweepMeta& stored, const SweepMeta& wanted);

/// A statement that lives as long as the scope that prepared it.
class Stmt {
public:
  Stmt(sqlite3* db, const std::string& path, const std::string& sql) : db_(db), path_(path), s_(prepare(db, path, sql))
  {
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  [[nodiscard]] sqlite3_stmt* get() const { return s_; }
  bool step() { return sql::step(db_, s_, path_); }

private:
  sqlite3* db_;
  std::string path_;
  sqlite3_stmt* s_;
};

/// A connection closed when it goes out of scope, unless released.
class Connection {
public:
  Connection(const std::string& path, int flags)
  {
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      const std::string msg = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close_v2(db_);
      throw InputError("[sweep.E417] " + path + ": " + msg);
    }
    // Another process writing the same file (a second sweep process, a merge) holds the lock briefly.
    sqlite3_busy_timeout(db_, 5000);
  }
  ~Connection() { sqlite3_close_v2(db_); }
  Connection(Connection&& o) noexcept : db_(std::exchange(o.db_, nullptr)) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  [[nodiscard]] sqlite3* get() const { return db_; }
  sqlite3* release() { return std::exchange(db_, nullptr); }

private:
  sqlite3* db_ = nullptr;
};

/// Opens a database for reading and returns its sweep: E412 when there is no such file.
Connection open_for_reading(const std::string& path, SweepMeta& meta);
/// The factor values of a point; E411 when the point is not one of the sweep's.
const std::vector<nlohmann::json>& factors_of(const SweepMeta& m, sqlite3_int64 point, const std::string& path);

} // namespace gigaline::sweep::sql
