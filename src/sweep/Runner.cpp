// src/sweep/Runner.cpp — the sweep loop: design points, this shard's pending runs, a process pool whose results
// are committed one transaction per run, and a progress line. Workers only compute; the parent alone writes.
#include "gigaline/sweep/Runner.hpp"

#include "gigaline/core/AtomicFile.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/core/Interrupt.hpp"
#include "gigaline/core/ProcessPool.hpp"
#include "gigaline/core/Progress.hpp"
#include "gigaline/core/Random.hpp"
#include "gigaline/core/Text.hpp"
#include "gigaline/core/Version.hpp"
#include "gigaline/report/Kpis.hpp"
#include "gigaline/report/Stages.hpp"
#include "gigaline/report/Summary.hpp"
#include "gigaline/run/Replications.hpp"
#include "gigaline/scenario/Loader.hpp"
#include "gigaline/sweep/Design.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <limits>
#include <ostream>
#include <unistd.h>

namespace gigaline::sweep {

namespace {

using Clock = std::chrono::steady_clock;

/// One sweep at a time on a database: an exclusive lock on DB.lock, held while the sweep runs (the kernel drops
/// it when the process ends, however it ends). A second sweep on the same database is refused, not run twice.
class SweepLock {
public:
  explicit SweepLock(const std::string& db) : path_(db + ".lock")
  {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
      throw InputError("[io.E201] cannot write \"" + path_ + "\": " + std::strerror(errno));
    // a POSIX record lock, not flock: forked workers do not inherit it, so a sweep killed with its workers frees
    // the database as soon as the sweep process itself is gone, even while a worker is still being reaped
    struct flock whole {};
    whole.l_type = F_WRLCK;
    whole.l_whence = SEEK_SET;
    if (::fcntl(fd_, F_SETLK, &whole) != 0) {
      char pid[32] = {0};
      (void)!::pread(fd_, pid, sizeof pid - 1, 0);
      ::close(fd_);
      throw InputError("[sweep.E420] " + db + ": another gigaline sweep is writing this database (process " +
                       std::string(pid) + "); wait for it to end, or give this one another --db and merge them");
    }
    const std::string me = std::to_string(::getpid());
    (void)!::ftruncate(fd_, 0);
    (void)!::pwrite(fd_, me.data(), me.size(), 0);
  }
  ~SweepLock()
  {
    ::unlink(path_.c_str()); // while still held: a sweep waiting on it finds a fresh file
    ::close(fd_);
  }
  SweepLock(const SweepLock&) = delete;
  SweepLock& operator=(const SweepLock&) = delete;

private:
  std::string path_;
  int fd_ = -1;
};

double lookup(const report::Row& row, const std::string& name)
{
  for (const auto& [n, v] : row)
    if (n == name)
      return v;
  return std::numeric_limits<double>::quiet_NaN();
}

nlohmann::json to_plain(const scenario::Json& v)
{
  return nlohmann::json::parse(v.dump());
}

std::string encode(const RunRecord& r)
{
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& st : r.stages)
    stages.push_back({st.month, st.position, st.stage, st.machines, st.states, st.busy_share, st.oee, st.cells_out,
                      st.scrap_found, st.scrap_caused, st.bottleneck});
  nlohmann::json j = {{"seed", r.seed},     {"wall_s", r.wall_s},   {"kpis", r.kpis},
                      {"months", r.months}, {"monthly", r.monthly}, {"stages", stages}};
  return j.dump(); // NaN becomes null; doubles are written with the digits that read back to the same bits
}

std::vector<double> numbers(const nlohmann::json& a)
{
  std::vector<double> v;
  for (const auto& x : a)
    v.push_back(x.is_null() ? std::numeric_limits<double>::quiet_NaN() : x.get<double>());
  return v;
}

void decode(const std::string& text, RunRecord& r)
{
  const auto j = nlohmann::json::parse(text);
  r.seed = j.at("seed").get<std::uint64_t>();
  r.wall_s = j.at("wall_s").get<double>();
  r.kpis = numbers(j.at("kpis"));
  r.months = j.at("months").get<std::vector<std::string>>();
  for (const auto& m : j.at("monthly"))
    r.monthly.push_back(numbers(m));
  auto number = [](const nlohmann::json& x) {
    return x.is_null() ? std::numeric_limits<double>::quiet_NaN() : x.get<double>();
  };
  for (const auto& a : j.at("stages")) {
    StageRecord st;
    st.month = a.at(0).get<std::string>();
    st.position = a.at(1).get<int>();
    st.stage = a.at(2).get<std::string>();
    st.machines = number(a.at(3));
    const auto states = numbers(a.at(4));
    std::copy_n(states.begin(), std::min(states.size(), st.states.size()), st.states.begin());
    st.busy_share = number(a.at(5));
    st.oee = number(a.at(6));
    st.cells_out = number(a.at(7));
    st.scrap_found = number(a.at(8));
    st.scrap_caused = number(a.at(9));
    st.bottleneck = a.at(10).get<bool>();
    r.stages.push_back(std::move(st));
  }
}

} // namespace

