// gigaline/model/Maturity.hpp — learning curves: how a line's maturity grows from its start of production,
// and how maturity moves a stage parameter between its initial and mature value. Pure functions, no engine.
#pragma once

#include "gigaline/scenario/Scenario.hpp"

namespace gigaline::model {

/// Parameter at maturity m in [0,1]: `initial` at 0, `mature` at 1, linear in between.
[[nodiscard]] inline double interpolate(double initial, double mature, double m)
{
  return mature + (initial - mature) * (1.0 - m);
}

/// Time-based learning: 1 - exp(-days/tau); 0 before SOP.
[[nodiscard]] double time_maturity(double days_since_sop, double tau_days);

/// Experience-based (Wright) learning: immaturity = (1 + cum_good/initial_cells)^log2(progress_ratio).
[[nodiscard]] double experience_maturity(double cum_good_cells, double initial_cells, double progress_ratio);

/// Combines the maturities of the learning forms a scenario chose (issue-4 forms join through here).
[[nodiscard]] double combine(const std::vector<double>& maturities, scenario::Combine how);

} // namespace gigaline::model
