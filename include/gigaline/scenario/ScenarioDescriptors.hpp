// gigaline/scenario/ScenarioDescriptors.hpp — declares which scenario structs and enums are described,
// so that Codec<T> can read, write and document them. The tables are in Scenario-, Stage- and PeopleDescriptors.cpp.
#pragma once

#include "gigaline/scenario/Descriptor.hpp"
#include "gigaline/scenario/Scenario.hpp"

namespace gigaline::scenario {

#define GIGALINE_DESCRIBED(T)                                                                                          \
  template <>                                                                                                          \
  struct IsDescribed<T> : std::true_type {                                                                             \
  };                                                                                                                   \
  template <>                                                                                                          \
  const ObjectDesc<T>& describe<T>();

GIGALINE_DESCRIBED(Source)
GIGALINE_DESCRIBED(Shifts)
GIGALINE_DESCRIBED(MaintenanceWindow)
GIGALINE_DESCRIBED(Calendar)
GIGALINE_DESCRIBED(Product)
GIGALINE_DESCRIBED(Scrap)
GIGALINE_DESCRIBED(Breakdowns)
GIGALINE_DESCRIBED(Power)
GIGALINE_DESCRIBED(Stage)
GIGALINE_DESCRIBED(Line)
GIGALINE_DESCRIBED(TimeLearning)
GIGALINE_DESCRIBED(ExperienceLearning)
GIGALINE_DESCRIBED(Commissioning)
GIGALINE_DESCRIBED(RampUp)
GIGALINE_DESCRIBED(Headcount)
GIGALINE_DESCRIBED(Workforce)
GIGALINE_DESCRIBED(ShiftLevel)
GIGALINE_DESCRIBED(Staffing)
GIGALINE_DESCRIBED(CallOff)
GIGALINE_DESCRIBED(Demand)
GIGALINE_DESCRIBED(Event)
GIGALINE_DESCRIBED(Observation)
GIGALINE_DESCRIBED(CalibrationParameter)
GIGALINE_DESCRIBED(Posterior)
GIGALINE_DESCRIBED(Calibration)
GIGALINE_DESCRIBED(Cost)
GIGALINE_DESCRIBED(Run)
GIGALINE_DESCRIBED(Scenario)

template <>
struct EnumNames<StageKind> {
  static constexpr std::array<std::pair<StageKind, const char*>, 5> values{{
      {StageKind::electrode_coating, "electrode_coating"},
      {StageKind::process, "process"},
      {StageKind::stacking, "stacking"},
      {StageKind::formation, "formation"},
      {StageKind::module_assembly, "module_assembly"},
  }};
};
template <>
struct EnumNames<Dist> {
  static constexpr std::array<std::pair<Dist, const char*>, 5> values{{
      {Dist::deterministic, "deterministic"},
      {Dist::exponential, "exponential"},
      {Dist::lognormal, "lognormal"},
      {Dist::gamma, "gamma"},
      {Dist::weibull, "weibull"},
  }};
};
template <>
struct EnumNames<TimeBasis> {
  static constexpr std::array<std::pair<TimeBasis, const char*>, 2> values{{
      {TimeBasis::calendar, "calendar"},
      {TimeBasis::operating, "operating"},
  }};
};
template <>
struct EnumNames<FailureEffect> {
  static constexpr std::array<std::pair<FailureEffect, const char*>, 2> values{{
      {FailureEffect::resume, "resume"},
      {FailureEffect::scrap, "scrap"},
  }};
};
template <>
struct EnumNames<EventKind> {
  static constexpr std::array<std::pair<EventKind, const char*>, 2> values{{
      {EventKind::output_cap, "output_cap"},
      {EventKind::process_change, "process_change"},
  }};
};
template <>
struct EnumNames<Metric> {
  static constexpr std::array<std::pair<Metric, const char*>, 10> values{{
      {Metric::cells_good, "cells_good"},
      {Metric::scrap_rate, "scrap_rate"},
      {Metric::gwh, "gwh"},
      {Metric::gwh_cumulative, "gwh_cumulative"},
      {Metric::vehicles_per_year, "vehicles_per_year"},
      {Metric::daily_output_ratio, "daily_output_ratio"},
      {Metric::modules, "modules"},
      {Metric::cells_cumulative, "cells_cumulative"},
      {Metric::vehicles, "vehicles"},
      {Metric::shifts_per_week, "shifts_per_week"},
  }};
};
template <>
struct EnumNames<Bound> {
  static constexpr std::array<std::pair<Bound, const char*>, 4> values{{
      {Bound::point, "point"},
      {Bound::at_most, "at_most"},
      {Bound::at_least, "at_least"},
      {Bound::between, "between"},
  }};
};
template <>
struct EnumNames<Basis> {
  static constexpr std::array<std::pair<Basis, const char*>, 3> values{{
      {Basis::observed, "observed"},
      {Basis::plan, "plan"},
      {Basis::estimate, "estimate"},
  }};
};
template <>
struct EnumNames<SourceKind> {
  static constexpr std::array<std::pair<SourceKind, const char*>, 2> values{{
      {SourceKind::published, "published"},
      {SourceKind::assumption, "assumption"},
  }};
};
template <>
struct EnumNames<Combine> {
  static constexpr std::array<std::pair<Combine, const char*>, 2> values{{
      {Combine::product, "product"},
      {Combine::min, "min"},
  }};
};
template <>
struct EnumNames<Weekday> {
  static constexpr std::array<std::pair<Weekday, const char*>, 7> values{{
      {Weekday::mon, "mon"},
      {Weekday::tue, "tue"},
      {Weekday::wed, "wed"},
      {Weekday::thu, "thu"},
      {Weekday::fri, "fri"},
      {Weekday::sat, "sat"},
      {Weekday::sun, "sun"},
  }};
};
template <>
struct EnumNames<StaffingOrder> {
  static constexpr std::array<std::pair<StaffingOrder, const char*>, 2> values{{
      {StaffingOrder::line_first, "line_first"},
      {StaffingOrder::shift_first, "shift_first"},
  }};
};
template <>
struct EnumNames<DemandUnit> {
  static constexpr std::array<std::pair<DemandUnit, const char*>, 4> values{{
      {DemandUnit::cells, "cells"},
      {DemandUnit::modules, "modules"},
      {DemandUnit::gwh, "gwh"},
      {DemandUnit::vehicles, "vehicles"},
  }};
};

} // namespace gigaline::scenario
