// src/cli/App.cpp — the gigaline command line on CLI11: every command and option declared here, a typo answered
// with the closest name; each command runs in Commands.cpp, and exceptions map to exit codes.
#include "gigaline/cli/App.hpp"

#include "gigaline/core/AtomicFile.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/core/Interrupt.hpp"
#include "gigaline/core/Version.hpp"
#include "gigaline/engine/EngineInfo.hpp"
#include "gigaline/sweep/Analysis.hpp"
#include "gigaline/sweep/Curves.hpp"
#include "gigaline/sweep/ResultsDb.hpp"

#include "Commands.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <unistd.h>

namespace gigaline::cli {

namespace {

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
