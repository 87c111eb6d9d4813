// gigaline/model/Staffing.hpp — staffed capacity: hiring on the local-staff plan, qualification (a training
// delay, with places limited by the experts on site), and the shifts each line can staff, day by day.
#pragma once

#include "gigaline/scenario/Scenario.hpp"

#include <deque>
#include <vector>

namespace gigaline::model {

/// One line the staffing model follows: its SOP (days since the start) and its operators per shift.
struct StaffedLine {
  double sop_day = 0;
  double operators_per_shift = 0;
};

/// Operators per shift of each line instance of a scenario (the sum of its stages' operators when any stage
/// gives them, else /staffing/operators_per_shift), in the engine's line order (copies after their line).
std::vector<double> operators_per_shift(const scenario::Scenario& s);

/// Day by day (call advance_to with increasing days):
///   hires      H(d): the local-staff plan (a rise joins the untrained pool; a fall leaves it, then the trained)
///   training   places P = experts x trainees_per_expert (unlimited when 0); each day, min(pool, free places)
///              start, and qualify qualification_days later
///   operators  A = operator_fraction x qualified locals + expert_operator_fraction x experts on site
///   shifts     rung k of the ladder costs n x shifts_per_week(k) / shifts_per_operator_week operators on a
///              line needing n per shift; lines past their SOP, in SOP order (ties: line order), take rungs in
///              the scenario's order (line_first or shift_first) while A lasts. Rung 0: no staffed shift.
class StaffingModel {
public:
  StaffingModel(const scenario::Staffing& st, const scenario::Workforce& w, Date start, std::vector<StaffedLine> lines);
  void advance_to(double day);

  [[nodiscard]] int level(int line) const { return level_[static_cast<std::size_t>(line)]; }
  [[nodiscard]] double operators_needed(int line, int level) const;
  [[nodiscard]] double hired() const { return hired_; }
  [[nodiscard]] double qualified() const { return qualified_; }
  [[nodiscard]] double in_training() const;
  [[nodiscard]] double experts() const { return experts_; }
  [[nodiscard]] double available() const { return available_; }
  [[nodiscard]] double assigned() const { return assigned_; }

private:
  void hire(double headcount);
  void train(double day);
  void allocate(double day);

  scenario::Staffing st_;
  scenario::Workforce w_;
  Date start_;
  std::vector<StaffedLine> lines_;
  std::vector<std::size_t> sop_order_;
  std::vector<int> level_;
  struct Cohort {
    double qualifies_day;
    double people;
  };
  std::deque<Cohort> training_;
  double hired_ = 0, pool_ = 0, qualified_ = 0, experts_ = 0, available_ = 0, assigned_ = 0;
  double day_ = -1;
};

} // namespace gigaline::model
