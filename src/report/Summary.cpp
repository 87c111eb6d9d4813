// src/report/Summary.cpp — from snapshots to KPIs (states, OEE, lead time, WIP, energy, ramp-up by month) and
// nameplate by month. The files written from them are Writers.cpp; definitions are documented in docs/outputs.md.
#include "gigaline/report/Summary.hpp"

#include "gigaline/core/Error.hpp"
#include "gigaline/core/Text.hpp"
#include "gigaline/core/Version.hpp"
#include "gigaline/engine/EngineInfo.hpp"
#include "gigaline/model/Economics.hpp"
#include "gigaline/report/Stages.hpp"
#include "gigaline/scenario/Loader.hpp"
#include "gigaline/scenario/ScenarioDescriptors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace gigaline::report {

namespace {
using engine::MachineState;
constexpr double hour = 3600.0;

std::size_t idx(MachineState s)
{
  return static_cast<std::size_t>(s);
}

StationCounters diff(const StationCounters& b, const StationCounters& a)
{
  StationCounters d;
  for (std::size_t k = 0; k < d.state_s.size(); ++k)
    d.state_s[k] = b.state_s[k] - a.state_s[k];
  d.arrived = b.arrived - a.arrived;
  d.processed = b.processed - a.processed;
  d.departed = b.departed - a.departed;
  d.scrap_found = b.scrap_found - a.scrap_found;
  d.scrap_caused = b.scrap_caused - a.scrap_caused;
  d.wip_integral = b.wip_integral - a.wip_integral;
  d.sojourn = b.sojourn - a.sojourn;
  d.age = b.age - a.age;
  return d;
}

double energy_kwh(const engine::StationInfo& info, const StationCounters& d, double period)
{
  const double on_not_busy = d.state_s[idx(MachineState::idle)] + d.state_s[idx(MachineState::starved)] +
                             d.state_s[idx(MachineState::blocked)] + d.state_s[idx(MachineState::down)];
  return model::station_energy_kwh(info.base_kw, info.busy_kw, info.idle_kw, info.kwh_per_cell,
                                   {period, d.state_s[idx(MachineState::busy)], on_not_busy, d.processed});
}

struct Oee {
  double availability = 0, performance = 0, quality = 0, oee = 0;
};

Oee oee_of(const engine::StationInfo& info, const StationCounters& d, double period)
{
  Oee o;
  const double planned = info.machines * period - d.state_s[idx(MachineState::off)];
  const double running = planned - d.state_s[idx(MachineState::down)];
  const double judged = d.departed + d.scrap_found;
  // an aging store grades cells but has no machine time: its quality is the grading's pass rate, and its
  // availability, performance and OEE stay 0 (not applicable)
  if (info.is_store) {
    o.quality = judged > 0 ? d.departed / judged : 1.0;
    return o;
  }
  if (planned <= 0)
    return o;
  o.availability = running / planned;
  o.performance = running > 0 ? info.ideal_cell_s * d.processed / running : 0.0;
  o.quality = judged > 0 ? d.departed / judged : 1.0;
  o.oee = o.availability * o.performance * o.quality;
  return o;
}

/// Ideal seconds per finished cell of each line: its slowest stage at mature speed.
std::vector<double> bottleneck_cycle(const engine::PlantLayout& layout)
{
  std::vector<double> cycle(layout.lines.size(), 0.0);
  for (const auto& st : layout.stations)
    if (!st.is_store && st.machines > 0)
      cycle[static_cast<std::size_t>(st.line)] =
          std::max(cycle[static_cast<std::size_t>(st.line)], st.ideal_cell_s / st.machines);
  return cycle;
}

Row plant_period(const scenario::Scenario& s, const engine::PlantLayout& layout, const Snapshot& a, const Snapshot& b,
                 double gwh_before)
{
  const double period = b.t - a.t;
  const double good = b.good - a.good, scrapped = b.scrapped - a.scrapped;
  const double gwh = good * s.product.cell_energy_wh / 1e9;
  double energy = 0, oee_num = 0, oee_den = 0;
  const auto cycle = bottleneck_cycle(layout);
  for (std::size_t k = 0; k < layout.stations.size(); ++k) {
    const auto& info = layout.stations[k];
    const StationCounters d = diff(b.stations[k], a.stations[k]);
    energy += energy_kwh(info, d, period);
    if (info.is_output && info.machines > 0) {
      const double planned_line = (info.machines * period - d.state_s[idx(MachineState::off)]) / info.machines;
      oee_num += d.departed * cycle[static_cast<std::size_t>(info.line)];
      oee_den += planned_line;
    }
  }
  return {{"cells_started", b.started - a.started},
          {"cells_good", good},
          {"cells_scrapped", scrapped},
          {"scrap_rate", good + scrapped > 0 ? scrapped / (good + scrapped) : 0.0},
          {"modules", b.modules - a.modules},
          {"gwh", gwh},
          {"gwh_cumulative", gwh_before + gwh},
          {"vehicles", gwh * 1e6 / s.product.pack_kwh},
          {"oee", oee_den > 0 ? oee_num / oee_den : 0.0},
          {"energy_kwh", energy},
          {"kwh_per_kwh", gwh > 0 ? energy / (gwh * 1e6) : 0.0}};
}

/// The plant's control state over a period (time averages; demand, shipped and unfilled are counts): only the
/// figures of the sections the scenario has, so a line without workforce, staffing or demand keeps its columns.
void append_plant_state(const scenario::Scenario& s, const Snapshot& a, const Snapshot& b, Row& row)
{
  const double period = b.t - a.t;
  if (period <= 0)
    return;
  using run::PlantStateIntegrals;
  auto mean = [&](double PlantStateIntegrals::*f) { return (b.plant.*f - a.plant.*f) / period; };
  if (s.workforce) {
    row.emplace_back("skill", mean(&PlantStateIntegrals::skill));
    row.emplace_back("local_skill", mean(&PlantStateIntegrals::local_skill));
    row.emplace_back("local_staff", mean(&PlantStateIntegrals::local_staff));
    row.emplace_back("experts", mean(&PlantStateIntegrals::experts));
  }
  if (s.staffing) {
    row.emplace_back("qualified", mean(&PlantStateIntegrals::qualified));
    row.emplace_back("in_training", mean(&PlantStateIntegrals::in_training));
    row.emplace_back("operators_available", mean(&PlantStateIntegrals::operators_available));
    row.emplace_back("operators_assigned", mean(&PlantStateIntegrals::operators_assigned));
    double shifts = 0;
    for (std::size_t l = 0; l < b.lines.size() && l < a.lines.size(); ++l)
      shifts += (b.lines[l].shifts_per_week - a.lines[l].shifts_per_week) / period;
    row.emplace_back("shifts_per_week", shifts); // staffed shifts a week, summed over the lines
  }
  if (s.demand) {
    row.emplace_back("demand_cells", b.plant.demand_cells - a.plant.demand_cells);
    row.emplace_back("shipped_cells", b.plant.shipped - a.plant.shipped);
    row.emplace_back("unfilled_cells", b.plant.unfilled - a.plant.unfilled);
    row.emplace_back("stock_cells", mean(&PlantStateIntegrals::stock_cells));
    row.emplace_back("holding_share", mean(&PlantStateIntegrals::holding_s));
  }
}

/// One line over a period: mean maturity, staffed shifts a week, operators, commissioning availability
/// (time averages) and the good cells it made.
Row line_period(const Snapshot& a, const Snapshot& b, std::size_t l)
{
  const double period = b.t - a.t;
  const auto& x = a.lines[l];
  const auto& y = b.lines[l];
  auto mean = [&](double u, double v) { return period > 0 ? (v - u) / period : 0.0; };
  return {{"maturity", mean(x.maturity, y.maturity)},
          {"shifts_per_week", mean(x.shifts_per_week, y.shifts_per_week)},
          {"operators", mean(x.operators, y.operators)},
          {"availability", mean(x.availability, y.availability)},
          {"cells_good", y.good - x.good}};
}

/// KPIs of one station between two snapshots; wip_a and wip_b are its cells at both ends.
Row station_row(const engine::StationInfo& info, const Snapshot& a, const Snapshot& b, std::size_t i, double wip_a,
                double wip_b)
{
  const double period = b.t - a.t;
  const StationCounters d = diff(b.stations[i], a.stations[i]);
  const double cap = info.machines * period;
  const Oee o = oee_of(info, d, period);
  const double left = d.departed + d.scrap_found;
  Row row;
  for (int st = 0; st < engine::machine_state_count; ++st)
    row.emplace_back(engine::to_string(static_cast<MachineState>(st)),
                     cap > 0 ? d.state_s[static_cast<std::size_t>(st)] / cap : 0.0);
  row.insert(row.end(), {{"availability", o.availability},
                         {"performance", o.performance},
                         {"quality", o.quality},
                         {"oee", o.oee},
                         {"throughput_cells_per_h", period > 0 ? d.departed / period * hour : 0.0},
                         {"lead_time_h", left > 0 ? d.sojourn / left / hour : 0.0},
                         {"wip_mean", period > 0 ? d.wip_integral / period : 0.0},
                         {"cells_in", d.arrived + wip_a},
                         {"cells_out", d.departed},
                         {"scrap_found", d.scrap_found},
                         {"scrap_caused", d.scrap_caused},
                         {"wip_end", wip_b},
                         {"energy_kwh", energy_kwh(info, d, period)}});
  return row;
}

} // namespace

