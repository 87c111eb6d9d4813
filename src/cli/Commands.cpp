// src/cli/Commands.cpp — what each command of gigaline does: parse nothing (App.cpp did), call one layer, print,
// write results as one set; and the checks every command shares (outputs checked before simulating, file kinds).
#include "Commands.hpp"

#include "gigaline/calibrate/Calibrate.hpp"
#include "gigaline/cli/App.hpp"
#include "gigaline/core/AtomicFile.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/core/Interrupt.hpp"
#include "gigaline/core/Progress.hpp"
#include "gigaline/core/Text.hpp"
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

std::optional<regress::Mode> parse_mode(const std::string& m)
{
  if (m.empty())
    return std::nullopt;
  if (m == "exact")
    return regress::Mode::exact;
  if (m == "statistical")
    return regress::Mode::statistical;
  throw InputError("[cli.E305] --mode: expected exact or statistical, found " + text::quoted(m));
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

} // namespace

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

namespace {
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
} // namespace

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
    const report::RunReportInput in{report::to_json(sum), a.file};
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

} // namespace gigaline::cli