const std::vector<std::string>& run_kpi_names()
{
  static const std::vector<std::string> n = report::kpi_keys(report::per_run);
  return n;
}

const std::vector<std::string>& monthly_figure_names()
{
  static const std::vector<std::string> n = report::kpi_keys(report::per_month);
  return n;
}

SweepMeta sweep_meta(const scenario::LoadedSweep& s, const std::vector<std::vector<scenario::Json>>& points)
{
  SweepMeta m;
  m.sweep_name = s.sweep.name;
  m.sweep_hash = s.hash;
  m.gigaline_version = version();
  m.build = build_id();
  m.points = static_cast<int>(points.size());
  m.replications = s.sweep.replications;
  for (const auto& f : s.sweep.factors)
    m.factor_names.push_back(f.name);
  for (const auto& p : points) {
    std::vector<nlohmann::json> row;
    for (const auto& v : p)
      row.push_back(to_plain(v));
    m.point_values.push_back(std::move(row));
  }
  m.kpi_names = run_kpi_names();
  m.monthly_names = monthly_figure_names();
  switch (s.sweep.design.kind) {
  case scenario::DesignKind::grid:
    m.design = "grid";
    break;
  case scenario::DesignKind::one_at_a_time:
    m.design = "one_at_a_time";
    break;
  case scenario::DesignKind::latin_hypercube:
    m.design = "latin_hypercube";
    break;
  case scenario::DesignKind::sobol:
    m.design = "sobol";
    m.sobol_rows = s.sweep.design.samples;
    break;
  }
  m.base_point = base_point(s, points);
  return m;
}

std::uint64_t run_seed(const scenario::Sweep& s, int point)
{
  return s.common_random_numbers ? s.seed
                                 : derive_seed(s.seed, static_cast<std::uint64_t>(point), entity_id("sweep/point"));
}

RunRecord run_one(const scenario::LoadedSweep& s, const std::vector<scenario::Json>& point, int point_index,
                  int replication)
{
  RunRecord r;
  r.point = point_index;
  r.replication = replication;
  r.seed = run_seed(s.sweep, point_index);
  // Failure injection for the tests of crash isolation: GIGALINE_SWEEP_FAULT=crash:P aborts point P's runs.
  if (const char* fault = std::getenv("GIGALINE_SWEEP_FAULT"))
    if (std::string(fault) == "crash:" + std::to_string(point_index))
      std::abort();
  auto doc = point_document(s, point);
  doc["run"]["seed"] = r.seed;
  doc["run"]["replications"] = 1;
  const auto sc = scenario::from_json(doc, s.origin + " point " + std::to_string(point_index));
  const auto result = run::run_replication(sc, replication);
  const auto k = report::compute_kpis(sc, result);
  for (const auto& name : run_kpi_names())
    r.kpis.push_back(lookup(k.totals, name));
  for (std::size_t m = 0; m < k.months.size(); ++m) {
    r.months.push_back(k.month_of[m].to_string());
    std::vector<double> row;
    for (const auto& name : monthly_figure_names())
      row.push_back(lookup(k.months[m], name));
    r.monthly.push_back(std::move(row));
  }
  // the stages month by month, summed over lines as the run page sums them, and each month's bottleneck
  const auto stages = report::stages_of(result.layout, k.station_months);
  for (std::size_t m = 0; m < k.months.size(); ++m) {
    const int bottleneck = report::bottleneck_of(stages, m);
    for (std::size_t i = 0; i < stages.size(); ++i) {
      const report::StageMonth& sm = stages[i].months[m];
      StageRecord st;
      st.month = r.months[m];
      st.position = static_cast<int>(i);
      st.stage = stages[i].name;
      st.machines = sm.machines;
      for (std::size_t j = 0; j < st.states.size(); ++j)
        st.states[j] = sm.share(j);
      st.busy_share = sm.busy_share();
      st.oee = sm.oee();
      st.cells_out = sm.out;
      st.scrap_found = sm.found;
      st.scrap_caused = sm.caused;
      st.bottleneck = bottleneck == static_cast<int>(i);
      r.stages.push_back(std::move(st));
    }
  }
  return r;
}

