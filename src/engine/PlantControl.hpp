// src/engine/PlantControl.hpp — the control processes of one plant and the models they drive: month sampling,
// learning, staffing, volume (output caps and demand), one shift calendar per line, daily status, warm-up.
// Each process is registered with the ControlPlane, which runs it as a SimGrid actor.
#pragma once

#include "gigaline/model/Demand.hpp"
#include "gigaline/model/RampUp.hpp"
#include "gigaline/model/ShiftPattern.hpp"
#include "gigaline/model/Staffing.hpp"
#include "gigaline/model/WorkCalendar.hpp"

#include "ControlPlane.hpp"
#include "Plant.hpp"

#include <optional>
#include <vector>

namespace gigaline::engine::detail {

class PlantControl {
public:
  PlantControl(const scenario::Scenario& s, Plant& plant);
  PlantControl(const PlantControl&) = delete;
  PlantControl& operator=(const PlantControl&) = delete;

  /// Registers every process of this plant; the order among processes due at one instant is ControlPriority's.
  void install(ControlPlane& plane);

private:
  double ship(double t);
  double sample_month(double t);
  double learn(double t);
  double staff(double t);
  double set_volume(double t);
  double run_line(std::size_t l, double t);
  double publish_status(double t);

  [[nodiscard]] double line_rate(std::size_t l) const;
  [[nodiscard]] double shifts_per_week(std::size_t l) const;

  const scenario::Scenario& s_;
  Plant& plant_;
  model::WorkCalendar calendar_;
  model::RampUpModel ramp_;
  std::optional<model::StaffingModel> staffing_;
  std::optional<model::DemandModel> demand_;
  std::vector<double> sop_;      ///< per line, seconds since the start
  std::vector<double> cum_good_; ///< per line, at the last learning update
  std::vector<model::ShiftPattern> pattern_;
  std::vector<double> quota_; ///< per line, cells per day
  std::vector<double> rate_;  ///< per line, ideal bottleneck rate (units per second)
  Month month_;
  double shipped_good_ = 0, shipped_scrapped_ = 0; ///< plant totals at the last shipment
  unsigned start_weekday_ = 0;
};

} // namespace gigaline::engine::detail
