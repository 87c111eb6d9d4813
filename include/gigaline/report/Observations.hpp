// gigaline/report/Observations.hpp — the simulated value of each observation of a scenario (good cells
// in a month, scrap rate, GWh by a date, vehicle-equivalents per year, ratio of daily output between two
// months), per replication and with its 95 % interval, next to the observed value.
#pragma once

#include "gigaline/core/Stats.hpp"
#include "gigaline/run/KpiObserver.hpp"
#include "gigaline/scenario/Scenario.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace gigaline::report {

using run::ReplicationResult;
using run::Snapshot;
using run::StationCounters;

/// Simulated values of every observation in one replication; NaN when the run does not cover it.
std::vector<double> observe(const scenario::Scenario& s, const ReplicationResult& r);

struct ObservationFit {
  std::string id, metric, when, source;
  std::string line;               ///< the scenario line observed, "" for the whole plant
  double observed = 0, sigma = 0; ///< sigma = rel_sigma x observed
  Interval simulated;
  double z = 0;        ///< standardized residual of the simulated mean (0 inside a bound): see residual()
  bool covered = true; ///< false when the run does not reach the observed period
  scenario::Bound bound = scenario::Bound::point;
  double upper = 0;
  scenario::Basis basis = scenario::Basis::observed;
  bool fit = true;
  std::string note;
};

/// Standardized residual of a simulated value: (simulated - value) / (rel_sigma x value) for a point; for a
/// bound, the same distance to the violated edge, and 0 on the bound's side (a soft, one-sided penalty).
double residual(const scenario::Observation& o, double simulated);
/// True when the observation's month(s) or date fall inside the scenario's horizon: such a figure that cannot
/// be computed (no cells judged that month, a ratio to a month without output) is a miss, not "not covered".
bool within_horizon(const scenario::Scenario& s, const scenario::Observation& o);
/// The residual calibration gives a figure within the horizon that the run cannot compute.
inline constexpr double unmeasurable_residual = 10.0;

/// "1e+06", "<= 0.052", "0.8-1.2": the observed value with its bound.
std::string observed_text(const ObservationFit& f);

std::vector<ObservationFit> compare_observations(const scenario::Scenario& s,
                                                 const std::vector<ReplicationResult>& results);
/// The same from observe()'s figures of each replication, in replication order.
std::vector<ObservationFit> fit_observations(const scenario::Scenario& s,
                                             const std::vector<std::vector<double>>& values);
void print_observations(const std::vector<ObservationFit>& fits, std::ostream& out);

} // namespace gigaline::report
