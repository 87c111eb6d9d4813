// src/report/Kpis.cpp — the KPI catalogue (gigaline/report/Kpis.hpp): one table that the sweep database, the
// baselines and the HTML pages read their KPI keys, labels and tolerances from.
#include "gigaline/report/Kpis.hpp"

#include "gigaline/core/Text.hpp"

#include <array>
#include <cmath>

namespace gigaline::report {

namespace {
constexpr unsigned run = per_run, month = per_month, run_month = per_run | per_month, chart = run_chart,
                   curve = per_run | per_month | guarded_curve | run_chart, state = month_state | run_chart;

// Relative parts of a tolerance absorb small model changes nobody cares about; absolute parts keep months near
// zero (before SOP, the first weeks) from failing on a handful of cells.
constexpr std::array<Kpi, 30> catalogue{{
    {"cells_started", "Cells started", "cells", "started", 1, 0, run_month},
    {"cells_good", "Good cells", "cells", "good cells", 1, 0, curve, 0.01, 100},
    {"cells_scrapped", "Cells scrapped", "cells", "scrapped", 1, 0, run_month},
    {"cells_wip_end", "Cells in process at the end", "cells", "WIP end", 1, 0, run},
    {"modules", "Modules", "modules", "modules", 1, 0, run_month},
    {"gwh", "GWh of good cells", "GWh", "GWh", 1, 4, curve, 0.01, 1e-4},
    {"gwh_cumulative", "Cumulative GWh", "GWh", "GWh cum", 1, 3, month | guarded_curve | chart, 0.01, 1e-4},
    {"vehicles", "Vehicle-equivalents (GWh / pack kWh)", "vehicles", "vehicles", 1, 0, run_month | chart},
    {"scrap_rate", "Scrap rate (%)", "%", "scrap %", 100, 2, curve, 0.02, 0.002},
    {"oee", "Plant OEE (%)", "%", "OEE %", 100, 1, curve, 0.02, 0.005},
    {"throughput_cells_per_h", "Throughput (good cells per hour)", "cells/h", "cells/h", 1, 1, run},
    {"lead_time_h", "Line lead time (h)", "h", "lead h", 1, 2, run},
    {"energy_kwh", "Factory energy (kWh)", "kWh", "kWh", 1, 0, run_month | chart},
    {"kwh_per_kwh", "Factory kWh per kWh of good cells", "kWh/kWh", "kWh/kWh", 1, 2, run_month | chart},
    {"cost_eur_per_kwh", "Cost (EUR per kWh of good cells)", "EUR/kWh", "EUR/kWh", 1, 2, run},
    {"scrap_material_eur", "Materials lost to scrap (EUR)", "EUR", "scrap EUR", 1, 0, run},
    // the control state of a month (monthly.csv after the KPIs): time averages unless a count
    {"skill", "Plant skill (experts and locals by headcount, 0-1)", "skill", "skill", 1, 3, state},
    {"local_skill", "Skill of the local staff (0-1)", "skill", "local skill", 1, 3, state},
    {"local_staff", "Local staff hired", "people", "local staff", 1, 0, state},
    {"experts", "Experts on site", "people", "experts", 1, 0, state},
    {"qualified", "Qualified locals", "people", "qualified", 1, 0, state},
    {"in_training", "Locals in training", "people", "in training", 1, 0, state},
    {"operators_available", "Operators who could staff shifts", "people", "available", 1, 0, state},
    {"operators_assigned", "Operators on staffed shifts", "people", "assigned", 1, 0, state},
    {"shifts_per_week", "Staffed shifts a week (21 a line: around the clock)", "shifts", "shifts/wk", 1, 1, state},
    {"demand_cells", "Cells called off", "cells", "called off", 1, 0, state},
    {"shipped_cells", "Cells shipped", "cells", "shipped", 1, 0, state},
    {"unfilled_cells", "Cells called off and not shipped", "cells", "unfilled", 1, 0, state},
    {"stock_cells", "Finished-goods stock (mean)", "cells", "stock", 1, 0, state},
    {"holding_share", "Share of the month starts were held to the call-offs (%)", "%", "held %", 100, 1, month_state},
}};
} // namespace

std::span<const Kpi> kpi_catalogue()
{
  return catalogue;
}

const Kpi* find_kpi(std::string_view key)
{
  for (const Kpi& k : catalogue)
    if (k.key == key)
      return &k;
  return nullptr;
}

std::vector<std::string> kpi_keys(unsigned scopes)
{
  std::vector<std::string> keys;
  for (const Kpi& k : catalogue)
    if ((k.scopes & scopes) == scopes)
      keys.emplace_back(k.key);
  return keys;
}

std::string format_kpi(const Kpi& kpi, double value)
{
  const double v = value * kpi.scale;
  if (!std::isfinite(v))
    return "-";
  return kpi.decimals == 0 ? text::thousands(v) : text::grouped(v, kpi.decimals);
}

} // namespace gigaline::report