std::pair<int, int> parse_shard(const std::string& text)
{
  const auto slash = text.find('/');
  int i = 0, n = 0;
  bool ok = slash != std::string::npos;
  if (ok) {
    try {
      std::size_t a = 0, b = 0;
      i = std::stoi(text.substr(0, slash), &a);
      n = std::stoi(text.substr(slash + 1), &b);
      ok = a == slash && b == text.size() - slash - 1 && n >= 1 && i >= 1 && i <= n;
    } catch (const std::exception&) {
      ok = false;
    }
  }
  if (!ok)
    throw InputError("[cli.E302] --shard: expected I/N with 1 <= I <= N (e.g. 2/8), found " + text::quoted(text));
  return {i, n};
}

SweepReport run_sweep(const scenario::LoadedSweep& s, const SweepOptions& opts)
{
  const auto wall0 = Clock::now();
  const auto points = design_points(s);
  const SweepMeta meta = sweep_meta(s, points);
  if (const auto dir = std::filesystem::path(opts.db_path).parent_path(); !dir.empty())
    make_directories(dir.string());
  const SweepLock lock(opts.db_path);
  ResultsDb db(opts.db_path, meta, opts.allow_other_build);
  const auto done = db.done();
  std::vector<std::pair<int, int>> pending; // (point, replication)
  SweepReport rep;
  rep.points = points.size();
  const int reps = s.sweep.replications;
  rep.runs = points.size() * static_cast<std::size_t>(reps);
  const auto failed_before = opts.retry_failed ? db.failed() : std::set<std::pair<int, int>>{};
  for (int p = 0; p < static_cast<int>(points.size()); ++p)
    for (int r = 0; r < reps; ++r) {
      const std::size_t k = static_cast<std::size_t>(p) * static_cast<std::size_t>(reps) + static_cast<std::size_t>(r);
      if (k % static_cast<std::size_t>(opts.shards) != static_cast<std::size_t>(opts.shard - 1))
        continue;
      ++rep.shard_runs;
      if (done.count({p, r}) && !failed_before.count({p, r})) {
        ++rep.already_done;
        continue;
      }
      pending.emplace_back(p, r);
    }

  Progress progress(opts.progress, opts.progress_bar, opts.plain_every_s, rep.shard_runs);
  // SIGINT and SIGTERM stop the pool; the runs committed so far stay in the database
  const DeferInterrupts defer;
  bool completed = false;
  {
    completed = fork_each(
        pending.size(), opts.jobs,
        [&](std::size_t i) {
          const auto [p, r] = pending[i];
          const auto t0 = Clock::now();
          RunRecord rec = run_one(s, points[static_cast<std::size_t>(p)], p, r);
          rec.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
          return encode(rec);
        },
        [&](std::size_t i, TaskOutcome&& o) {
          const auto [p, r] = pending[i];
          RunRecord rec;
          rec.point = p;
          rec.replication = r;
          rec.seed = run_seed(s.sweep, p);
          if (o.ok) {
            decode(o.payload, rec);
          } else {
            rec.ok = false;
            rec.error = o.error;
            ++rep.failed;
          }
          db.write({rec});
          ++rep.ran;
          progress.update(rep.already_done + rep.ran, rep.failed);
        },
        [&] { progress.update(rep.already_done + rep.ran, rep.failed); }, [] { return interrupt_signal() != 0; });
  }
  progress.update(rep.already_done + rep.ran, rep.failed, true);
  progress.finish();
  rep.signal = interrupt_signal(); // also a signal that came after the last run: the user asked to stop
  rep.interrupted = !completed || rep.signal != 0;
  rep.wall_s = std::chrono::duration<double>(Clock::now() - wall0).count();
  return rep;
}

} // namespace gigaline::sweep
