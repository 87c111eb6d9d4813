// src/model/ShiftPattern.cpp — the working windows of a staffed shift pattern: one window a working day, from
// the first shift's start for shifts_per_day x shift_hours (it may run past midnight).
#include "gigaline/model/ShiftPattern.hpp"

#include <cmath>
#include <limits>

namespace gigaline::model {

namespace {
constexpr double day = 86400.0, hour = 3600.0;
constexpr double never = std::numeric_limits<double>::infinity();
} // namespace

ShiftPattern::ShiftPattern(const scenario::Staffing& st, int level, unsigned start_weekday)
    : always_(false), start_weekday_(start_weekday)
{
  if (level <= 0) {
    never_ = true;
    shifts_per_week_ = 0;
    return;
  }
  const auto& rung = st.ladder[static_cast<std::size_t>(level - 1)];
  start_s_ = st.first_shift_start_h * hour;
  length_s_ = rung.shifts_per_day * st.shift_hours * hour;
  days_ = rung.days_per_week;
  shifts_per_week_ = rung.shifts_per_day * rung.days_per_week;
  always_ = days_ == 7 && length_s_ >= day;
}

bool ShiftPattern::working_day(long day_index) const
{
  const long wd = ((static_cast<long>(start_weekday_) + day_index) % 7 + 7) % 7;
  return wd < days_;
}

bool ShiftPattern::working(double t) const
{
  if (always_ || never_)
    return always_;
  const auto d = static_cast<long>(std::floor(t / day));
  for (long k = d - 1; k <= d; ++k) {
    if (!working_day(k))
      continue;
    const double start = static_cast<double>(k) * day + start_s_;
    if (t >= start && t < start + length_s_)
      return true;
  }
  return false;
}

double ShiftPattern::next_edge(double t) const
{
  if (always_ || never_)
    return never;
  double next = never;
  const auto d = static_cast<long>(std::floor(t / day));
  for (long k = d - 1; k <= d + 8 && next == never; ++k) { // a week and a day ahead covers any weekend
    if (!working_day(k))
      continue;
    const double start = static_cast<double>(k) * day + start_s_;
    for (double e : {start, start + length_s_})
      if (e > t && e < next)
        next = e;
  }
  return next;
}

} // namespace gigaline::model
