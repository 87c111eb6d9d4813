// gigaline/model/WorkCalendar.hpp — when the plant works: shift calendar and planned maintenance windows,
// as a function of simulated time (seconds since the scenario's start date at 00:00). Pure, no engine.
#pragma once

#include "gigaline/scenario/Scenario.hpp"

namespace gigaline::model {

class WorkCalendar {
public:
  explicit WorkCalendar(const scenario::Calendar& c);
  /// True when machines may run at time t (inside a shift and outside maintenance).
  [[nodiscard]] bool working(double t) const;
  /// The first time after t at which working() may change; infinity when it never does.
  [[nodiscard]] double next_edge(double t) const;

private:
  [[nodiscard]] bool in_shift(double t) const;
  [[nodiscard]] bool in_maintenance(double t) const;
  [[nodiscard]] bool working_day(long day_index) const;

  scenario::Calendar cal_;
  unsigned start_weekday_ = 0; ///< 0 = Monday
  bool days_[7] = {};
};

} // namespace gigaline::model
