// src/model/Sampling.cpp — lot times, failure and repair times and defects drawn from a stream; every draw
// consumes the stream in a fixed order, so results are the same bits whatever calls them.
#include "gigaline/model/Sampling.hpp"

#include <cmath>

namespace gigaline::model {

using scenario::Dist;

double lot_time(RandomStream& rng, const LotTiming& t, std::int64_t cells)
{
  const double mean = static_cast<double>(cells) * t.cell_s / t.speed;
  const double fixed = t.lot_fixed_s / (t.cell_s > 0 ? 1.0 : t.speed);
  if (t.cell_s <= 0) { // formation: the whole tray at once
    switch (t.dist) {
    case Dist::deterministic:
    case Dist::weibull:
      return fixed;
    case Dist::exponential:
      return rng.exponential(fixed);
    case Dist::lognormal:
      return rng.lognormal_mean_cv(fixed, t.cv);
    case Dist::gamma:
      return rng.gamma_mean_cv(fixed, t.cv);
    }
  }
  const double cv = t.cv / std::sqrt(static_cast<double>(cells));
  switch (t.dist) {
  case Dist::deterministic:
  case Dist::weibull:
    return fixed + mean;
  case Dist::exponential:
    return fixed + (cells == 1 ? rng.exponential(mean) : rng.gamma_mean_cv(mean, cv));
  case Dist::lognormal:
    return fixed + rng.lognormal_mean_cv(mean, cv);
  case Dist::gamma:
    return fixed + rng.gamma_mean_cv(mean, cv);
  }
  return fixed + mean;
}

double draw_duration(RandomStream& rng, Dist dist, double mean, double shape, double cv)
{
  switch (dist) {
  case Dist::weibull:
    return rng.weibull_mean_shape(mean, shape);
  case Dist::lognormal:
    return rng.lognormal_mean_cv(mean, cv);
  default:
    return rng.exponential(mean);
  }
}

std::int64_t draw_defects(RandomStream& rng, std::int64_t cells, double p, int modules)
{
  if (modules > 0)
    return rng.binomial(modules, p) * (cells / modules);
  return rng.binomial(cells, p);
}

} // namespace gigaline::model
