// src/model/WorkCalendar.cpp — shift and maintenance arithmetic. A shift belongs to the day it starts on,
// so a night shift of a Friday may run into Saturday.
#include "gigaline/model/WorkCalendar.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gigaline::model {

namespace {
constexpr double day = 86400.0, hour = 3600.0;
constexpr double never = std::numeric_limits<double>::infinity();
} // namespace

WorkCalendar::WorkCalendar(const scenario::Calendar& c) : cal_(c), start_weekday_(c.start_date.weekday())
{
  if (cal_.shifts)
    for (auto d : cal_.shifts->working_days)
      days_[static_cast<int>(d)] = true;
}

bool WorkCalendar::working_day(long day_index) const
{
  const long wd = ((static_cast<long>(start_weekday_) + day_index) % 7 + 7) % 7;
  return days_[wd];
}

bool WorkCalendar::in_shift(double t) const
{
  if (!cal_.shifts)
    return true;
  const auto d = static_cast<long>(std::floor(t / day));
  for (long k = d - 1; k <= d; ++k) {
    if (!working_day(k))
      continue;
    const double start = static_cast<double>(k) * day + cal_.shifts->start_h * hour;
    if (t >= start && t < start + cal_.shifts->hours_per_day * hour)
      return true;
  }
  return false;
}

bool WorkCalendar::in_maintenance(double t) const
{
  for (const auto& w : cal_.maintenance) {
    const double first = static_cast<double>(w.start_date - cal_.start_date) * day;
    const double len = w.duration_h * hour;
    if (w.repeat_days == 0) {
      if (t >= first && t < first + len)
        return true;
      continue;
    }
    const double period = w.repeat_days * day;
    if (t < first)
      continue;
    const double k = std::floor((t - first) / period);
    const double start = first + k * period;
    if (t >= start && t < start + len)
      return true;
  }
  return false;
}

bool WorkCalendar::working(double t) const
{
  return in_shift(t) && !in_maintenance(t);
}

double WorkCalendar::next_edge(double t) const
{
  double next = never;
  auto consider = [&](double e) {
    if (e > t && e < next)
      next = e;
  };
  if (cal_.shifts && cal_.shifts->hours_per_day < 24.0) {
    const auto d = static_cast<long>(std::floor(t / day));
    for (long k = d - 1; k <= d + 1; ++k) {
      const double start = static_cast<double>(k) * day + cal_.shifts->start_h * hour;
      consider(start);
      consider(start + cal_.shifts->hours_per_day * hour);
    }
  } else if (cal_.shifts) {
    consider((std::floor(t / day) + 1) * day); // working days change at midnight
  }
  for (const auto& w : cal_.maintenance) {
    const double first = static_cast<double>(w.start_date - cal_.start_date) * day;
    const double len = w.duration_h * hour;
    if (w.repeat_days == 0) {
      consider(first);
      consider(first + len);
      continue;
    }
    const double period = w.repeat_days * day;
    const double k = std::max(0.0, std::floor((t - first) / period));
    for (double j = k; j <= k + 1; j += 1) {
      consider(first + j * period);
      consider(first + j * period + len);
    }
  }
  return next;
}

} // namespace gigaline::model
