// src/model/RampUp.cpp — combines the learning forms into a maturity per line. A process change that
// loses a fraction f of the maturity is applied to each form as a jump back along its own curve, so that
// afterwards it relearns at its usual pace: time-based by moving the effective SOP, experience-based by
// removing cumulative cells, skill by discounting the skill on that line.
#include "gigaline/model/RampUp.hpp"

#include "gigaline/model/Maturity.hpp"

#include <cmath>
#include <limits>

namespace gigaline::model {

RampUpModel::RampUpModel(const scenario::Scenario& s, std::vector<LineRef> lines)
    : s_(s), lines_(std::move(lines)), maturity_(lines_.size(), 1.0), time_shift_days_(lines_.size(), 0.0),
      cells_lost_(lines_.size(), 0.0), skill_loss_(lines_.size(), 0.0), applied_(s.events.size(), false),
      started_(lines_.size(), false)
{
  if (s.ramp_up.skill && s.workforce)
    skill_.emplace(*s.workforce, s.calendar.start_date);
}

bool RampUpModel::concerns(const scenario::Event& e, std::size_t line) const
{
  return e.line.empty() || e.line == s_.lines[static_cast<std::size_t>(lines_[line].scenario_line)].id;
}

double RampUpModel::time_form(std::size_t l, double day) const
{
  return time_maturity(day - lines_[l].sop_day - time_shift_days_[l], s_.ramp_up.time->tau_days);
}

double RampUpModel::experience_form(std::size_t l, double cum_good) const
{
  return experience_maturity(std::max(0.0, cum_good - cells_lost_[l]), s_.ramp_up.experience->initial_cells,
                             s_.ramp_up.experience->progress_ratio);
}

void RampUpModel::start_line(std::size_t l, double day, const std::vector<double>& cum_good)
{
  started_[l] = true;
  const double f = s_.ramp_up.transfer;
  if (f <= 0)
    return;
  // the plant's learning: the most mature line already running, form by form
  double best_time = 0, best_experience = 0;
  for (std::size_t j = 0; j < lines_.size(); ++j) {
    if (!started_[j] || !(lines_[j].sop_day < lines_[l].sop_day))
      continue;
    if (s_.ramp_up.time)
      best_time = std::max(best_time, time_form(j, day));
    if (s_.ramp_up.experience)
      best_experience = std::max(best_experience, experience_form(j, cum_good[j]));
  }
  constexpr double almost_one = 1.0 - 1e-12;
  if (s_.ramp_up.time && f * best_time > time_form(l, day)) { // an earlier effective SOP: m(SOP) = f x best
    const double m0 = std::min(f * best_time, almost_one);
    time_shift_days_[l] -= -s_.ramp_up.time->tau_days * std::log(1.0 - m0) - (day - lines_[l].sop_day);
  }
  if (s_.ramp_up.experience && f * best_experience > experience_form(l, cum_good[l])) { // credited experience
    const auto& x = *s_.ramp_up.experience;
    const double m0 = std::min(f * best_experience, almost_one);
    cells_lost_[l] -= x.initial_cells * (std::pow(1.0 - m0, 1.0 / std::log2(x.progress_ratio)) - 1.0) - cum_good[l];
  }
}

double RampUpModel::compute(std::size_t l, double day, double cum_good) const
{
  std::vector<double> forms;
  if (s_.ramp_up.time)
    forms.push_back(time_form(l, day));
  if (s_.ramp_up.experience)
    forms.push_back(experience_form(l, cum_good));
  if (skill_)
    forms.push_back(skill_->effective_skill() * (1.0 - skill_loss_[l]));
  return combine(forms, s_.ramp_up.combine);
}

void RampUpModel::advance_to(double day, const std::vector<double>& cum_good)
{
  if (skill_) {
    bool producing = false;
    for (const auto& l : lines_)
      producing = producing || day > l.sop_day;
    skill_->advance_to(day, producing);
  }
  for (std::size_t e = 0; e < s_.events.size(); ++e) {
    const auto& ev = s_.events[e];
    const double at = static_cast<double>(ev.date - s_.calendar.start_date);
    if (applied_[e] || ev.kind != scenario::EventKind::process_change || at > day)
      continue;
    applied_[e] = true;
    const double keep = 1.0 - ev.maturity_loss;
    for (std::size_t l = 0; l < lines_.size(); ++l) {
      if (!concerns(ev, l))
        continue;
      if (s_.ramp_up.time) { // find the effective age whose maturity is keep x the current one
        const double tau = s_.ramp_up.time->tau_days;
        const double since = day - lines_[l].sop_day - time_shift_days_[l];
        if (since > 0) {
          const double m = time_maturity(since, tau) * keep;
          time_shift_days_[l] += since - (-tau * std::log(1.0 - m));
        }
      }
      if (s_.ramp_up.experience) {
        const auto& x = *s_.ramp_up.experience;
        const double q = std::max(0.0, cum_good[l] - cells_lost_[l]);
        const double m = experience_maturity(q, x.initial_cells, x.progress_ratio) * keep;
        const double q_new = x.initial_cells * (std::pow(1.0 - m, 1.0 / std::log2(x.progress_ratio)) - 1.0);
        cells_lost_[l] += q - std::max(0.0, q_new);
      }
      skill_loss_[l] = 1.0 - (1.0 - skill_loss_[l]) * keep;
    }
  }
  // knowledge of a changed process comes back as the line practises it: the loss decays with the skill's
  // practice time constant, or 90 days when none is given
  if (day_ >= 0) {
    const double tau = s_.workforce && s_.workforce->practice_tau_days > 0 ? s_.workforce->practice_tau_days : 90.0;
    for (auto& loss : skill_loss_)
      loss *= std::exp(-(day - day_) / tau);
  }
  day_ = day;
  for (std::size_t l = 0; l < lines_.size(); ++l) // in line order: copies of a line start after it
    if (!started_[l] && day >= lines_[l].sop_day)
      start_line(l, day, cum_good);
  for (std::size_t l = 0; l < lines_.size(); ++l)
    maturity_[l] = day < lines_[l].sop_day ? 0.0 : compute(l, day, cum_good[l]);
}

double RampUpModel::daily_cap(int line, double day) const
{
  double cap = std::numeric_limits<double>::infinity();
  for (const auto& ev : s_.events) {
    if (ev.kind != scenario::EventKind::output_cap || !concerns(ev, static_cast<std::size_t>(line)))
      continue;
    const double from = static_cast<double>(ev.date - s_.calendar.start_date);
    const double to = ev.end_date ? static_cast<double>(*ev.end_date - s_.calendar.start_date)
                                  : std::numeric_limits<double>::infinity();
    if (day >= from && day < to)
      cap = std::min(cap, ev.max_cells_per_day);
  }
  return cap;
}

} // namespace gigaline::model
