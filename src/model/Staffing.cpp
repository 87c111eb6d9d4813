// src/model/Staffing.cpp — the hiring and training pipeline as a fluid (people are real numbers, so a plan's
// figures and fractions of staff stay exact), and the greedy allocation of shifts to lines.
#include "gigaline/model/Staffing.hpp"

#include "gigaline/model/Skill.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gigaline::model {

std::vector<double> operators_per_shift(const scenario::Scenario& s)
{
  std::vector<double> out;
  for (const auto& line : s.lines) {
    double sum = 0;
    for (const auto& stage : line.stages)
      sum += stage.operators;
    const double n = sum > 0 ? sum : (s.staffing ? s.staffing->operators_per_shift : 0.0);
    for (int c = 0; c < line.count; ++c)
      out.push_back(n);
  }
  return out;
}

StaffingModel::StaffingModel(const scenario::Staffing& st, const scenario::Workforce& w, Date start,
                             std::vector<StaffedLine> lines)
    : st_(st), w_(w), start_(start), lines_(std::move(lines)), sop_order_(lines_.size()), level_(lines_.size(), 0)
{
  std::iota(sop_order_.begin(), sop_order_.end(), std::size_t{0});
  std::stable_sort(sop_order_.begin(), sop_order_.end(),
                   [&](std::size_t a, std::size_t b) { return lines_[a].sop_day < lines_[b].sop_day; });
  const double first = headcount_on(w_.local_staff, start_);
  qualified_ = std::min(first, st_.initially_qualified);
  pool_ = first - qualified_;
  hired_ = first;
}

double StaffingModel::operators_needed(int line, int level) const
{
  if (level <= 0)
    return 0.0;
  const auto& rung = st_.ladder[static_cast<std::size_t>(level - 1)];
  return lines_[static_cast<std::size_t>(line)].operators_per_shift * rung.shifts_per_day * rung.days_per_week /
         st_.shifts_per_operator_week;
}

double StaffingModel::in_training() const
{
  double n = 0;
  for (const auto& c : training_)
    n += c.people;
  return n;
}

void StaffingModel::hire(double headcount)
{
  double change = headcount - hired_;
  hired_ = headcount;
  if (change >= 0) {
    pool_ += change;
    return;
  }
  // people leave: first those not yet in training, then the newest trainees, then qualified staff
  double leave = -change;
  const double from_pool = std::min(pool_, leave);
  pool_ -= from_pool;
  leave -= from_pool;
  while (leave > 0 && !training_.empty()) {
    auto& c = training_.back();
    const double k = std::min(c.people, leave);
    c.people -= k;
    leave -= k;
    if (c.people <= 0)
      training_.pop_back();
  }
  qualified_ = std::max(0.0, qualified_ - leave);
}

void StaffingModel::train(double day)
{
  while (!training_.empty() && training_.front().qualifies_day <= day) {
    qualified_ += training_.front().people;
    training_.pop_front();
  }
  double start = pool_;
  if (st_.trainees_per_expert > 0)
    start = std::min(start, std::max(0.0, experts_ * st_.trainees_per_expert - in_training()));
  if (start <= 0)
    return;
  pool_ -= start;
  if (st_.qualification_days <= 0)
    qualified_ += start;
  else
    training_.push_back({day + st_.qualification_days, start});
}

void StaffingModel::allocate(double day)
{
  available_ = st_.operator_fraction * qualified_ + st_.expert_operator_fraction * experts_;
  double left = available_;
  std::fill(level_.begin(), level_.end(), 0);
  std::vector<std::size_t> running;
  for (std::size_t l : sop_order_)
    if (lines_[l].sop_day <= day)
      running.push_back(l);
  const int top = static_cast<int>(st_.ladder.size());
  // a tiny tolerance: headcounts are exact plan figures, costs are products of them
  auto affordable = [&](double cost) { return cost <= left * (1 + 1e-12) + 1e-9; };
  if (st_.order == scenario::StaffingOrder::line_first) {
    for (std::size_t l : running) {
      int k = top;
      while (k > 0 && !affordable(operators_needed(static_cast<int>(l), k)))
        --k;
      level_[l] = k;
      left -= operators_needed(static_cast<int>(l), k);
    }
  } else {
    for (int k = 1; k <= top; ++k)
      for (std::size_t l : running) {
        if (level_[l] != k - 1)
          continue;
        const double extra = operators_needed(static_cast<int>(l), k) - operators_needed(static_cast<int>(l), k - 1);
        if (affordable(extra)) {
          level_[l] = k;
          left -= extra;
        }
      }
  }
  assigned_ = available_ - std::max(0.0, left);
}

void StaffingModel::advance_to(double day)
{
  // whole days: hiring and training move at midnight; the first call sets the state of its own day
  const double from = day_ < 0 ? day : day_ + 1;
  for (double d = from; d <= day; d += 1) {
    const Date today = start_ + static_cast<int>(d);
    experts_ = headcount_on(w_.experts, today);
    hire(headcount_on(w_.local_staff, today));
    train(d);
  }
  day_ = std::max(day_, day);
  allocate(day);
}

} // namespace gigaline::model
