// src/engine/PlantControl.cpp — what each control process does when it wakes, and when it wakes next.
// Daily processes act at midnight; a line's calendar acts at its own edges (shift, maintenance, commissioning
// stops) and, when staffing opens or closes shifts, at midnight too.
#include "PlantControl.hpp"

#include "gigaline/model/Commissioning.hpp"
#include "gigaline/model/Skill.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gigaline::engine::detail {

namespace {
constexpr double day = 86400.0;
constexpr double never = std::numeric_limits<double>::infinity();
double next_midnight(double t)
{
  return (std::floor(t / day) + 1) * day;
}
} // namespace

PlantControl::PlantControl(const scenario::Scenario& s, Plant& plant)
    : s_(s), plant_(plant), calendar_(s.calendar),
      ramp_(s,
            [&] {
              std::vector<model::LineRef> refs;
              for (const auto& li : plant.layout().lines) {
                const auto& line = s.lines[static_cast<std::size_t>(li.scenario_line)];
                refs.push_back({li.scenario_line, static_cast<double>(line.sop_date - s.calendar.start_date) +
                                                      li.copy * line.sop_stagger_days});
              }
              return refs;
            }()),
      month_(Month::of(s.calendar.start_date)), start_weekday_(s.calendar.start_date.weekday())
{
  const auto& lines = plant.layout().lines;
  const std::size_t n = lines.size();
  cum_good_.assign(n, 0.0);
  quota_.assign(n, never);
  pattern_.assign(n, model::ShiftPattern{});
  for (std::size_t l = 0; l < n; ++l) {
    const auto& line = s.lines[static_cast<std::size_t>(lines[l].scenario_line)];
    sop_.push_back(
        (static_cast<double>(line.sop_date - s.calendar.start_date) + lines[l].copy * line.sop_stagger_days) * day);
    rate_.push_back(line_rate(l));
  }
  if (s.staffing) {
    std::vector<model::StaffedLine> staffed;
    const auto ops = model::operators_per_shift(s);
    for (std::size_t l = 0; l < n; ++l)
      staffed.push_back({sop_[l] / day, ops[l]});
    staffing_.emplace(*s.staffing, *s.workforce, s.calendar.start_date, std::move(staffed));
    for (auto& p : pattern_)
      p = model::ShiftPattern(*s.staffing, 0, start_weekday_);
  }
  if (s.demand)
    demand_.emplace(*s.demand, s.product, s.calendar.start_date);
}

double PlantControl::line_rate(std::size_t l) const
{
  const auto& layout = plant_.layout();
  const auto& li = layout.lines[l];
  double rate = never;
  for (int k = li.first_station; k < li.first_station + li.station_count; ++k) {
    const auto& st = layout.stations[static_cast<std::size_t>(k)];
    if (!st.is_store && st.machines > 0 && st.ideal_cell_s > 0)
      rate = std::min(rate, st.machines / st.ideal_cell_s);
  }
  return std::isfinite(rate) ? rate : 1.0;
}

double PlantControl::shifts_per_week(std::size_t l) const
{
  if (staffing_)
    return pattern_[l].shifts_per_week();
  if (!s_.calendar.shifts)
    return 21.0;
  return s_.calendar.shifts->hours_per_day / 8.0 * static_cast<double>(s_.calendar.shifts->working_days.size());
}

void PlantControl::install(ControlPlane& plane)
{
  const double horizon = s_.calendar.horizon_days * day;
  if (demand_)
    plane.add({"shipping", ControlPriority::shipping, day, [this](double t) { return ship(t); }});
  plane.add({"month-sampler", ControlPriority::month, 0.0, [this](double t) { return sample_month(t); }});
  plane.add({"ramp-up", ControlPriority::ramp_up, 0.0, [this](double t) { return learn(t); }});
  if (staffing_)
    plane.add({"staffing", ControlPriority::staffing, 0.0, [this](double t) { return staff(t); }});
  plane.add({"volume", ControlPriority::volume, 0.0, [this](double t) { return set_volume(t); }});
  const auto& lines = plant_.layout().lines;
  for (std::size_t l = 0; l < lines.size(); ++l)
    plane.add({"line/" + lines[l].id, ControlPriority::line, std::max(0.0, sop_[l]),
               [this, l](double t) { return run_line(l, t); }});
  plane.add({"status", ControlPriority::status, 0.0, [this](double t) { return publish_status(t); }});
  const double warmup = s_.calendar.warmup_days * day;
  if (warmup < horizon)
    plane.add({"warm-up", ControlPriority::warmup, std::max(0.0, warmup), [this](double t) {
                 plant_.notify_reset(t);
                 return never;
               }});
}

double PlantControl::ship(double t)
{
  double good = 0;
  for (std::size_t l = 0; l < cum_good_.size(); ++l)
    good += plant_.good_cells(static_cast<int>(l));
  const double scrapped = plant_.scrapped_cells();
  const double made = good - shipped_good_, judged = made + (scrapped - shipped_scrapped_);
  shipped_good_ = good;
  shipped_scrapped_ = scrapped;
  const double shipped_before = demand_->shipped_total(), unfilled_before = demand_->unfilled_total();
  demand_->close_day(t / day - 1, made, judged);
  plant_.notify_shipment(t, demand_->shipped_total() - shipped_before, demand_->unfilled_total() - unfilled_before,
                         demand_->stock());
  return t + day;
}

