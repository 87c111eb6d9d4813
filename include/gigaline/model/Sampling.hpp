// gigaline/model/Sampling.hpp — the random draws of the line model, pure and engine-free: how long a lot takes
// at a station, times to failure and to repair, and how many cells of a lot a stage makes defective.
#pragma once

#include "gigaline/core/Random.hpp"
#include "gigaline/scenario/Scenario.hpp"

#include <cstdint>

namespace gigaline::model {

/// Processing model of a station at its current speed (a fraction of the mature speed).
struct LotTiming {
  double cell_s = 0;      ///< mature seconds per cell of one machine; 0 for formation (a tray at once)
  double lot_fixed_s = 0; ///< per lot: coating changeover, or the formation time of a tray
  scenario::Dist dist = scenario::Dist::deterministic;
  double cv = 0;    ///< of one cell's time (of the tray's time for formation)
  double speed = 1; ///< fraction of the mature speed
};

/// Time to process a lot of `cells`. A lot's time is the sum of its cells' times, so its coefficient of
/// variation shrinks as 1/sqrt(cells); a coating changeover does not slow with an immature line; a formation
/// tray takes lot_fixed_s / speed as a whole.
double lot_time(RandomStream& rng, const LotTiming& t, std::int64_t cells);

/// A time to failure or to repair: exponential, Weibull (by shape) or lognormal (by cv), with this mean.
double draw_duration(RandomStream& rng, scenario::Dist dist, double mean, double shape, double cv);

/// Defective cells of a lot of `cells` at a per-cell scrap probability p. Module assembly scraps whole
/// modules: `modules` > 0 draws defective modules of cells / modules cells each.
std::int64_t draw_defects(RandomStream& rng, std::int64_t cells, double p, int modules);

} // namespace gigaline::model
