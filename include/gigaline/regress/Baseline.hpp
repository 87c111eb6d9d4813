// gigaline/regress/Baseline.hpp — CI regression of ramp-up curves: a baseline records a scenario's monthly
// curves (per replication, mean and 95 % band) with provenance; a check re-runs and compares month by month.
#pragma once

#include "gigaline/report/Summary.hpp"
#include "gigaline/scenario/Scenario.hpp"

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace gigaline::regress {

enum class Mode { exact, statistical };

/// The band of a metric widens the baseline's 95 % interval by rel x |mean| + abs.
struct Tolerance {
  double rel = 0, abs = 0;
};

/// The monthly curves a baseline records, and their default tolerances.
const std::vector<std::string>& curve_metrics();
Tolerance default_tolerance(const std::string& metric);

struct MonthCurve {
  std::string month;                                   ///< "YYYY-MM"
  std::map<std::string, std::vector<double>> replicas; ///< metric -> value of each replication
  std::map<std::string, Interval> band;                ///< metric -> mean and 95 % half-width
};

struct Baseline {
  std::string scenario, scenario_hash;
  std::uint64_t seed = 0;
  int replications = 0;
  std::string gigaline_version, simgrid_version;
  std::string build; ///< git describe of the build that recorded it ("" in baselines from before it was kept)
  Mode mode = Mode::statistical; ///< what `check` does unless told otherwise
  std::map<std::string, Tolerance> tolerances;
  std::vector<MonthCurve> months;
};

/// The curves of a summary whose replications kept their months (`gigaline baseline` and `check` build it with
/// report::SummaryBuilder, KeepPerReplication::months, from run::for_each_replication).
Baseline from_summary(const scenario::Scenario& s, const report::Summary& sum);

nlohmann::ordered_json to_json(const Baseline& b);
/// Reads a baseline file's document; InputError [baseline.E5xx] naming the JSON pointer when malformed.
Baseline baseline_from_json(const nlohmann::ordered_json& doc, const std::string& origin);
Baseline read_baseline(const std::string& path);

/// One month and metric whose new value is outside what the baseline allows.
struct Deviation {
  std::string month, metric;
  int replication = -1; ///< exact mode: the replication that differs
  double baseline = 0, now = 0;
  double low = 0, high = 0; ///< statistical mode: allowed band
};

struct CheckResult {
  Mode mode = Mode::statistical;
  std::string scenario, baseline_hash, new_hash;
  bool hash_changed = false;
  bool shape_changed = false; ///< other months or replications than the baseline
  std::string shape_note;
  std::vector<std::string> metrics;
  std::map<std::string, std::size_t> compared; ///< metric -> month values compared
  std::vector<Deviation> deviations;
  [[nodiscard]] bool passed() const;
};

/// Compares a fresh run's curves with the baseline. Exact: the same seed and replications must give the
/// same bits (a changed scenario hash fails). Statistical: the new mean of each month and metric must lie in
/// the baseline's band widened by its tolerance.
CheckResult compare(const Baseline& base, const Baseline& now, Mode mode);

/// The table of what moved (or a line saying nothing did), for people.
void print_check(const CheckResult& r, std::ostream& out);
/// JUnit XML: one test suite, one test case per metric (plus the scenario hash), failures listing the months.
std::string junit_xml(const CheckResult& r, double wall_s);

} // namespace gigaline::regress
