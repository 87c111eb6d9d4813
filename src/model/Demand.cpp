// src/model/Demand.cpp — call-off schedule arithmetic (monthly figures spread evenly over the month's days)
// and the finished-goods store's daily bookkeeping.
#include "gigaline/model/Demand.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gigaline::model {

namespace {
constexpr double unlimited = std::numeric_limits<double>::infinity();
}

double cells_per_unit(scenario::DemandUnit unit, const scenario::Product& p)
{
  switch (unit) {
  case scenario::DemandUnit::cells:
    return 1.0;
  case scenario::DemandUnit::modules:
    return p.cells_per_module;
  case scenario::DemandUnit::gwh:
    return 1e9 / p.cell_energy_wh;
  case scenario::DemandUnit::vehicles:
    return p.pack_kwh * 1e3 / p.cell_energy_wh;
  }
  return 1.0;
}

DemandModel::DemandModel(const scenario::Demand& d, const scenario::Product& p, Date start)
    : d_(d), per_unit_(cells_per_unit(d.unit, p)), start_(start)
{
}

double DemandModel::cells_per_day(double day) const
{
  const Date date = start_ + static_cast<int>(std::floor(day));
  const Month m = Month::of(date);
  double rate = unlimited;
  for (const auto& c : d_.calloffs)
    if (c.month <= m)
      rate = c.value * per_unit_ / static_cast<double>((m + 1).first_day() - m.first_day());
  return rate;
}

void DemandModel::close_day(double day, double made, double judged)
{
  const double demand = cells_per_day(day);
  const double ship = std::min(stock_ + made, demand);
  if (std::isfinite(demand))
    unfilled_ += demand - ship;
  stock_ += made - ship;
  shipped_ += ship;
  made_window_[days_closed_ % 28] = made;
  judged_window_[days_closed_ % 28] = judged;
  ++days_closed_;
}

double DemandModel::start_quota(double day) const
{
  if (!holding())
    return unlimited;
  double made = 0, judged = 0;
  for (int i = 0; i < 28; ++i) {
    made += made_window_[i];
    judged += judged_window_[i];
  }
  const double yield = judged > 0 && made > 0 ? made / judged : 1.0;
  return cells_per_day(day) / yield;
}

} // namespace gigaline::model
