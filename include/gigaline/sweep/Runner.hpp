// gigaline/sweep/Runner.hpp — runs a sweep: every (point, replication) not yet in the results database, in
// worker processes, each result committed as it arrives; shards split the runs between machines.
#pragma once

#include "gigaline/scenario/Sweep.hpp"
#include "gigaline/sweep/ResultsDb.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace gigaline::sweep {

/// The KPIs stored per run (NULL where a scenario has no such figure, e.g. cost without a cost model) and
/// the figures of the monthly series.
const std::vector<std::string>& run_kpi_names();
const std::vector<std::string>& monthly_figure_names();

/// The identity and shape of a sweep's results: its hash, factor names, points and figures.
SweepMeta sweep_meta(const scenario::LoadedSweep& s, const std::vector<std::vector<scenario::Json>>& points);

/// The scenario seed of a run: the sweep's seed with common random numbers, else derived from it and the point.
/// Replication r then draws the streams of (seed, r, entity), whatever process or shard runs it.
std::uint64_t run_seed(const scenario::Sweep& s, int point);

/// Runs one replication of one point in this process (no database): what a worker does.
RunRecord run_one(const scenario::LoadedSweep& s, const std::vector<scenario::Json>& point, int point_index,
                  int replication);

struct SweepOptions {
  std::string db_path;
  int jobs = 1;
  int shard = 1, shards = 1;      ///< this process runs the runs k (point x replications + replication) with
                                  ///< k % shards == shard - 1
  bool retry_failed = false;      ///< run again the runs recorded as failed
  bool allow_other_build = false; ///< resume a database created by another build (else [sweep.E417])
  std::ostream* progress = nullptr;
  bool progress_bar = false; ///< redraw one line (a terminal) instead of a plain line every few seconds
  double plain_every_s = 5.0;
};

struct SweepReport {
  std::size_t points = 0, runs = 0; ///< of the whole sweep
  std::size_t shard_runs = 0;       ///< runs this shard owns
  std::size_t already_done = 0;     ///< of those, found in the database
  std::size_t ran = 0, failed = 0;  ///< run now; failed among them
  double wall_s = 0;
  bool interrupted = false; ///< SIGINT or SIGTERM: finished runs are in the database, the rest is not
  int signal = 0;           ///< the signal that interrupted it (SIGINT, SIGTERM)
};

/// Runs the sweep into opts.db_path (created, or resumed when it holds the same sweep). Workers are forked
/// processes: a run that throws or crashes is recorded as failed with its error and the sweep goes on.
/// Ctrl-C (SIGINT) or SIGTERM stops the workers; what finished is kept.
SweepReport run_sweep(const scenario::LoadedSweep& s, const SweepOptions& opts);

/// Parses "I/N" (1 <= I <= N); InputError [cli.E302] otherwise.
std::pair<int, int> parse_shard(const std::string& text);

} // namespace gigaline::sweep
