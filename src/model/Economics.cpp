// src/model/Economics.cpp — energy of a station and cost of a kWh of good cells (gigaline/model/Economics.hpp).
// The report computes its energy_kwh, kwh_per_kwh, cost_eur_per_kwh and scrap_material_eur KPIs here.
#include "gigaline/model/Economics.hpp"

namespace gigaline::model {

namespace {
constexpr double hour = 3600.0;
constexpr double year = 365.25 * 86400.0;
} // namespace

double station_energy_kwh(double base_kw, double busy_kw, double idle_kw, double kwh_per_cell, const StationUse& u)
{
  return base_kw * u.period_s / hour + busy_kw * u.busy_s / hour + idle_kw * u.on_not_busy_s / hour +
         kwh_per_cell * u.cells;
}

CellCost cell_cost(const scenario::Cost& c, double period_s, double cell_kwh, double started, double good,
                   double scrapped, double energy_kwh)
{
  const double years = period_s / year;
  const double material = c.material_eur_per_kwh * cell_kwh * started;
  const double total = material + c.energy_eur_per_kwh * energy_kwh + c.labour_eur_per_year * years +
                       c.capex_eur / c.depreciation_years * years;
  const double good_kwh = good * cell_kwh;
  return {good_kwh > 0 ? total / good_kwh : 0.0, c.material_eur_per_kwh * cell_kwh * scrapped};
}

} // namespace gigaline::model
