// gigaline/calibrate/Calibrate.hpp — fits a scenario's calibration parameters to its observations by
// weighted non-linear least squares (bounded Levenberg-Marquardt on Eigen), with common random numbers.
#pragma once

#include "gigaline/report/Observations.hpp"
#include "gigaline/scenario/Loader.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace gigaline::calibrate {

struct Options {
  int jobs = 2;                      ///< worker processes for the simulations
  std::optional<int> replications;   ///< default: the scenario's calibration.replications
  std::optional<int> max_iterations; ///< default: the scenario's calibration.max_iterations
  std::ostream* progress = nullptr;  ///< one line per iteration
};

struct ParameterFit {
  std::string path;
  double start = 0, value = 0, std_error = 0, min = 0, max = 0;
  bool at_bound = false;
};

struct Result {
  std::vector<ParameterFit> parameters;
  std::vector<report::ObservationFit> observations; ///< at the fitted values
  double chi2_start = 0, chi2 = 0;                  ///< sum of squared weighted residuals
  int iterations = 0, evaluations = 0;
  bool converged = false;
  scenario::Json calibrated; ///< the input document with the fitted values
  std::vector<double> u;     ///< the fitted point in the unbounded space of the optimiser
  /// Covariance of u over the directions the observations identify ((J' J)^-1 restricted to them)
  std::vector<std::vector<double>> covariance_u;
  /// Correlations of the parameters (NaN for a parameter the observations do not identify)
  std::vector<std::vector<double>> correlation;
};

/// One fitted observation predicted by a refit without it.
struct LeaveOneOut {
  report::ObservationFit observation; ///< its value simulated at the refit, with the interval
  double z = 0;                       ///< standardized by sigma and the simulated interval together
  double chi2 = 0;                    ///< of the refit on the other observations
  std::vector<double> values;         ///< the refitted parameters
};

/// `doc` is the scenario document (overrides applied), `origin` names it in messages.
Result calibrate(const scenario::Json& doc, const std::string& origin, const Options& options);

void print_result(const Result& r, std::ostream& out);

/// Refits once without each fitted observation (starting from `full`) and predicts the one left out.
std::vector<LeaveOneOut> leave_one_out(const scenario::Json& doc, const std::string& origin, const Options& options,
                                       const Result& full);
void print_leave_one_out(const std::vector<LeaveOneOut>& rows, std::ostream& out);

} // namespace gigaline::calibrate
