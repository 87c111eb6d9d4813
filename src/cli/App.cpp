// src/cli/App.cpp — the gigaline command line on CLI11. Thin by design: each command parses its
// arguments, calls one layer, prints, and maps exceptions to exit codes.
#include "gigaline/cli/App.hpp"

#include "gigaline/calibrate/Calibrate.hpp"
#include "gigaline/core/AtomicFile.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/core/Interrupt.hpp"
#include "gigaline/core/Progress.hpp"
#include "gigaline/core/Version.hpp"
#include "gigaline/engine/EngineInfo.hpp"
#include "gigaline/forecast/Forecast.hpp"
#include "gigaline/regress/Baseline.hpp"
#include "gigaline/report/Html.hpp"
#include "gigaline/report/Region.hpp"
#include "gigaline/report/Summary.hpp"
#include "gigaline/report/SummaryBuilder.hpp"
#include "gigaline/run/Replications.hpp"
#include "gigaline/scenario/Loader.hpp"
#include "gigaline/scenario/Region.hpp"
#include "gigaline/scenario/Sweep.hpp"
#include "gigaline/sweep/Analysis.hpp"
#include "gigaline/sweep/Curves.hpp"
#include "gigaline/sweep/Design.hpp"
#include "gigaline/sweep/ResultsDb.hpp"
#include "gigaline/sweep/Runner.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <unistd.h>

