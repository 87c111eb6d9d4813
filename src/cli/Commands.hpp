// src/cli/Commands.hpp — the commands of the gigaline command line (internal to cli/): each one's arguments as
// App.cpp's CLI11 parser fills them, and the function that runs it (Commands.cpp). Exit codes are cli::ExitCode.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace gigaline::cli {

/// gigaline run FILE: a scenario, or a region of plants
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

/// gigaline sweep FILE and its subcommands (summary, export, merge, report)
struct SweepArgs {
  std::string file, db, shard = "1/1", csv_dir, rank, out_db, report_out;
  std::vector<std::string> sets, kpis, inputs;
  int jobs = 1;
  bool retry_failed = false, ascending = false, quiet = false, vs_base = false, sensitivity = false, bottleneck = false,
       allow_other_build = false;
};

/// gigaline baseline and gigaline check
struct RegressArgs {
  std::string file, out_file, baseline, junit, mode;
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;
  std::optional<int> replications;
  int jobs = 1;
  bool quiet = false;
};

/// gigaline calibrate
struct CalibrateArgs {
  std::string file, out_file;
  std::vector<std::string> sets;
  int jobs = 2;
  std::optional<int> replications, max_iterations;
  bool leave_one_out = false, quiet = false;
};

/// gigaline forecast
struct ForecastArgs {
  std::string file, out_dir, report;
  std::vector<std::string> sets, targets, what_if;
  int jobs = 2, draws = 200, replications = 4;
  bool quiet = false;
};

int cmd_sweep(const SweepArgs& a, std::ostream& out, std::ostream& err);
int cmd_baseline(const RegressArgs& a, std::ostream& out, std::ostream& err);
int cmd_check(const RegressArgs& a, std::ostream& out, std::ostream& err);
int cmd_validate(const std::vector<std::string>& files, const std::vector<std::string>& sets, std::ostream& out,
                 std::ostream& err);
int cmd_schema(bool markdown, bool region, bool sweep_format, const std::string& out_file, std::ostream& out);
int cmd_run(const RunArgs& a, std::ostream& out, std::ostream& err);
int cmd_report(const std::string& dir, std::string out_file, std::ostream& out);
int cmd_sweep_report(const SweepArgs& a, std::ostream& out);
int cmd_calibrate(const CalibrateArgs& a, std::ostream& out);
int cmd_forecast(const ForecastArgs& a, std::ostream& out, std::ostream& err);

} // namespace gigaline::cli