double PlantControl::sample_month(double t)
{
  plant_.notify_month(t, month_.index());
  month_ = month_ + 1;
  return static_cast<double>(month_.first_day() - s_.calendar.start_date) * day;
}

double PlantControl::learn(double t)
{
  for (std::size_t l = 0; l < cum_good_.size(); ++l)
    cum_good_[l] = plant_.good_cells(static_cast<int>(l));
  ramp_.advance_to(t / day, cum_good_);
  for (std::size_t l = 0; l < cum_good_.size(); ++l)
    plant_.set_line_maturity(static_cast<int>(l), ramp_.maturity(static_cast<int>(l)));
  return t + day;
}

double PlantControl::staff(double t)
{
  staffing_->advance_to(t / day);
  for (std::size_t l = 0; l < pattern_.size(); ++l)
    pattern_[l] = model::ShiftPattern(*s_.staffing, staffing_->level(static_cast<int>(l)), start_weekday_);
  return t + day;
}

double PlantControl::set_volume(double t)
{
  const double today = t / day;
  std::vector<double> held(quota_.size(), never);
  if (demand_ && demand_->holding()) {
    // the day's starts, split among the lines that run in proportion to their staffed capacity
    double total_weight = 0;
    std::vector<double> w(quota_.size(), 0.0);
    for (std::size_t l = 0; l < w.size(); ++l)
      if (sop_[l] <= t)
        total_weight += w[l] = rate_[l] * shifts_per_week(l);
    const double starts = demand_->start_quota(today);
    for (std::size_t l = 0; l < w.size(); ++l)
      held[l] = total_weight > 0 ? starts * w[l] / total_weight : 0.0;
  }
  for (std::size_t l = 0; l < quota_.size(); ++l) {
    quota_[l] = std::min(ramp_.daily_cap(static_cast<int>(l), today), held[l]);
    plant_.set_line_quota(static_cast<int>(l), quota_[l]);
  }
  return t + day;
}

double PlantControl::run_line(std::size_t l, double t)
{
  const auto line = static_cast<int>(l);
  double next = std::min(calendar_.next_edge(t), pattern_[l].next_edge(t));
  if (staffing_)
    next = std::min(next, next_midnight(t)); // staffing may open or close shifts at midnight
  if (!calendar_.working(t) || !pattern_[l].working(t)) {
    plant_.set_line_state(line, LineState::off);
  } else if (s_.ramp_up.commissioning) {
    auto stop = model::commissioning_stop(*s_.ramp_up.commissioning, t - sop_[l]);
    // t - sop rounds: when t is on an edge of the cycle to the last bit, decide as just past the edge
    for (int k = 0; k < 2 && sop_[l] + stop.next_edge <= t; ++k)
      stop = model::commissioning_stop(*s_.ramp_up.commissioning, stop.next_edge);
    plant_.set_line_state(line, stop.stopped ? LineState::stopped : LineState::running);
    next = std::min(next, sop_[l] + stop.next_edge);
  } else {
    plant_.set_line_state(line, LineState::running);
  }
  return next;
}

double PlantControl::publish_status(double t)
{
  ControlStatus st;
  const double today = t / day;
  for (std::size_t l = 0; l < quota_.size(); ++l) {
    LineStatus ls;
    ls.maturity = ramp_.maturity(static_cast<int>(l));
    ls.shift_level = staffing_ ? staffing_->level(static_cast<int>(l)) : -1;
    ls.shifts_per_week = t >= sop_[l] ? shifts_per_week(l) : 0.0;
    ls.operators = staffing_ ? staffing_->operators_needed(static_cast<int>(l), ls.shift_level) : 0.0;
    ls.availability = s_.ramp_up.commissioning
                          ? model::commissioning_availability(*s_.ramp_up.commissioning, today - sop_[l] / day)
                          : 1.0;
    ls.start_quota = quota_[l];
    st.lines.push_back(ls);
  }
  auto& p = st.plant;
  p.skill = ramp_.effective_skill();
  p.local_skill = ramp_.local_skill();
  if (s_.workforce) {
    const Date date = s_.calendar.start_date + static_cast<int>(std::floor(today));
    p.local_staff = model::headcount_on(s_.workforce->local_staff, date);
    p.experts = model::headcount_on(s_.workforce->experts, date);
  }
  if (staffing_) {
    p.qualified = staffing_->qualified();
    p.in_training = staffing_->in_training();
    p.operators_available = staffing_->available();
    p.operators_assigned = staffing_->assigned();
  }
  p.demand_cells_per_day = demand_ ? demand_->cells_per_day(today) : never;
  p.stock_cells = demand_ ? demand_->stock() : 0.0;
  p.holding = demand_ && demand_->holding();
  plant_.notify_status(t, st);
  return t + day;
}

} // namespace gigaline::engine::detail
