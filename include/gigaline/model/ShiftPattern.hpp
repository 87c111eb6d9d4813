// gigaline/model/ShiftPattern.hpp — when a rung of a staffing ladder works: shifts of a fixed length back to
// back from a start hour, on the first days of the week. Pure function of simulated time, no engine.
#pragma once

#include "gigaline/scenario/Scenario.hpp"

namespace gigaline::model {

class ShiftPattern {
public:
  /// Works all the time (no staffing).
  ShiftPattern() = default;
  /// Rung `level` of the ladder (1-based; 0 = no staffed shift: never works). `start_weekday` is the weekday
  /// of simulated day 0 (0 = Monday). A shift belongs to the day it starts on.
  ShiftPattern(const scenario::Staffing& st, int level, unsigned start_weekday);

  [[nodiscard]] bool working(double t) const;
  /// The first time after t at which working() may change; infinity when it never does.
  [[nodiscard]] double next_edge(double t) const;
  /// Staffed shifts a week (the always-working pattern counts 21 eight-hour shifts).
  [[nodiscard]] double shifts_per_week() const { return shifts_per_week_; }

private:
  [[nodiscard]] bool working_day(long day_index) const;
  bool always_ = true, never_ = false;
  double start_s_ = 0, length_s_ = 0;
  int days_ = 7;
  unsigned start_weekday_ = 0;
  double shifts_per_week_ = 21;
};

} // namespace gigaline::model
