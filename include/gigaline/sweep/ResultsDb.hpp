// gigaline/sweep/ResultsDb.hpp — a sweep's results in SQLite: one row per run (factor values, seed, status,
// KPIs), monthly series in a second table, written in transactions so that an interrupted sweep loses no
// finished run; and what reads them back (CSV export, per-point summary and ranking, merging shards).
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace gigaline::sweep {

/// What identifies a sweep and shapes its tables. Two databases belong to the same sweep when their
/// sweep_hash is equal.
struct SweepMeta {
  std::string sweep_name;
  std::string sweep_hash; ///< 16 hex digits: hash of the sweep file (resolved) and of its base scenario
  std::string gigaline_version;
  std::string build;    ///< git describe of the gigaline that created the database ("" in databases from before)
  int points = 0;       ///< design points, numbered 0 .. points-1
  int replications = 0; ///< replications per point, numbered 0 .. replications-1
  std::vector<std::string> factor_names;                 ///< identifiers, one column each in `runs`
  std::vector<std::vector<nlohmann::json>> point_values; ///< [point][factor]: numbers, strings or booleans
  std::vector<std::string> kpi_names;                    ///< run KPIs, one REAL column each in `runs`
  std::vector<std::string> monthly_names;                ///< monthly figures, one REAL column each in `monthly`
  /// What the analyses need (optional meta keys: a database written before them reads as "", 0, 0).
  std::string design; ///< grid, one_at_a_time, latin_hypercube or sobol ("" when unknown)
  int base_point = 0; ///< the point every other is compared with (docs/sweeps.md, "Differences from the base")
  int sobol_rows = 0; ///< N of a sobol design: point i * (k + 2) + {0: A, 1: B, 2 + j: A with B's factor j}
  bool operator==(const SweepMeta&) const = default;
  /// The index of run KPI `name` in kpi_names; [sweep.E413] naming the known KPIs when it is not one.
  [[nodiscard]] std::size_t kpi_index(const std::string& name) const;
};

/// One stage in one month of a run: the stations of that name summed over the lines (report/Stages.hpp, as the run
/// page sums them); a row of table stage_monthly.
struct StageRecord {
  std::string month; ///< "YYYY-MM"
  int position = 0;  ///< the stage's place in the flow, 0 first
  std::string stage;
  double machines = 0;            ///< over lines; 0 for an aging store
  std::array<double, 6> states{}; ///< shares of the stage's machine time: busy, idle, starved, blocked, down, off
  double busy_share = 0;          ///< busy / scheduled (not off) machine time: what ranks the bottleneck
  double oee = 0;                 ///< weighted by scheduled machine time
  double cells_out = 0, scrap_found = 0, scrap_caused = 0;
  bool bottleneck = false; ///< the month's bottleneck: the highest busy_share of the stages with machines
};

/// The columns of stage_monthly after point, replication, month, position and stage, in StageRecord's order.
const std::vector<std::string>& stage_monthly_columns();

/// The result of one run (one replication of one point).
struct RunRecord {
  int point = 0, replication = 0;
  std::uint64_t seed = 0;
  bool ok = true;
  std::string error;                        ///< why the run failed (exception message or signal), "" when ok
  double wall_s = 0;                        ///< kept in its own table: not part of the run's identity
  std::vector<double> kpis;                 ///< SweepMeta::kpi_names order; empty when failed
  std::vector<std::string> months;          ///< "YYYY-MM"
  std::vector<std::vector<double>> monthly; ///< [month][SweepMeta::monthly_names order]
  std::vector<StageRecord> stages;          ///< per month, per stage (months in order, stages in flow order)
};

/// An open results database. Tables: `meta` (key, value), `points` (point, one column per factor),
/// `runs` (point, replication, seed, status 'ok'/'failed', error, factor columns, KPI columns; primary key
/// point, replication), `monthly` (point, replication, month, figure columns; primary key point, replication,
/// month), `stage_monthly` (point, replication, month, position, stage, stage_monthly_columns(); primary key point,
/// replication, month, stage), `timing` (point, replication, wall_s). WAL journal: a run is in the file once its
/// transaction committed, whatever happens to the process after.
class ResultsDb {
public:
  /// Opens `path` for a sweep, creating the file and tables when missing. An existing database of another
  /// sweep (other sweep_hash) is refused: InputError "[sweep.E410] <path>: results of sweep <name> (<hash>),
  /// not of <name> (<hash>)"; a file that is not a gigaline results database: "[sweep.E411] ...". A database
  /// created by another build (meta.build) is refused unless allow_other_build: "[sweep.E417] <path>: written by
  /// gigaline build <stored>, this is build <meta.build>; ...". Either way the database keeps its creator's build.
  ResultsDb(const std::string& path, const SweepMeta& meta, bool allow_other_build = false);
  /// Opens an existing database read-only (export, summary); "[sweep.E412] <path>: no such results database".
  static ResultsDb open_existing(const std::string& path);
  ~ResultsDb();
  ResultsDb(ResultsDb&&) noexcept;
  ResultsDb& operator=(ResultsDb&&) noexcept;
  ResultsDb(const ResultsDb&) = delete;
  ResultsDb& operator=(const ResultsDb&) = delete;

  [[nodiscard]] const SweepMeta& meta() const { return meta_; }
  /// (point, replication) of every run already recorded, ok or failed.
  [[nodiscard]] std::set<std::pair<int, int>> done() const;
  /// (point, replication) of the runs recorded as failed.
  [[nodiscard]] std::set<std::pair<int, int>> failed() const;
  /// Records runs in one transaction (INSERT OR REPLACE: a failed run retried replaces its row).
  void write(const std::vector<RunRecord>& runs);

private:
  ResultsDb() = default;
  void close() noexcept;
  sqlite3* db_ = nullptr;
  SweepMeta meta_;
  std::string path_; ///< as given, for messages
  // Prepared by the first write() and reused by the later ones.
  sqlite3_stmt* insert_run_ = nullptr;
  sqlite3_stmt* delete_monthly_ = nullptr;
  sqlite3_stmt* insert_monthly_ = nullptr;
  sqlite3_stmt* insert_timing_ = nullptr;
  sqlite3_stmt* delete_stages_ = nullptr;
  sqlite3_stmt* insert_stage_ = nullptr;
};

/// Every run of a database as read back: what the analyses (Analysis.hpp) work on.
struct RunRow {
  int point = 0, replication = 0;
  std::uint64_t seed = 0;
  bool ok = false;
  std::vector<double> kpis; ///< SweepMeta::kpi_names order; NaN where NULL (and for failed runs)
};
struct RunTable {
  SweepMeta meta;
  std::vector<RunRow> runs; ///< ordered by point, replication
};
RunTable read_runs(const std::string& db_path);

/// Writes DIR/points.csv, DIR/runs.csv, DIR/monthly.csv and DIR/stage_monthly.csv (atomically, header row first,
/// rows ordered by point, replication, month, and stage in flow order). Numbers with 17 significant digits; factor
/// values as written in the sweep.
void export_csv(const std::string& db_path, const std::string& dir);

/// Prints per point (the base point of one-at-a-time and grid designs labelled "(base)") the factor values, runs
/// ok/failed and, for each KPI in `kpis` (when empty: those of gwh, cells_good, scrap_rate, oee and
/// cost_eur_per_kwh that have a value, or all KPIs when none has), the mean
/// over the point's ok runs with its 95 % half-width (Student t); then the points ranked by `rank_kpi`
/// (descending, or ascending when `ascending`), when it is not empty. Unknown KPI: InputError [sweep.E413]
/// listing the known ones.
void print_summary(const std::string& db_path, const std::vector<std::string>& kpis, const std::string& rank_kpi,
                   bool ascending, std::ostream& out);

/// The per-point summary as JSON, for reports: sweep, sweep_hash, gigaline_version, design, base_point, points,
/// replications,
/// runs_ok, runs_failed, runs_missing, factor_names, kpi_names and point_summaries, one object per point:
/// point, factors (values in factor_names order), ok, failed, and per KPI (kpi_names order) mean, ci95 (95 %
/// half-width, Student t; null with fewer than two ok runs) and n (ok runs with a value).
nlohmann::ordered_json summary_json(const std::string& db_path);

/// Combines shard databases into `out_path` (created, or extended when it already holds the same sweep).
/// Every input must hold the same sweep_hash: otherwise InputError "[sweep.E414] <input>: results of sweep
/// <name> (<hash>), not of <name> (<hash>) like <first input>". A run present in several inputs is kept once
/// (an ok row wins over a failed one). Inputs written by different builds, or an output created by another build
/// than the first input, are refused ([sweep.E417], naming both builds) unless allow_other_build. Returns the
/// number of runs in the result.
std::size_t merge(const std::vector<std::string>& inputs, const std::string& out_path, bool allow_other_build = false);

/// "[sweep.E417] <path>: written by gigaline build <stored>, this is build <wanted>; results of two builds may
/// differ: use the same build, or --allow-other-build to mix them"
std::string other_build_message(const std::string& path, const std::string& stored, const std::string& wanted);

} // namespace gigaline::sweep
