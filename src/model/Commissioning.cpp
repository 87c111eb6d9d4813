// src/model/Commissioning.cpp — the run-and-stop cycle of a line being commissioned.
#include "gigaline/model/Commissioning.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gigaline::model {

namespace {
constexpr double day = 86400.0, hour = 3600.0;
constexpr double never = std::numeric_limits<double>::infinity();
} // namespace

double commissioning_availability(const scenario::Commissioning& c, double days_since_sop)
{
  if (days_since_sop < 0 || days_since_sop >= c.days)
    return 1.0;
  return c.availability_initial + (1.0 - c.availability_initial) * days_since_sop / c.days;
}

CommissioningStop commissioning_stop(const scenario::Commissioning& c, double s)
{
  const double end = c.days * day, cycle = c.cycle_h * hour;
  if (s < 0)
    return {false, 0.0};
  if (s >= end)
    return {false, never};
  const double k = std::floor(s / cycle);
  const double start = k * cycle, stop_end = std::min(start + cycle, end);
  const double mid = (start + stop_end) / 2;
  const double run_end = start + commissioning_availability(c, mid / day) * (stop_end - start);
  if (s < run_end)
    return {false, run_end};
  return {true, stop_end};
}

} // namespace gigaline::model
