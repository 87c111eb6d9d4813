// gigaline/report/Kpis.hpp — the KPI catalogue: each figure of a plant that gigaline reports, by key, with its
// label, unit and display format, where it exists (a run's totals, a month, the month's control state) and, for
// curves CI guards, tolerances.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gigaline::report {

/// Where a KPI exists; a KPI may have several.
enum KpiScope : unsigned {
  per_run = 1u,       ///< summary.json totals, a sweep run's columns
  per_month = 2u,     ///< a month of the plant (monthly.csv, a sweep's monthly table)
  guarded_curve = 4u, ///< its monthly curve is recorded by `gigaline baseline` and checked by `check`
  run_chart = 8u,     ///< drawn month by month on a run's page
  month_state = 16u,  ///< a month's control state (people, shifts, customers), only for the sections a scenario has
};

struct Kpi {
  std::string_view key;
  std::string_view label;                      ///< for people, with its unit when it has one: "Scrap rate (%)"
  std::string_view unit;                       ///< of the value once scaled: "cells", "%", "GWh"...
  std::string_view column;                     ///< a table column's short header: "scrap %"
  double scale = 1;                            ///< display = value x scale (100 for fractions shown as percentages)
  int decimals = 0;                            ///< of the scaled value in tables; 0: whole, with thousands separators
  unsigned scopes = 0;                         ///< KpiScope flags
  double rel_tolerance = 0, abs_tolerance = 0; ///< a guarded curve's default band (regress::default_tolerance)
};

/// Every KPI, in the order runs list them (summary.json totals, a sweep's columns).
std::span<const Kpi> kpi_catalogue();
/// The KPI of `key`; nullptr when the catalogue has none.
const Kpi* find_kpi(std::string_view key);
/// The keys of the KPIs with every flag of `scopes`, in catalogue order.
std::vector<std::string> kpi_keys(unsigned scopes);
/// `value` as tables show the KPI: scaled, with its decimals and thousands separators; "-" when not finite.
std::string format_kpi(const Kpi& kpi, double value);

} // namespace gigaline::report
