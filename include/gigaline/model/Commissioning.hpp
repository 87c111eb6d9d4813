// gigaline/model/Commissioning.hpp — a line's first weeks after SOP: availability rising linearly, delivered
// as a run-and-stop cycle so that the time average over each cycle is exact. Pure, no engine.
#pragma once

#include "gigaline/scenario/Scenario.hpp"

namespace gigaline::model {

/// Availability a(t) = a0 + (1 - a0) x t / days for t in [0, days) days since SOP; 1 outside.
double commissioning_availability(const scenario::Commissioning& c, double days_since_sop);

/// The commissioning stop schedule: from SOP, cycles of cycle_h; cycle k runs for its first a_k x cycle_h and
/// stops for the rest, a_k = a(at the cycle's middle) (midpoint rule: exact for a linear a(t)); the last cycle
/// is cut at the end of commissioning. Times in seconds since SOP.
struct CommissioningStop {
  bool stopped = false;
  double next_edge = 0; ///< when `stopped` may change next (infinity after commissioning)
};
CommissioningStop commissioning_stop(const scenario::Commissioning& c, double s_since_sop);

} // namespace gigaline::model
