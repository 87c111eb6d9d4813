// src/model/Skill.cpp — exact integration of the skill equation over each day: with constant headcounts
// the gap (1 - s) decays exponentially, so a daily step has no discretisation error.
#include "gigaline/model/Skill.hpp"

#include <cmath>

namespace gigaline::model {

int headcount_on(const std::vector<scenario::Headcount>& schedule, Date d)
{
  int n = 0;
  for (const auto& h : schedule)
    if (h.date <= d)
      n = h.headcount;
  return n;
}

SkillModel::SkillModel(const scenario::Workforce& w, Date start)
    : w_(w), start_(start), local_(w.initial_local_skill), experts_(headcount_on(w.experts, start)),
      locals_(headcount_on(w.local_staff, start))
{
}

void SkillModel::advance_to(double day, bool producing)
{
  while (day_ < day) {
    const double step = std::min(1.0, day - day_);
    const Date today = start_ + static_cast<int>(std::floor(day_));
    experts_ = headcount_on(w_.experts, today);
    locals_ = headcount_on(w_.local_staff, today);
    double rate = 0;
    if (locals_ > 0)
      rate += w_.training_rate_per_day * static_cast<double>(experts_) / static_cast<double>(locals_);
    if (producing && w_.practice_tau_days > 0)
      rate += 1.0 / w_.practice_tau_days;
    local_ = 1.0 - (1.0 - local_) * std::exp(-rate * step);
    day_ += step;
  }
  const Date today = start_ + static_cast<int>(std::floor(day_));
  experts_ = headcount_on(w_.experts, today);
  locals_ = headcount_on(w_.local_staff, today);
}

double SkillModel::effective_skill() const
{
  const int total = experts_ + locals_;
  if (total == 0)
    return local_;
  return (static_cast<double>(experts_) * w_.expert_skill + static_cast<double>(locals_) * local_) /
         static_cast<double>(total);
}

} // namespace gigaline::model
