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
};

/// `doc` is the scenario document (overrides applied), `origin` names it in messages.
Result calibrate(const scenario::Json& doc, const std::string& origin, const Options& options);

void print_result(const Result& r, std::ostream& out);

} // namespace gigaline::calibrate
