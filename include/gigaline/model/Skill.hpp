// gigaline/model/Skill.hpp — skill transfer: local staff learn from experts (in proportion to the
// expert-to-staff ratio) and by practice; the plant's effective skill mixes experts and locals by headcount.
#pragma once

#include "gigaline/scenario/Scenario.hpp"

namespace gigaline::model {

/// Integrates local skill day by day. Local skill s grows as
///   ds/dt = (training_rate_per_day x E/L + producing / practice_tau_days) x (1 - s)
/// and the effective skill is (E x expert_skill + L x s) / (E + L), with E experts and L local staff.
class SkillModel {
public:
  SkillModel(const scenario::Workforce& w, Date start);
  /// Advances to `day` (days since the scenario start); `producing` says whether any line ran since the
  /// last call (practice only counts after SOP).
  void advance_to(double day, bool producing);
  [[nodiscard]] double local_skill() const { return local_; }
  [[nodiscard]] double effective_skill() const;
  [[nodiscard]] int experts() const { return experts_; }
  [[nodiscard]] int local_staff() const { return locals_; }

private:
  scenario::Workforce w_;
  Date start_;
  double day_ = 0, local_ = 0;
  int experts_ = 0, locals_ = 0;
};

/// Headcount of a step schedule on a date (0 before its first entry).
int headcount_on(const std::vector<scenario::Headcount>& schedule, Date d);

} // namespace gigaline::model
