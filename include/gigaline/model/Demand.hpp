// gigaline/model/Demand.hpp — customers' call-offs and the finished-goods store: good cells go into the store,
// ship at the call-off rate, and a full store makes the plant hold volume to that rate. Pure, no engine.
#pragma once

#include "gigaline/scenario/Scenario.hpp"

namespace gigaline::model {

/// Cells one unit of a call-off is worth (a module, a GWh, a vehicle's pack).
double cells_per_unit(scenario::DemandUnit unit, const scenario::Product& p);

/// Day by day, without backlog (a call-off the store cannot fill is lost):
///   stock(d+1) = stock(d) + made(d) - shipped(d),  shipped(d) = min(stock(d) + made(d), demand(d))
/// and the plant holds volume on day d+1 when stock(d+1) >= store_cells: its raw-fed stations may start
/// demand(d+1) / yield cells that day (yield: good / judged cells of the last 28 days), else any number.
class DemandModel {
public:
  DemandModel(const scenario::Demand& d, const scenario::Product& p, Date start);
  /// Call-off of day `day` (days since the start) in cells per day; infinity before the first call-off.
  [[nodiscard]] double cells_per_day(double day) const;
  /// Closes day `day`: `made` good cells were made that day, `judged` cells were made or scrapped.
  void close_day(double day, double made, double judged);
  /// Cells the plant may start on day `day` (after close_day of the day before); infinity when not holding.
  [[nodiscard]] double start_quota(double day) const;

  [[nodiscard]] double stock() const { return stock_; }
  [[nodiscard]] double shipped_total() const { return shipped_; }
  [[nodiscard]] double unfilled_total() const { return unfilled_; }
  [[nodiscard]] bool holding() const { return stock_ >= d_.store_cells; }

private:
  scenario::Demand d_;
  double per_unit_;
  Date start_;
  double stock_ = 0, shipped_ = 0, unfilled_ = 0;
  double made_window_[28] = {}, judged_window_[28] = {};
  long days_closed_ = 0;
};

} // namespace gigaline::model
