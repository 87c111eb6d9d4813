// src/model/Maturity.cpp — closed forms of the learning curves; see docs/model.md for the equations.
#include "gigaline/model/Maturity.hpp"

#include <algorithm>
#include <cmath>

namespace gigaline::model {

double time_maturity(double days_since_sop, double tau_days)
{
  if (days_since_sop <= 0)
    return 0.0;
  return 1.0 - std::exp(-days_since_sop / tau_days);
}

double experience_maturity(double cum_good_cells, double initial_cells, double progress_ratio)
{
  const double b = std::log2(progress_ratio); // <= 0
  return 1.0 - std::pow(1.0 + std::max(0.0, cum_good_cells) / initial_cells, b);
}

double combine(const std::vector<double>& maturities, scenario::Combine how)
{
  if (maturities.empty())
    return 1.0;
  if (how == scenario::Combine::min)
    return *std::min_element(maturities.begin(), maturities.end());
  double immaturity = 1.0;
  for (double m : maturities)
    immaturity *= 1.0 - m;
  return 1.0 - immaturity;
}

} // namespace gigaline::model
