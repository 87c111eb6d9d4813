// tests/model/test_economics.cpp — the energy and cost model (model/Economics) against hand-computed values, and
// its limits: off time draws nothing, no good cells cost nothing per kWh, a period of one year depreciates 1/N.
#include "gigaline/model/Economics.hpp"

#include <catch2/catch.hpp>

using namespace gigaline;

TEST_CASE("a station's energy is base load, busy and idle power per machine-hour and energy per cell",
          "[quick][economics]")
{
  // 10 kW all of one hour; 2 machines busy half an hour each at 100 kW; 1 machine-hour on but not busy at 5 kW;
  // 1,000 cells at 0.01 kWh: 10 + 100 + 5 + 10 kWh
  const model::StationUse u{3600, 2 * 1800, 3600, 1000};
  CHECK(model::station_energy_kwh(10, 100, 5, 0.01, u) == Approx(125.0).epsilon(1e-15));
  // a machine that is off (not in busy_s nor on_not_busy_s) draws only the base load
  CHECK(model::station_energy_kwh(10, 100, 5, 0.01, {3600, 0, 0, 0}) == 10.0);
  CHECK(model::station_energy_kwh(0, 100, 5, 0.01, {7200, 0, 0, 0}) == 0.0);
}

TEST_CASE("the cost of a kWh of good cells adds material of every cell started, energy, labour and depreciation",
          "[quick][economics]")
{
  scenario::Cost c;
  c.material_eur_per_kwh = 100;
  c.energy_eur_per_kwh = 0.1;
  c.labour_eur_per_year = 1e6;
  c.capex_eur = 1e7;
  c.depreciation_years = 10;
  const double year = 365.25 * 86400;
  // cells of 0.2 kWh: 1,000 started, 900 good, 100 scrapped; 5,000 kWh; one year
  const auto k = model::cell_cost(c, year, 0.2, 1000, 900, 100, 5000);
  // 100 * 0.2 * 1000 + 0.1 * 5000 + 1e6 + 1e7 / 10 = 2,020,500 EUR over 180 kWh of good cells
  CHECK(k.eur_per_kwh == Approx(2020500.0 / 180).epsilon(1e-14));
  CHECK(k.scrap_material_eur == Approx(2000.0).epsilon(1e-15));
  // labour and depreciation scale with the period: half a year halves them
  const auto half = model::cell_cost(c, year / 2, 0.2, 1000, 900, 100, 5000);
  CHECK(half.eur_per_kwh == Approx((20000 + 500 + 5e5 + 5e5) / 180.0).epsilon(1e-14));
  // no good cells: no cost per kWh (not a division by zero), the scrap still priced
  const auto none = model::cell_cost(c, year, 0.2, 100, 0, 100, 5000);
  CHECK(none.eur_per_kwh == 0.0);
  CHECK(none.scrap_material_eur == Approx(2000.0).epsilon(1e-15));
}
