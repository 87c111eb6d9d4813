// src/scenario/ScenarioDescriptors.cpp — THE table of the scenario format, part 1: the plant (sources, calendar,
// product, lines), cost, run and the root; part 2, StageDescriptors.cpp: stages; part 3, PeopleDescriptors.cpp.
#include "gigaline/scenario/ScenarioDescriptors.hpp"

#include "DescriptorLimits.hpp"

#include <string>

namespace gigaline::scenario {

template <>
const ObjectDesc<Source>& describe<Source>()
{
  static const ObjectDesc<Source> d{
      "Source",
      "A public figure's origin, or an assumption made by the scenario's author. Observations cite sources by id.",
      {
          field("id", &Source::id, "Unique id, cited by observations").req().id(),
          field("kind", &Source::kind, "published: a public source; assumption: an estimate or derived figure"),
          field("citation", &Source::citation, "Who said it, where and when").req().nonempty(),
          field("url", &Source::url, "Where to read it"),
          field("note", &Source::note, "What the scenario takes from it, and how it was derived"),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<Shifts>& describe<Shifts>()
{
  static const ObjectDesc<Shifts> d{
      "Shifts",
      "The shift calendar: machines are off outside the working hours of the working days.",
      {
          field("working_days", &Shifts::working_days, "Days of the week the plant works").min_items(1),
          field("start_h", &Shifts::start_h, "Hour the working day starts").in("h").ge(0).lt(24),
          field("hours_per_day", &Shifts::hours_per_day, "Working hours from start_h (may run past midnight)")
              .in("h")
              .gt(0)
              .le(24),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<MaintenanceWindow>& describe<MaintenanceWindow>()
{
  static const ObjectDesc<MaintenanceWindow> d{
      "MaintenanceWindow",
      "A planned stop of the whole plant, once or recurring.",
      {
          field("start_date", &MaintenanceWindow::start_date, "First day of the window (starts at 00:00)").req(),
          field("duration_h", &MaintenanceWindow::duration_h, "Length of the window").in("h").req().gt(0),
          field("repeat_days", &MaintenanceWindow::repeat_days, "Period of recurrence; 0 = once").in("d").ge(0),
      },
      {},
      {},
      {},
      [](const MaintenanceWindow& w, Context& ctx, const std::string& ptr) {
        if (w.repeat_days > 0 && w.repeat_days * 24.0 <= w.duration_h)
          ctx.error(err::inconsistent, ptr + "/repeat_days",
                    "expected a period longer than the window (" + format_number(w.duration_h) + " h), found " +
                        std::to_string(w.repeat_days) + " d");
      }};
  return d;
}

template <>
const ObjectDesc<Calendar>& describe<Calendar>()
{
  static const ObjectDesc<Calendar> d{
      "Calendar",
      "When the simulation starts, how long it runs, and when the plant works.",
      {
          field("start_date", &Calendar::start_date, "Simulated time 0 is this day at 00:00").req(),
          field("horizon_days", &Calendar::horizon_days, "Length of the run, warm-up included")
              .in("d")
              .req()
              .gt(0)
              .le(max_horizon_days),
          field("warmup_days", &Calendar::warmup_days, "Statistics are reset at the end of the warm-up").in("d").ge(0),
          field("shifts", &Calendar::shifts, "Shift calendar; absent = 24/7"),
          field("maintenance", &Calendar::maintenance, "Planned maintenance windows"),
      },
      {},
      {},
      {},
      [](const Calendar& c, Context& ctx, const std::string& ptr) {
        if (c.warmup_days >= c.horizon_days)
          ctx.error(err::inconsistent, ptr + "/warmup_days",
                    "expected less than horizon_days (" + format_number(c.horizon_days) + "), found " +
                        format_number(c.warmup_days));
      }};
  return d;
}

template <>
const ObjectDesc<Product>& describe<Product>()
{
  static const ObjectDesc<Product> d{
      "Product",
      "The cell, module and vehicle pack the line makes; converts cells to GWh and vehicle-equivalents.",
      {
          field("cell_energy_wh", &Product::cell_energy_wh, "Energy of one cell").in("Wh").req().gt(0),
          field("cells_per_module", &Product::cells_per_module, "Good cells consumed by one module").req().ge(1),
          field("pack_kwh", &Product::pack_kwh, "Energy of one vehicle pack, for vehicle-equivalents")
              .in("kWh")
              .req()
              .gt(0),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<Line>& describe<Line>()
{
  static const ObjectDesc<Line> d{
      "Line",
      "A production line (or block): stages in flow order, and its own start of production and maturity.",
      {
          field("id", &Line::id, "Unique id of the line").req().id(),
          field("count", &Line::count, "Identical lines built from this description (named id, id.2, ...)")
              .ge(1)
              .le(max_line_count),
          field("sop_date", &Line::sop_date, "Start of production: the line is off before, and matures from it").req(),
          field("sop_stagger_days", &Line::sop_stagger_days,
                "Days between the SOPs of the copies: copy k (from 0) starts k x sop_stagger_days after sop_date")
              .in("d")
              .ge(0),
          field("nameplate_gwh_per_year", &Line::nameplate_gwh_per_year, "Published nameplate capacity of one line")
              .in("GWh/yr")
              .gt(0),
          field("stages", &Line::stages, "Stages in flow order; the last one is the line's output")
              .req()
              .min_items(1)
              .max_items(max_stages),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<Cost>& describe<Cost>()
{
  static const ObjectDesc<Cost> d{
      "Cost",
      "Cost model: EUR per kWh of good cells, so that scrap is priced.",
      {
          field("material_eur_per_kwh", &Cost::material_eur_per_kwh, "Materials per kWh of cells started")
              .in("EUR/kWh")
              .ge(0),
          field("energy_eur_per_kwh", &Cost::energy_eur_per_kwh, "Price of factory electricity").in("EUR/kWh").ge(0),
          field("labour_eur_per_year", &Cost::labour_eur_per_year, "Labour cost of the plant per year")
              .in("EUR/yr")
              .ge(0),
          field("capex_eur", &Cost::capex_eur, "Capital invested").in("EUR").ge(0),
          field("depreciation_years", &Cost::depreciation_years, "Straight-line depreciation period").in("yr").gt(0),
          field("cell_price_eur_per_kwh", &Cost::cell_price_eur_per_kwh,
                "Sale price of good cells: prices the GWh lost against nameplate; absent = not priced")
              .in("EUR/kWh")
              .gt(0),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<Run>& describe<Run>()
{
  static const ObjectDesc<Run> d{
      "Run",
      "Run settings; the command line may override them.",
      {
          field("seed", &Run::seed, "Seed of every random stream (with replication and entity ids)"),
          field("replications", &Run::replications, "Independent replications").ge(1).le(max_replications),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<Scenario>& describe<Scenario>()
{
  static const ObjectDesc<Scenario> d{
      "Scenario",
      "A gigaline scenario: one plant (or region) and what is known of it.",
      {
          field("schema_version", &Scenario::schema_version, "Version of this format").req().only(1),
          field("name", &Scenario::name, "Short name, used in outputs").req().id(),
          field("description", &Scenario::description, "What the scenario represents").req().nonempty(),
          field("sources", &Scenario::sources, "Where the figures come from"),
          field("calendar", &Scenario::calendar, "Dates, horizon and working time").req(),
          field("product", &Scenario::product, "Cell, module and pack").req(),
          field("lines", &Scenario::lines, "Production lines; at most 100 in all, count included")
              .req()
              .min_items(1)
              .max_items(max_line_count),
          field("ramp_up", &Scenario::ramp_up, "Learning forms driving maturity"),
          field("workforce", &Scenario::workforce, "Experts and local staff (skill transfer, hiring)"),
          field("staffing", &Scenario::staffing,
                "Shifts opened as qualified operators allow; absent = lines run "
                "whenever the calendar allows"),
          field("demand", &Scenario::demand, "Customer call-offs; absent = output is not limited by demand"),
          field("events", &Scenario::events, "Dated events"),
          field("observations", &Scenario::observations, "Published figures to reproduce"),
          field("calibration", &Scenario::calibration, "Parameters to fit"),
          field("cost", &Scenario::cost, "Cost model; absent = no cost figures"),
          field("run", &Scenario::run, "Seed and replications"),
      },
      {},
      {},
      {},
      {}};
  return d;
}

const char* to_string(StageKind kind)
{
  return enum_name(kind);
}

} // namespace gigaline::scenario