namespace gigaline::cli {

namespace {

std::string report_seconds(double s)
{
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

struct RunArgs {
  std::string file;
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;
  std::optional<int> replications;
  std::string out_dir;
  std::string report; ///< HTML report to write, "" for none
  bool json = false;
  int jobs = 1;
  bool quiet = false;
};

/// The run's replications, `jobs` at a time, folded into a summary as they come (memory does not grow with
/// replications), with a progress line on stderr unless quiet.
report::Summary run_summary(const scenario::Scenario& s, int jobs, bool quiet, std::ostream& err,
                            report::KeepPerReplication keep, const std::string& label)
{
  report::SummaryBuilder builder(s, keep);
  Progress progress(quiet ? nullptr : &err, ::isatty(STDERR_FILENO) != 0, 5.0,
                    static_cast<std::size_t>(s.run.replications), label, "replications", false);
  run::for_each_replication(
      s, jobs, [&](const run::ReplicationResult& r) { return report::SummaryBuilder::pack(s, r); },
      [&](std::string&& packed) { builder.add_packed(packed); },
      [&](int done) { progress.update(static_cast<std::size_t>(done)); });
  progress.finish();
  return builder.finish();
}

/// Edit distance (insertions, deletions, substitutions, adjacent swaps) between two short words.
std::size_t edit_distance(const std::string& a, const std::string& b)
{
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

/// The closest of `names` to `word` when it is a likely typo (at most 2 edits, fewer than half its letters).
std::string closest(const std::string& word, const std::vector<std::string>& names)
{
  std::string best;
  std::size_t best_d = 3;
  for (const auto& n : names) {
    const std::size_t d = edit_distance(word, n);
    if (d < best_d && 2 * d < std::max<std::size_t>(word.size(), 2)) {
      best = n;
      best_d = d;
    }
  }
  return best;
}

/// "did you mean" lines for a command line CLI11 refused: a mistyped command, or an option that the command
/// (or the program) does not have but one close to it.
std::string did_you_mean(CLI::App& app, int argc, const char* const* argv)
{
  std::vector<CLI::App*> chain{&app};
  std::string hints;
  auto names_of = [](const CLI::App* a) {
    std::vector<std::string> names;
    for (const CLI::Option* o : a->get_options())
      for (const auto& l : o->get_lnames())
        names.push_back("--" + l);
    return names;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--", 0) == 0) {
      const std::string name = arg.substr(0, arg.find('='));
      bool known = false;
      for (const CLI::App* a : chain)
        for (const auto& n : names_of(a))
          known = known || n == name;
      if (known)
        continue;
      std::vector<std::string> names;
      for (const CLI::App* a : chain)
        for (auto& n : names_of(a))
          names.push_back(std::move(n));
      if (const auto c = closest(name, names); !c.empty())
        hints += "gigaline: did you mean " + c + " instead of " + name + "?\n";
      continue;
    }
    if (arg.empty() || arg[0] == '-')
      continue;
    // a word: a subcommand of the command so far, or (as the first word) a mistyped command
    const auto subs = chain.back()->get_subcommands([&](CLI::App* a) { return a->check_name(arg); });
    if (!subs.empty()) {
      chain.push_back(subs.front());
      continue;
    }
    if (chain.size() == 1 && i == 1) {
      std::vector<std::string> commands;
      for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
        commands.push_back(sub->get_name());
      if (const auto c = closest(arg, commands); !c.empty())
        hints += "gigaline: did you mean the command " + c + " instead of " + arg + "?\n";
    }
  }
  return hints;
}

/// Checks where results will go before anything is simulated: --out must be a folder (created now), a page's
/// path not a folder. [cli.E306] naming the option, exit 2.
void check_outputs(const std::string& out_dir, const std::string& report, const std::vector<std::string>& writes)
{
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!out_dir.empty()) {
    if (fs::exists(out_dir, ec) && !fs::is_directory(out_dir, ec))
      throw InputError("[cli.E306] --out " + out_dir + ": expected a folder for the results, found a file");
    make_directories(out_dir);
    if (::access(out_dir.c_str(), W_OK) != 0)
      throw InputError("[cli.E306] --out " + out_dir + ": the folder is not writable");
    // a folder holding another kind of result set (a run's, a forecast's): writing this one would replace its
    // manifest and leave the other files unlisted, so that neither set could be read
    std::string others;
    for (const auto& f : listed_files(out_dir).value_or(std::vector<ListedFile>{}))
      if (std::find(writes.begin(), writes.end(), f.name) == writes.end())
        others += (others.empty() ? "" : ", ") + f.name;
    if (!others.empty())
      throw InputError("[cli.E306] --out " + out_dir + ": the folder holds other results (" + others +
                       ", listed in its manifest.json) that this command would leave unlisted; give another folder");
  }
  if (!report.empty()) {
    if (fs::is_directory(report, ec))
      throw InputError("[cli.E306] --report " + report + ": expected the path of an HTML file, found a folder");
    if (const auto dir = fs::path(report).parent_path(); !dir.empty())
      make_directories(dir.string());
  }
}

/// A --set whose parent object the file does not have creates it: say so, since a typo in the path then adds a
/// section instead of changing one (--set /ramp_up/time/tau_days on a plant that learns by experience).
void note_created(const std::string& file, const std::vector<std::string>& sets, std::ostream& err)
{
  for (const auto& [path, parent] : scenario::overrides_creating(file, sets))
    err << "note: --set " << path << " creates " << parent << ", which " << file << " does not have\n";
}

std::vector<std::string> run_overrides(const RunArgs& a)
{
  std::vector<std::string> sets = a.sets;
  if (a.seed)
    sets.push_back("/run/seed=" + std::to_string(*a.seed));
  if (a.replications)
    sets.push_back("/run/replications=" + std::to_string(*a.replications));
  return sets;
}

void print_valid_scenario(const std::string& f, const scenario::Scenario& s, std::ostream& out)
{
  std::size_t stages = 0;
  for (const auto& l : s.lines)
    stages += l.stages.size();
  out << f << ": valid (" << s.lines.size() << " line(s), " << stages << " stage(s), "
      << scenario::format_number(s.calendar.horizon_days) << " days from " << s.calendar.start_date.to_string()
      << ")\n";
}

bool is_sweep_file(const std::string& path)
{
  try {
    return scenario::is_sweep_document(scenario::parse_json(scenario::read_text_file(path), path));
  } catch (const ValidationError&) {
    return false;
  }
}

struct SweepArgs {
  std::string file, db, shard = "1/1", csv_dir, rank, out_db, report_out;
  std::vector<std::string> sets, kpis, inputs;
  int jobs = 1;
  bool retry_failed = false, ascending = false, quiet = false, vs_base = false, sensitivity = false, bottleneck = false,
       allow_other_build = false;
};

int cmd_sweep(const SweepArgs& a, std::ostream& out, std::ostream& err)
{
  if (a.file.empty())
    throw InputError("[cli.E303] sweep: expected a sweep file (gigaline sweep FILE --db results.sqlite) or one of "
                     "export, summary, report, merge");
  if (a.db.empty())
    throw InputError("[cli.E304] sweep: --db is required (the SQLite file that holds the results)");
  const auto s = scenario::load_sweep_file(a.file, a.sets);
  if (const auto dir = std::filesystem::path(a.db).parent_path(); !dir.empty())
    make_directories(dir.string());
  sweep::SweepOptions o;
  o.db_path = a.db;
  o.jobs = a.jobs;
  std::tie(o.shard, o.shards) = sweep::parse_shard(a.shard);
  o.retry_failed = a.retry_failed;
  o.allow_other_build = a.allow_other_build;
  o.progress = a.quiet ? nullptr : &err;
  o.progress_bar = ::isatty(STDERR_FILENO) != 0;
  const auto r = sweep::run_sweep(s, o);
  out << "gigaline sweep: " << s.sweep.name << ", " << r.points << " point(s) x " << s.sweep.replications
      << " replication(s) = " << r.runs << " run(s)";
  if (o.shards > 1)
    out << "; shard " << o.shard << "/" << o.shards << " owns " << r.shard_runs;
  out << "\n  already in " << a.db << ": " << r.already_done << "; run now: " << r.ran << " (" << r.failed
      << " failed) in " << report_seconds(r.wall_s) << " s with " << o.jobs << " job(s)\n";
  if (r.interrupted) {
    out << "  interrupted: the finished runs are in " << a.db << "; run the same command again to go on\n";
    err << interrupted_message(r.signal) << "\n";
    return interrupted_exit_code(r.signal);
  }
  out << "results: " << a.db << " (gigaline sweep summary " << a.db << "; gigaline sweep export " << a.db
      << " --csv DIR)\n";
  return ok;
}

struct RegressArgs {
  std::string file, out_file, baseline, junit, mode;
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;
  std::optional<int> replications;
  int jobs = 1;
  bool quiet = false;
};

std::optional<regress::Mode> parse_mode(const std::string& m)
{
  if (m.empty())
    return std::nullopt;
  if (m == "exact")
    return regress::Mode::exact;
  if (m == "statistical")
    return regress::Mode::statistical;
  throw InputError("[cli.E305] --mode: expected exact or statistical, found \"" + m + "\"");
}

int cmd_baseline(const RegressArgs& a, std::ostream& out, std::ostream& err)
{
  std::vector<std::string> sets = a.sets;
  if (a.seed)
    sets.push_back("/run/seed=" + std::to_string(*a.seed));
  if (a.replications)
    sets.push_back("/run/replications=" + std::to_string(*a.replications));
  const auto s = scenario::load_scenario_file(a.file, sets);
  auto b =
      regress::from_summary(s, run_summary(s, a.jobs, a.quiet, err, report::KeepPerReplication::months, "baseline"));
  if (const auto m = parse_mode(a.mode))
    b.mode = *m;
  if (const auto dir = std::filesystem::path(a.out_file).parent_path(); !dir.empty())
    make_directories(dir.string());
  write_file_atomic(a.out_file, regress::to_json(b).dump(1) + "\n");
  out << "baseline of " << s.name << " (" << b.months.size() << " months x " << regress::curve_metrics().size()
      << " curves, " << b.replications << " replication(s), seed " << b.seed << ", scenario " << b.scenario_hash
      << "): " << a.out_file << "\n";
  return ok;
}

int cmd_check(const RegressArgs& a, std::ostream& out, std::ostream& err)
{
  const auto t0 = std::chrono::steady_clock::now();
  const auto base = regress::read_baseline(a.baseline);
  // the baseline's seed and replications, unless the command line says otherwise
  std::vector<std::string> sets = a.sets;
  sets.push_back("/run/seed=" + std::to_string(a.seed.value_or(base.seed)));
  sets.push_back("/run/replications=" + std::to_string(a.replications.value_or(base.replications)));
  const auto s = scenario::load_scenario_file(a.file, sets);
  const auto mode = parse_mode(a.mode).value_or(base.mode);
  const auto now =
      regress::from_summary(s, run_summary(s, a.jobs, a.quiet, err, report::KeepPerReplication::months, "check"));
  const auto r = regress::compare(base, now, mode);
  regress::print_check(r, out);
  if (!a.junit.empty()) {
    if (const auto dir = std::filesystem::path(a.junit).parent_path(); !dir.empty())
      make_directories(dir.string());
    write_file_atomic(
        a.junit, regress::junit_xml(r, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()));
  }
  return r.passed() ? ok : check_failed;
}

int cmd_validate(const std::vector<std::string>& files, const std::vector<std::string>& sets, std::ostream& out,
                 std::ostream& err)
{
  int status = ok;
  for (const auto& f : files) {
    try {
      if (is_sweep_file(f)) {
        const auto sw = scenario::load_sweep_file(f, sets);
        const auto points = sweep::design_points(sw).size();
        out << f << ": valid sweep (" << points << " point(s) x " << sw.sweep.replications
            << " replication(s) = " << points * static_cast<std::size_t>(sw.sweep.replications) << " run(s) of "
            << sw.base_path << ")\n";
      } else if (scenario::is_region_file(f)) {
        const auto r = scenario::load_region_file(f, sets);
        out << f << ": valid region (" << r.plants.size() << " plant(s) to " << r.region.region.end_date.to_string()
            << ")\n";
        for (const auto& p : r.plants) {
          out << "  ";
          print_valid_scenario(p.path, p.scenario, out);
        }
      } else {
        print_valid_scenario(f, scenario::load_scenario_file(f, sets), out);
      }
    } catch (const InputError& e) {
      err << e.what() << "\n";
      status = invalid_input;
    }
  }
  return status;
}

int cmd_schema(bool markdown, bool region, bool sweep_format, const std::string& out_file, std::ostream& out)
{
  std::string text;
  if (sweep_format)
    text = markdown ? scenario::sweep_reference_markdown() : scenario::sweep_schema().dump(2) + "\n";
  else if (region)
    text = markdown ? scenario::region_reference_markdown() : scenario::region_schema().dump(2) + "\n";
  else
    text = markdown ? scenario::scenario_reference_markdown() : scenario::scenario_schema().dump(2) + "\n";
  if (out_file.empty())
    out << text;
  else
    write_file_atomic(out_file, text);
  return ok;
}

/// Writes an HTML report atomically, creating its folder.
void write_report(const std::string& path, const std::string& html)
{
  if (const auto dir = std::filesystem::path(path).parent_path(); !dir.empty())
    make_directories(dir.string());
  write_file_atomic(path, html);
}

/// The output files of one scenario run (docs/outputs.md), written into `dir` as one set (manifest.json last).
/// The files of a run's result set (write_run_outputs).
const std::vector<std::string> run_files = {"summary.json", "monthly.csv", "stations.csv", "stations_monthly.csv",
                                            "lines_monthly.csv"};

void write_run_outputs(const report::Summary& sum, const std::string& dir)
{
  write_result_set(dir, {{"summary.json", report::to_json(sum).dump(2) + "\n"},
                         {"monthly.csv", report::monthly_csv(sum)},
                         {"stations.csv", report::stations_csv(sum)},
                         {"stations_monthly.csv", report::stations_monthly_csv(sum)},
                         {"lines_monthly.csv", report::lines_monthly_csv(sum)}});
}

int cmd_run_region(const RunArgs& a, std::ostream& out, std::ostream& err)
{
  const auto region = scenario::load_region_file(a.file, run_overrides(a));
  // Chart.js is read before the run (a missing install fails in a second, not after the simulation), and before
  // the output folders are made (a failed command leaves nothing behind)
  const std::string chartjs = a.report.empty() ? std::string() : report::chartjs();
  check_outputs(a.out_dir, a.report, {"monthly.csv", "summary.json"});
  std::vector<report::Summary> plants;
  for (const auto& p : region.plants)
    plants.push_back(
        run_summary(p.scenario, a.jobs, a.quiet, err, report::KeepPerReplication::months, "run " + p.scenario.name));
  const report::RegionSummary sum = report::combine_region(region, std::move(plants));
  if (!a.report.empty())
    write_report(a.report, report::region_report_html(sum, chartjs));
  const std::string summary_text = report::to_json(sum).dump(2) + "\n";
  if (!a.out_dir.empty()) {
    begin_result_set(a.out_dir); // the region's manifest goes first and comes back last, after every plant's
    for (const auto& p : sum.plants)
      write_run_outputs(p.summary, a.out_dir + "/" + p.name);
    write_result_set(a.out_dir, {{"monthly.csv", report::region_monthly_csv(sum)}, {"summary.json", summary_text}});
  }
  if (a.json) {
    out << summary_text;
    return ok;
  }
  const auto& r = region.region;
  out << "gigaline run: region " << r.name << ", " << region.plants.size() << " plant(s), " << r.run.replications
      << " replication(s), seed " << r.run.seed << ", to " << r.region.end_date.to_string() << "\n\n";
  report::print_region_table(sum, out);
  out << "\nengine: " << sum.events << " events in " << report_seconds(sum.wall_s) << " s\n";
  if (!a.out_dir.empty()) {
    out << "results: " << a.out_dir << "/summary.json, " << a.out_dir << "/monthly.csv, and each plant's outputs in";
    for (const auto& p : sum.plants)
      out << " " << a.out_dir << "/" << p.name << "/";
    out << " (see docs/outputs.md)\n";
  }
  if (!a.report.empty())
    out << "report: " << a.report << " (the region's page; gigaline report DIR/<plant name> draws a plant's)\n";
  return ok;
}

int cmd_run(const RunArgs& a, std::ostream& out, std::ostream& err)
{
  if (scenario::is_region_file(a.file))
    return cmd_run_region(a, out, err);
  note_created(a.file, a.sets, err);
  const auto s = scenario::load_scenario_file(a.file, run_overrides(a));
  // Chart.js is read before the run (a missing install fails in a second, not after the simulation), and before
  // the output folders are made (a failed command leaves nothing behind)
  const std::string chartjs = a.report.empty() ? std::string() : report::chartjs();
  check_outputs(a.out_dir, a.report, run_files); // before the simulation: a wrong path fails in a second
  const report::Summary sum = run_summary(s, a.jobs, a.quiet, err, report::KeepPerReplication::totals, "run");
  if (!a.out_dir.empty())
    write_run_outputs(sum, a.out_dir);
  if (!a.report.empty()) {
    const report::RunReportInput in{report::to_json(sum), report::stations_monthly_csv(sum), a.file};
    write_report(a.report, report::run_report_html(in, chartjs));
  }
  if (a.json) {
    out << report::to_json(sum).dump(2) << "\n";
    if (!a.report.empty())
      err << "report: " << a.report << "\n"; // stdout holds the JSON alone
    return ok;
  }
  out << "gigaline run: " << s.name << ", " << s.run.replications << " replication(s), seed " << s.run.seed << ", "
      << scenario::format_number(s.calendar.horizon_days) << " days from " << s.calendar.start_date.to_string()
      << "\n\n";
  report::print_kpi_table(sum, out);
  out << "\nengine: " << sum.events << " events in " << report_seconds(sum.wall_s) << " s\n";
  if (!a.out_dir.empty())
    out << "results: " << a.out_dir << "/summary.json, " << a.out_dir << "/monthly.csv, " << a.out_dir
        << "/stations.csv, " << a.out_dir << "/stations_monthly.csv, " << a.out_dir
        << "/lines_monthly.csv (see docs/outputs.md)\n";
  if (!a.report.empty())
    out << "report: " << a.report << "\n";
  return ok;
}

int cmd_report(const std::string& dir, std::string out_file, std::ostream& out)
{
  if (out_file.empty())
    out_file = dir + "/report.html";
  const auto in = report::read_results_dir(dir);
  write_report(out_file, report::run_report_html(in, report::chartjs()));
  out << "report: " << out_file << "\n";
  return ok;
}

int cmd_sweep_report(const SweepArgs& a, std::ostream& out)
{
  report::SweepReportOptions o;
  if (!a.rank.empty())
    o.rank_kpi = a.rank;
  o.ascending = a.ascending;
  auto summary = sweep::summary_json(a.db);
  summary["analysis"] = sweep::analysis_json(a.db);
  summary["curves"] = sweep::curves_json(a.db, o.rank_kpi, o.ascending);
  write_report(a.report_out, report::sweep_report_html(summary, o, report::chartjs()));
  out << "report: " << a.report_out << "\n";
  return ok;
}

struct CalibrateArgs {
  std::string file, out_file;
  std::vector<std::string> sets;
  int jobs = 2;
  std::optional<int> replications, max_iterations;
  bool leave_one_out = false, quiet = false;
};

int cmd_calibrate(const CalibrateArgs& a, std::ostream& out)
{
  const auto doc = scenario::load_scenario_document(a.file, a.sets);
  calibrate::Options o;
  o.jobs = a.jobs;
  o.replications = a.replications;
  o.max_iterations = a.max_iterations;
  o.progress = a.quiet ? nullptr : &out;
  const auto r = calibrate::calibrate(doc, a.file, o);
  calibrate::print_result(r, out);
  if (a.leave_one_out)
    calibrate::print_leave_one_out(calibrate::leave_one_out(doc, a.file, o, r), out);
  if (!a.out_file.empty()) {
    write_file_atomic(a.out_file, r.calibrated.dump(2) + "\n");
    out << "\ncalibrated scenario: " << a.out_file << "\n";
  }
  return ok;
}

struct ForecastArgs {
  std::string file, out_dir, report;
  std::vector<std::string> sets, targets, what_if;
  int jobs = 2, draws = 200, replications = 4;
  bool quiet = false;
};

int cmd_forecast(const ForecastArgs& a, std::ostream& out, std::ostream& err)
{
  const bool region = scenario::is_region_file(a.file);
  if (!region)
    note_created(a.file, a.sets, err);
  const auto doc = region ? scenario::Json() : scenario::load_scenario_document(a.file, a.sets);
  const std::string chartjs = a.report.empty() ? std::string() : report::chartjs(); // before making folders
  check_outputs(a.out_dir, a.report, {"forecast.json", "forecast_monthly.csv"});
  forecast::Options o;
  o.draws = a.draws;
  o.replications = a.replications;
  o.jobs = a.jobs;
  o.targets = a.targets;
  o.what_if = a.what_if;
  o.progress = a.quiet ? nullptr : &err;
  o.progress_bar = ::isatty(STDERR_FILENO) != 0;
  for (const auto& t : a.targets)
    (void)forecast::parse_target(t); // a malformed target stops before any run
  const auto r = region ? forecast::forecast_region(scenario::load_region_file(a.file, a.sets), o)
                        : forecast::forecast(doc, a.file, o);
  forecast::print(r, out);
  if (!a.out_dir.empty()) {
    write_result_set(a.out_dir, {{"forecast.json", forecast::to_json(r).dump(2) + "\n"},
                                 {"forecast_monthly.csv", forecast::monthly_csv(r)}});
    out << "results: " << a.out_dir << "/forecast.json, " << a.out_dir
        << "/forecast_monthly.csv (see docs/outputs.md)\n";
  }
  if (!a.report.empty()) {
    write_report(a.report, report::forecast_report_html(forecast::to_json(r), chartjs));
    out << "report: " << a.report << "\n";
  }
  return ok;
}

} // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err)
{
  CLI::App app{"gigaline: discrete-event simulator of lithium-ion battery gigafactory cell lines", "gigaline"};
  app.footer("Examples:\n  gigaline run scenarios/aesc_douai.json --out results/aesc\n"
             "  gigaline validate scenarios/*.json\n\nExit codes: 0 ok, 1 check failed, 2 invalid input, "
             "3 internal error, 130 / 143 interrupted by SIGINT / SIGTERM.");
  app.require_subcommand(0, 1);
  bool show_version = false;
  app.add_flag("--version", show_version,
               "Print the version and build (git describe) of gigaline, SimGrid's version and the compiler");

  std::vector<std::string> validate_files, validate_sets;
  auto* validate = app.add_subcommand(
      "validate", "Check scenario and region files (with their plants); print every error with its JSON pointer");
  validate->add_option("files", validate_files, "Scenario or region files")->required();
  validate->add_option("--set", validate_sets, "Override PATH=VALUE (JSON pointer, JSON value) before validation");
  validate->footer("Example:\n  gigaline validate scenarios/aesc_douai.json scenarios/bench/tandem4.json");

  bool markdown = false, region_schema = false, sweep_schema = false;
  std::string schema_out;
  auto* schema = app.add_subcommand("schema", "Print the JSON Schema (draft 2020-12) of scenario files");
  schema->add_flag("--markdown", markdown, "Print the Markdown reference of the format instead");
  schema->add_flag("--region", region_schema, "The format of region files instead of scenario files");
  schema->add_flag("--sweep", sweep_schema, "The format of sweep files instead of scenario files");
  schema->add_option("--out", schema_out, "Write to this file (atomically) instead of stdout");
  schema->footer("Example:\n  gigaline schema --out docs/scenario.schema.json\n"
                 "  gigaline schema --region --out docs/region.schema.json");

  RunArgs run_args;
  auto* runc = app.add_subcommand(
      "run", "Simulate a scenario, or every plant of a region file; print the KPI table and write results");
  runc->add_option("file", run_args.file, "Scenario or region file")->required();
  runc->add_option("--set", run_args.sets, "Override PATH=VALUE (JSON pointer, JSON value), repeatable");
  runc->add_option("--seed", run_args.seed, "Seed (overrides /run/seed)")
      ->check(CLI::NonNegativeNumber); // "-1" wrapped to 2^64 - 1 in the unsigned option
  runc->add_option("--replications", run_args.replications, "Replications (overrides /run/replications)");
  runc->add_option(
      "--out", run_args.out_dir,
      "Directory for summary.json, monthly.csv, stations.csv, stations_monthly.csv, lines_monthly.csv (a region: its "
      "summary.json and monthly.csv, and each plant's files in DIR/<plant name>/)");
  runc->add_option("--report", run_args.report,
                   "Write a self-contained HTML report here (ramp-up, scrap, OEE, observations, energy, KPIs; a "
                   "region: the plants together, their milestones and the years against the targets)");
  runc->add_flag("--json", run_args.json, "Print summary.json on stdout instead of the KPI table");
  runc->add_option("--jobs", run_args.jobs, "Worker processes running replications (the same results for any N)")
      ->check(CLI::Range(1, 256));
  runc->add_flag("--quiet", run_args.quiet, "No progress line on stderr");
  runc->footer(
      "Example:\n  gigaline run scenarios/aesc_douai.json --replications 4 --set /run/seed=7 --out results/aesc\n"
      "  gigaline run scenarios/aesc_douai.json --out results/aesc --report results/aesc/report.html\n"
      "  gigaline run scenarios/battery_valley.json --replications 4 --out results/battery_valley");

  std::string report_dir, report_out;
  auto* reportc = app.add_subcommand(
      "report", "Write the HTML report of a run's results (the summary.json and CSV files of gigaline run --out DIR)");
  reportc->add_option("dir", report_dir, "Results folder of gigaline run --out")->required();
  reportc->add_option("--out", report_out, "HTML file to write (default DIR/report.html)");
  reportc->footer("Example:\n  gigaline report results/aesc --out results/aesc/report.html");

  CalibrateArgs cal;
  auto* calc = app.add_subcommand("calibrate", "Fit calibration.parameters to the observations (least squares)");
  calc->add_option("file", cal.file, "Scenario file")->required();
  calc->add_option("--set", cal.sets, "Override PATH=VALUE before fitting, repeatable");
  calc->add_option("--out", cal.out_file, "Write the calibrated scenario here (atomically)");
  calc->add_option("--jobs", cal.jobs, "Worker processes")->check(CLI::Range(1, 256));
  calc->add_option("--replications", cal.replications, "Replications per evaluation")->check(CLI::Range(1, 10000));
  calc->add_option("--max-iterations", cal.max_iterations, "Iteration limit")->check(CLI::Range(1, 10000));
  calc->add_flag("--quiet", cal.quiet, "No line per iteration");
  calc->add_flag("--leave-one-out", cal.leave_one_out,
                 "Then refit without each fitted observation and predict it (one more fit per observation)");
  calc->footer("Example:\n  gigaline calibrate scenarios/aesc_douai.json --jobs 2 --out aesc_calibrated.json");

  ForecastArgs fc;
  auto* forc = app.add_subcommand(
      "forecast", "Forecast with parameter uncertainty: K parameter draws (from the calibration's posterior, or the "
                  "parameters' ranges) x R replications; monthly quantiles, milestones, target probabilities");
  forc->add_option("file", fc.file,
                   "Scenario file (with /calibration/parameters), or a region file: each plant forecast on its own, "
                   "the runs added up")
      ->required();
  forc->add_option("--set", fc.sets, "Override PATH=VALUE before forecasting, repeatable");
  forc->add_option("--draws", fc.draws, "Parameter draws (default 200)")->check(CLI::Range(1, 100000));
  forc->add_option("--replications", fc.replications, "Replications per draw (default 4)")->check(CLI::Range(1, 10000));
  forc->add_option("--jobs", fc.jobs, "Worker processes")->check(CLI::Range(1, 256));
  forc->add_flag("--quiet", fc.quiet, "No progress line on stderr");
  forc->add_option("--target", fc.targets, "A target to give the probability of, e.g. gwh_cumulative>=5@2026-12-31");
  forc->add_option("--what-if", fc.what_if,
                   "PATH=VALUE of an alternative run on the same draws and seeds (repeatable: applied together; "
                   "a PATH that is a drawn parameter fixes it to VALUE in the alternative)");
  forc->add_option("--out", fc.out_dir, "Directory for forecast.json and forecast_monthly.csv");
  forc->add_option("--report", fc.report, "Write the forecast's HTML page (milestones, targets, fan charts) here");
  forc->footer("Example:\n  gigaline forecast scenarios/aesc_douai.json --draws 200 --target "
               "gwh_cumulative>=1@2026-12-31 --what-if /workforce/experts/2/date=2026-03-01 --out results/fc");

  RegressArgs reg;
  auto* basec = app.add_subcommand(
      "baseline", "Record a scenario's monthly ramp-up curves (mean, 95 % band, each replication) for `check`");
  basec->add_option("file", reg.file, "Scenario file")->required();
  basec->add_option("--out", reg.out_file, "Baseline file to write (atomically)")->required();
  basec->add_option("--replications", reg.replications, "Replications (overrides /run/replications)")
      ->check(CLI::Range(1, 100000));
  basec->add_option("--seed", reg.seed, "Seed (overrides /run/seed)")
      ->check(CLI::NonNegativeNumber); // "-1" wrapped to 2^64 - 1 in the unsigned option
  basec->add_option("--set", reg.sets, "Override PATH=VALUE, repeatable");
  basec->add_option("--mode", reg.mode, "Default mode of `check` for this baseline: statistical (default) or exact");
  basec->footer("Example:\n  gigaline baseline scenarios/aesc_douai.json --replications 8 --out "
                "tests/baselines/aesc_douai.json");
  auto* checkc = app.add_subcommand(
      "check", "Re-run a scenario and compare its curves with a baseline: exit 0 if nothing moved, 1 otherwise");
  checkc->add_option("file", reg.file, "Scenario file")->required();
  checkc->add_option("--baseline", reg.baseline, "Baseline file written by `gigaline baseline`")->required();
  checkc->add_option("--mode", reg.mode, "exact or statistical (default: the baseline's mode)");
  checkc->add_option("--junit", reg.junit, "Write a JUnit XML report here (one test case per curve)");
  checkc->add_option("--seed", reg.seed, "Seed (default: the baseline's)")
      ->check(CLI::NonNegativeNumber); // "-1" wrapped to 2^64 - 1 in the unsigned option
  checkc->add_option("--replications", reg.replications, "Replications (default: the baseline's)")
      ->check(CLI::Range(1, 100000));
  checkc->add_option("--set", reg.sets, "Override PATH=VALUE, repeatable");
  for (auto* c : {basec, checkc}) {
    c->add_option("--jobs", reg.jobs, "Worker processes running replications (the same curves for any N)")
        ->check(CLI::Range(1, 256));
    c->add_flag("--quiet", reg.quiet, "No progress line on stderr");
  }
  checkc->footer("Example:\n  gigaline check scenarios/aesc_douai.json --baseline tests/baselines/aesc_douai.json "
                 "--junit check.xml");

  SweepArgs sw;
  auto* sweepc = app.add_subcommand(
      "sweep",
      "Run a parameter sweep (variants of a scenario) into SQLite; export, summarise, report or merge results");
  sweepc->add_option("file", sw.file, "Sweep file (see docs/sweeps.md)");
  sweepc->add_option("--db", sw.db, "SQLite results database: created, or resumed when it holds this sweep");
  sweepc->add_option("--jobs", sw.jobs, "Worker processes")->check(CLI::Range(1, 256));
  sweepc->add_option("--shard", sw.shard, "Run only shard I of N (I/N): run k is shard (k mod N) + 1");
  sweepc->add_option("--set", sw.sets, "Override PATH=VALUE in the sweep file, repeatable");
  sweepc->add_flag("--retry-failed", sw.retry_failed, "Run again the runs recorded as failed");
  sweepc->add_flag("--quiet", sw.quiet, "No progress line");
  sweepc->add_flag("--allow-other-build", sw.allow_other_build,
                   "Resume a database created by another build of gigaline (refused by default)");
  sweepc->footer("Examples:\n  gigaline sweep scenarios/sweeps/aesc_what_if.json --jobs 2 --db aesc.sqlite\n"
                 "  gigaline sweep scenarios/sweeps/aesc_what_if.json --db part3.sqlite --shard 3/8\n"
                 "  gigaline sweep summary aesc.sqlite --rank gwh\n"
                 "  gigaline sweep export aesc.sqlite --csv aesc_csv\n"
                 "  gigaline sweep report aesc.sqlite --out aesc.html --rank gwh\n"
                 "  gigaline sweep merge part*.sqlite --db all.sqlite");
  auto* exportc = sweepc->add_subcommand(
      "export", "Write points.csv, runs.csv, monthly.csv and stage_monthly.csv of a results database");
  exportc->add_option("db", sw.db, "Results database")->required();
  exportc->add_option("--csv", sw.csv_dir, "Directory of the CSV files")->required();
  auto* summaryc = sweepc->add_subcommand(
      "summary", "Per point, the KPIs' means with 95 % intervals; a ranking; differences from the base; sensitivity");
  summaryc->add_option("db", sw.db, "Results database")->required();
  summaryc->add_option("--kpi", sw.kpis, "KPIs to show (repeatable; default the headline KPIs)");
  summaryc->add_option("--rank", sw.rank, "Rank the points by this KPI's mean (highest first)");
  summaryc->add_flag("--ascending", sw.ascending, "Rank lowest first");
  summaryc->add_flag("--vs-base", sw.vs_base,
                     "Each point minus the base point, per KPI, with 95 % intervals paired over the replications "
                     "(common random numbers; Welch's when they are off): one_at_a_time and grid designs");
  summaryc->add_flag("--sensitivity", sw.sensitivity,
                     "Rank the factors: SRC and PRCC (latin_hypercube, sobol), Sobol indices with bootstrap "
                     "intervals (sobol)");
  summaryc->add_flag("--bottleneck", sw.bottleneck,
                     "Per point, the stages that were its bottleneck (busiest for their scheduled time) and for how "
                     "many months");
  summaryc->footer("Without --kpi, the headline KPIs: gwh, cells_good, scrap_rate, oee, cost_eur_per_kwh (those "
                   "with a value).\nExamples:\n  gigaline sweep summary what_if.sqlite --vs-base\n"
                   "  gigaline sweep summary lhs.sqlite --sensitivity --kpi gwh\n"
                   "  gigaline sweep summary what_if.sqlite --bottleneck");
  auto* sreportc = sweepc->add_subcommand(
      "report", "Write an HTML report of a results database: each KPI against each factor, the points ranked");
  sreportc->add_option("db", sw.db, "Results database")->required();
  sreportc->add_option("--out", sw.report_out, "HTML file to write")->required();
  sreportc->add_option("--rank", sw.rank, "Rank the points by this KPI's mean (default gwh, highest first)");
  sreportc->add_flag("--ascending", sw.ascending, "Rank lowest first");
  auto* mergec = sweepc->add_subcommand("merge", "Combine the databases of shards of one sweep");
  mergec->add_option("inputs", sw.inputs, "Shard databases")->required();
  mergec->add_option("--db", sw.out_db, "Database to write (created or extended)")->required();
  mergec->add_flag("--allow-other-build", sw.allow_other_build,
                   "Merge databases written by different builds of gigaline (refused by default)");
  sweepc->require_subcommand(0, 1);

  std::vector<std::string> help_topic;
  auto* helpc = app.add_subcommand("help", "Show the help of a command: gigaline help run, gigaline help sweep merge");
  helpc->add_option("command", help_topic, "The command (and subcommand)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    err << "gigaline: [cli.E301] " << e.what() << "\n"
        << did_you_mean(app, argc, argv) << "Run 'gigaline --help' for usage.\n";
    return invalid_input;
  }

  if (*helpc) {
    const CLI::App* topic = &app;
    for (const auto& name : help_topic) {
      const CLI::App* next = nullptr;
      for (const auto* sub : topic->get_subcommands([](const CLI::App*) { return true; }))
        if (sub->get_name() == name)
          next = sub;
      if (next == nullptr) {
        err << "gigaline: [cli.E302] help: no command \"" << name << "\"; run 'gigaline --help' for the commands\n";
        return invalid_input;
      }
      topic = next;
    }
    out << topic->help();
    return ok;
  }

  try {
    if (show_version) {
      out << "gigaline " << version() << "\nbuild " << build_id() << "\nSimGrid " << engine::simgrid_version() << "\n"
          << compiler_version() << "\n";
      return ok;
    }
    if (*validate)
      return cmd_validate(validate_files, validate_sets, out, err);
    if (*schema)
      return cmd_schema(markdown, region_schema, sweep_schema, schema_out, out);
    if (*runc)
      return cmd_run(run_args, out, err);
    if (*reportc)
      return cmd_report(report_dir, report_out, out);
    if (*calc)
      return cmd_calibrate(cal, out);
    if (*forc)
      return cmd_forecast(fc, out, err);
    if (*basec)
      return cmd_baseline(reg, out, err);
    if (*checkc)
      return cmd_check(reg, out, err);
    if (*exportc) {
      sweep::export_csv(sw.db, sw.csv_dir);
      out << "exported " << sw.db << " to " << sw.csv_dir << "/points.csv, runs.csv, monthly.csv, stage_monthly.csv\n";
      return ok;
    }
    if (*sreportc)
      return cmd_sweep_report(sw, out);
    if (*summaryc) {
      if (sw.vs_base || sw.sensitivity || sw.bottleneck) {
        bool first = true;
        auto gap = [&] {
          if (!std::exchange(first, false))
            out << "\n";
        };
        if (sw.vs_base) {
          gap();
          sweep::print_vs_base(sw.db, sw.kpis, out);
        }
        if (sw.sensitivity) {
          gap();
          sweep::print_sensitivity(sw.db, sw.kpis, out);
        }
        if (sw.bottleneck) {
          gap();
          sweep::print_bottlenecks(sw.db, out);
        }
        return ok;
      }
      sweep::print_summary(sw.db, sw.kpis, sw.rank, sw.ascending, out);
      return ok;
    }
    if (*mergec) {
      if (const auto dir = std::filesystem::path(sw.out_db).parent_path(); !dir.empty())
        make_directories(dir.string());
      const auto n = sweep::merge(sw.inputs, sw.out_db, sw.allow_other_build);
      out << "merged " << sw.inputs.size() << " database(s) into " << sw.out_db << ": " << n << " run(s)\n";
      // runs in none of the inputs: a shard left out, or one not finished
      const auto merged = sweep::ResultsDb::open_existing(sw.out_db);
      const auto have = merged.done();
      std::vector<std::string> missing;
      for (int p = 0; p < merged.meta().points; ++p)
        for (int r = 0; r < merged.meta().replications; ++r)
          if (!have.count({p, r}))
            missing.push_back(std::to_string(p) + "/" + std::to_string(r));
      if (!missing.empty()) {
        err << "sweep merge: " << missing.size() << " of " << merged.meta().points * merged.meta().replications
            << " run(s) are in none of the inputs (point/replication";
        for (std::size_t k = 0; k < missing.size() && k < 8; ++k)
          err << " " << missing[k];
        err << (missing.size() > 8 ? " ...)" : ")")
            << ": a shard is missing or unfinished; run it (gigaline sweep FILE --shard I/N) and merge again\n";
      }
      return ok;
    }
    if (*sweepc)
      return cmd_sweep(sw, out, err);
    out << app.help();
    return ok;
  } catch (const InputError& e) {
    err << e.what() << "\n";
    return invalid_input;
  } catch (const std::exception& e) {
    err << "gigaline: internal error: " << e.what() << "\n";
    return internal_error;
  }
}

} // namespace gigaline::cli
