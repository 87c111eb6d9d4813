// gigaline/model/RampUp.hpp — each line's maturity day by day: the learning forms a scenario chose
// (time, experience, skill transfer), what a new line takes over from the plant (transfer), dated process
// changes that cost maturity, and output caps.
#pragma once

#include "gigaline/model/Skill.hpp"
#include "gigaline/scenario/Scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gigaline::model {

/// One line instance the ramp-up model follows: its scenario line and its SOP in days since the start.
struct LineRef {
  int scenario_line = 0;
  double sop_day = 0;
};

class RampUpModel {
public:
  RampUpModel(const scenario::Scenario& s, std::vector<LineRef> lines);
  /// Moves to `day` (days since the start, called once per simulated midnight in order) with each line's
  /// cumulative good cells so far; applies the process changes dated up to that day.
  void advance_to(double day, const std::vector<double>& cum_good);
  [[nodiscard]] double maturity(int line) const { return maturity_[static_cast<std::size_t>(line)]; }
  /// Cells a line's raw-fed stations may start on `day` (infinity when no output cap holds).
  [[nodiscard]] double daily_cap(int line, double day) const;
  /// The workforce's effective and local skill (0 without skill-based learning).
  [[nodiscard]] double effective_skill() const { return skill_ ? skill_->effective_skill() : 0.0; }
  [[nodiscard]] double local_skill() const { return skill_ ? skill_->local_skill() : 0.0; }

private:
  [[nodiscard]] double compute(std::size_t line, double day, double cum_good) const;
  [[nodiscard]] bool concerns(const scenario::Event& e, std::size_t line) const;
  [[nodiscard]] double time_form(std::size_t line, double day) const;
  [[nodiscard]] double experience_form(std::size_t line, double cum_good) const;
  /// At a line's SOP: it starts each line-specific form at transfer x the best running line's.
  void start_line(std::size_t line, double day, const std::vector<double>& cum_good);

  const scenario::Scenario& s_;
  std::vector<LineRef> lines_;
  std::vector<double> maturity_;
  std::vector<double> time_shift_days_; ///< process changes push the effective SOP later
  std::vector<double> cells_lost_;      ///< ... and take experience away
  std::vector<double> skill_loss_;      ///< ... and knowledge of the changed process (fraction of skill)
  std::vector<bool> applied_;           ///< per event
  std::vector<bool> started_;           ///< per line: past its SOP
  std::optional<SkillModel> skill_;
  double day_ = -1;
};

} // namespace gigaline::model
