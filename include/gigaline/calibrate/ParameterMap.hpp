// gigaline/calibrate/ParameterMap.hpp — the map between a calibration parameter's value theta in [min, max]
// and the unbounded u the optimiser and the forecast's Gaussian work in (logistic; log space for log ranges).
#pragma once

#include "gigaline/scenario/Scenario.hpp"

#include <algorithm>
#include <cmath>

namespace gigaline::calibrate {

/// theta = lo + (hi - lo) / (1 + exp(-u)), with lo, hi the range's ends (their logs for a log parameter).
struct ParameterMap {
  double lo = 0, hi = 1;
  bool log = false;

  ParameterMap() = default;
  explicit ParameterMap(const scenario::CalibrationParameter& p)
      : lo(p.log ? std::log(p.min) : p.min), hi(p.log ? std::log(p.max) : p.max), log(p.log)
  {
  }
  [[nodiscard]] double theta(double u) const
  {
    const double z = 1.0 / (1.0 + std::exp(-u));
    const double x = lo + (hi - lo) * z;
    return log ? std::exp(x) : x;
  }
  /// The u of a value; a value at or past an end is taken `edge` (a share of the range) inside it, so u is finite.
  [[nodiscard]] double u_of(double theta, double edge) const
  {
    const double x = log ? std::log(theta) : theta;
    const double z = std::clamp((x - lo) / (hi - lo), edge, 1 - edge);
    return std::log(z / (1 - z));
  }
  [[nodiscard]] double dtheta_du(double u) const
  {
    const double z = 1.0 / (1.0 + std::exp(-u));
    const double dx = (hi - lo) * z * (1 - z);
    return log ? theta(u) * dx : dx;
  }
  /// The value at a share `uniform` of the range (uniform in log space for a log parameter).
  [[nodiscard]] double from_range(double uniform) const
  {
    const double x = lo + (hi - lo) * uniform;
    return log ? std::exp(x) : x;
  }
};

} // namespace gigaline::calibrate
