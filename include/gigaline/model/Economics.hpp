// gigaline/model/Economics.hpp — the energy and cost model, pure and engine-free: a station's kWh from its machine
// time by state, and the cost of a kWh of good cells from materials, energy, labour and depreciation.
#pragma once

#include "gigaline/scenario/Scenario.hpp"

namespace gigaline::model {

/// Machine time of a station over a period, in machine-seconds, and the cells it processed.
struct StationUse {
  double period_s = 0;      ///< wall time of the period (the base load runs all of it)
  double busy_s = 0;        ///< machine-seconds busy
  double on_not_busy_s = 0; ///< machine-seconds idle, starved, blocked or down (off draws nothing)
  double cells = 0;         ///< cells processed
};

/// kWh of a station: base_kw all the period, busy_kw per busy machine-hour, idle_kw per machine-hour on but not
/// busy, kwh_per_cell per cell processed.
double station_energy_kwh(double base_kw, double busy_kw, double idle_kw, double kwh_per_cell, const StationUse& u);

/// What the cells of a period cost (scenario `cost` section).
struct CellCost {
  double eur_per_kwh = 0;        ///< per kWh of good cells; 0 when there is none
  double scrap_material_eur = 0; ///< the material of the cells scrapped
};

/// EUR per kWh of good cells over `period_s`: the material of every cell started (scrap is priced by the material
/// it wastes), the factory's energy, labour and straight-line depreciation of the capital over the period.
CellCost cell_cost(const scenario::Cost& c, double period_s, double cell_kwh, double started, double good,
                   double scrapped, double energy_kwh);

} // namespace gigaline::model
