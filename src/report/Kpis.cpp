// src/report/Kpis.cpp — the KPI catalogue (gigaline/report/Kpis.hpp): one table that the sweep database, the
// baselines and the HTML pages read their KPI keys, labels and tolerances from.
#include "gigaline/report/Kpis.hpp"

#include <array>

namespace gigaline::report {

namespace {
constexpr unsigned run = per_run, month = per_month, run_month = per_run | per_month,
                   curve = per_run | per_month | guarded_curve;

// Relative parts of a tolerance absorb small model changes nobody cares about; absolute parts keep months near
// zero (before SOP, the first weeks) from failing on a handful of cells.
constexpr std::array<Kpi, 16> catalogue{{
    {"cells_started", "Cells started", "cells", 1, run_month},
    {"cells_good", "Good cells", "cells", 1, curve, 0.01, 100},
    {"cells_scrapped", "Cells scrapped", "cells", 1, run_month},
    {"cells_wip_end", "Cells in process at the end", "cells", 1, run},
    {"modules", "Modules", "modules", 1, run_month},
    {"gwh", "GWh of good cells", "GWh", 1, curve, 0.01, 1e-4},
    {"gwh_cumulative", "Cumulative GWh", "GWh", 1, month | guarded_curve, 0.01, 1e-4},
    {"vehicles", "Vehicle-equivalents (GWh / pack kWh)", "vehicles", 1, run_month},
    {"scrap_rate", "Scrap rate (%)", "%", 100, curve, 0.02, 0.002},
    {"oee", "Plant OEE (%)", "%", 100, curve, 0.02, 0.005},
    {"throughput_cells_per_h", "Throughput (good cells per hour)", "cells/h", 1, run},
    {"lead_time_h", "Line lead time (h)", "h", 1, run},
    {"energy_kwh", "Factory energy (kWh)", "kWh", 1, run_month},
    {"kwh_per_kwh", "Factory kWh per kWh of good cells", "kWh/kWh", 1, run_month},
    {"cost_eur_per_kwh", "Cost (EUR per kWh of good cells)", "EUR/kWh", 1, run},
    {"scrap_material_eur", "Materials lost to scrap (EUR)", "EUR", 1, run},
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

} // namespace gigaline::report