bool AggregatedRow::has(const std::string& name) const
{
  return std::find(names.begin(), names.end(), name) != names.end();
}

const Interval& AggregatedRow::at(const std::string& name) const
{
  for (std::size_t k = 0; k < names.size(); ++k)
    if (names[k] == name)
      return values[k];
  throw ModelError("[report.E501] no figure named \"" + name + "\"");
}

double value_of(const Row& row, std::string_view name)
{
  for (const auto& [key, v] : row)
    if (key == name)
      return v;
  return std::nan("");
}

ReplicationKpis compute_kpis(const scenario::Scenario& s, const ReplicationResult& r)
{
  ReplicationKpis k;
  const auto& layout = r.layout;
  const double period = r.end.t - r.reset.t;
  double wip_reset = 0, wip_end = 0;
  for (std::size_t i = 0; i < layout.stations.size(); ++i) {
    wip_reset += r.wip_reset[i] * layout.stations[i].weight;
    wip_end += r.wip_end[i] * layout.stations[i].weight;
  }
  Row plant = plant_period(s, layout, r.reset, r.end, 0.0);
  const double started = (r.end.started - r.reset.started) + wip_reset;
  const double good = r.end.good - r.reset.good, scrapped = r.end.scrapped - r.reset.scrapped;
  double age = 0;
  for (std::size_t i = 0; i < layout.stations.size(); ++i)
    if (layout.stations[i].is_output)
      age += r.end.stations[i].age - r.reset.stations[i].age;
  k.totals = {{"cells_started", started},
              {"cells_good", good},
              {"cells_scrapped", scrapped},
              {"cells_wip_end", wip_end},
              {"modules", r.end.modules - r.reset.modules}};
  for (const auto& [name, v] : plant)
    if (name == "gwh" || name == "vehicles" || name == "oee" || name == "energy_kwh" || name == "kwh_per_kwh")
      k.totals.emplace_back(name, v);
  k.totals.emplace_back("scrap_rate", good + scrapped > 0 ? scrapped / (good + scrapped) : 0.0);
  k.totals.emplace_back("lead_time_h", good > 0 ? age / good / hour : 0.0);
  k.totals.emplace_back("throughput_cells_per_h", period > 0 ? good / period * hour : 0.0);
  k.conservation_error = started - good - scrapped - wip_end;
  if (s.cost) {
    double energy = 0;
    for (const auto& [name, v] : plant)
      if (name == "energy_kwh")
        energy = v;
    const model::CellCost c =
        model::cell_cost(*s.cost, period, s.product.cell_energy_wh / 1e3, started, good, scrapped, energy);
    k.totals.emplace_back("cost_eur_per_kwh", c.eur_per_kwh);
    k.totals.emplace_back("scrap_material_eur", c.scrap_material_eur);
  }

  for (std::size_t i = 0; i < layout.stations.size(); ++i)
    k.stations.push_back(station_row(layout.stations[i], r.reset, r.end, i, r.wip_reset[i], r.wip_end[i]));

  double gwh_cum = 0;
  for (std::size_t m = 0; m < r.months.size(); ++m) {
    const Snapshot& a = r.months[m];
    const Snapshot& b = m + 1 < r.months.size() ? r.months[m + 1] : r.end;
    Row row = plant_period(s, layout, a, b, gwh_cum);
    gwh_cum = value_of(row, "gwh_cumulative");
    append_plant_state(s, a, b, row);
    k.months.push_back(std::move(row));
    std::vector<Row> lines;
    for (std::size_t l = 0; l < std::min(a.lines.size(), b.lines.size()); ++l)
      lines.push_back(line_period(a, b, l));
    k.line_months.push_back(std::move(lines));
    k.month_of.push_back(Month::from_index(a.month_index));
    std::vector<Row> stations;
    for (std::size_t i = 0; i < layout.stations.size(); ++i)
      stations.push_back(station_row(layout.stations[i], a, b, i, a.wip[i], b.wip[i]));
    k.station_months.push_back(std::move(stations));
  }
  return k;
}

std::vector<NameplateLine> nameplate_lines(const scenario::Scenario& s)
{
  std::vector<NameplateLine> out;
  for (const auto& l : s.lines)
    if (l.nameplate_gwh_per_year)
      out.push_back({l.id, l.count, l.sop_date, l.sop_stagger_days, *l.nameplate_gwh_per_year});
  return out;
}

double nameplate_gwh_in(const std::vector<NameplateLine>& lines, Month m)
{
  const double start = m.first_day().days_since_epoch(), days = m.days();
  double gwh = 0;
  for (const auto& l : lines)
    for (int k = 0; k < l.count; ++k) {
      const double from = l.sop_date.days_since_epoch() + k * l.sop_stagger_days;
      gwh += l.gwh_per_year / 12.0 * std::clamp((start + days - from) / days, 0.0, 1.0);
    }
  return gwh;
}

} // namespace gigaline::report
