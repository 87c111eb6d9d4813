// src/run/KpiObserver.cpp — integrates machine states and WIP between events, and counts cells, in the
// station's own cell-equivalents; plant totals weight each station by its share of a finished cell.
#include "gigaline/run/KpiObserver.hpp"

#include <cmath>

namespace gigaline::run {

using engine::MachineState;

void KpiObserver::on_start(const engine::PlantLayout& layout)
{
  r_.layout = layout;
  const std::size_t n = layout.stations.size();
  c_.assign(n, {});
  count_.assign(n, {});
  wip_.assign(n, 0.0);
  last_t_.assign(n, 0.0);
  for (std::size_t s = 0; s < n; ++s)
    count_[s][static_cast<std::size_t>(MachineState::off)] = layout.stations[s].machines;
  lines_.assign(layout.lines.size(), {});
  status_.lines.assign(layout.lines.size(), {});
}

void KpiObserver::flush_status(double t)
{
  const double dt = t - status_t_;
  if (dt <= 0)
    return;
  for (std::size_t l = 0; l < lines_.size(); ++l) {
    const auto& s = status_.lines[l];
    auto& i = lines_[l];
    i.maturity += s.maturity * dt;
    i.shifts_per_week += s.shifts_per_week * dt;
    i.operators += s.operators * dt;
    i.availability += s.availability * dt;
  }
  const auto& p = status_.plant;
  plant_.skill += p.skill * dt;
  plant_.local_skill += p.local_skill * dt;
  plant_.local_staff += p.local_staff * dt;
  plant_.qualified += p.qualified * dt;
  plant_.in_training += p.in_training * dt;
  plant_.experts += p.experts * dt;
  plant_.operators_available += p.operators_available * dt;
  plant_.operators_assigned += p.operators_assigned * dt;
  if (std::isfinite(p.demand_cells_per_day)) {
    plant_.demand_cells += p.demand_cells_per_day * dt / 86400.0;
    plant_.demand_s += dt;
  }
  plant_.stock_cells += p.stock_cells * dt;
  plant_.holding_s += p.holding ? dt : 0.0;
  status_t_ = t;
}

void KpiObserver::on_status(double t, const engine::ControlStatus& status)
{
  flush_status(t);
  status_ = status;
}

void KpiObserver::on_shipment(double, double shipped, double unfilled, double)
{
  plant_.shipped += shipped;
  plant_.unfilled += unfilled;
}

void KpiObserver::flush(int station, double t)
{
  const auto s = static_cast<std::size_t>(station);
  const double dt = t - last_t_[s];
  if (dt <= 0)
    return;
  for (std::size_t k = 0; k < engine::machine_state_count; ++k)
    c_[s].state_s[k] += count_[s][k] * dt;
  c_[s].wip_integral += wip_[s] * dt;
  last_t_[s] = t;
}

void KpiObserver::on_state(double t, int station, MachineState from, MachineState to)
{
  flush(station, t);
  auto& n = count_[static_cast<std::size_t>(station)];
  --n[static_cast<std::size_t>(from)];
  ++n[static_cast<std::size_t>(to)];
}

void KpiObserver::on_arrival(double t, int station, std::int64_t cells)
{
  flush(station, t);
  const auto& info = r_.layout.stations[static_cast<std::size_t>(station)];
  const double c = static_cast<double>(cells) / info.inputs;
  c_[static_cast<std::size_t>(station)].arrived += c;
  wip_[static_cast<std::size_t>(station)] += c;
  if (info.is_raw_fed)
    started_ += c * info.weight;
}

void KpiObserver::on_lot_start(double, int station, std::int64_t cells)
{
  c_[static_cast<std::size_t>(station)].processed += static_cast<double>(cells);
}

void KpiObserver::on_departure(double t, int station, std::int64_t cells, double sojourn_cell_s, double age_cell_s)
{
  flush(station, t);
  const auto s = static_cast<std::size_t>(station);
  const double c = static_cast<double>(cells);
  c_[s].departed += c;
  c_[s].sojourn += sojourn_cell_s;
  wip_[s] -= c;
  if (r_.layout.stations[s].is_output) {
    c_[s].age += age_cell_s;
    good_ += c;
    lines_[static_cast<std::size_t>(r_.layout.stations[s].line)].good += c;
  }
}

void KpiObserver::on_scrap(double t, int found, int caused, std::int64_t cells, engine::ScrapCause,
                           double sojourn_cell_s)
{
  flush(found, t);
  const auto f = static_cast<std::size_t>(found);
  const double c = static_cast<double>(cells);
  c_[f].scrap_found += c;
  c_[f].sojourn += sojourn_cell_s;
  c_[static_cast<std::size_t>(caused)].scrap_caused += c;
  wip_[f] -= c;
  scrapped_ += c * r_.layout.stations[f].weight;
}

void KpiObserver::on_modules(double, int, std::int64_t modules)
{
  modules_ += static_cast<double>(modules);
}

Snapshot KpiObserver::snapshot(double t, int month_index)
{
  for (std::size_t s = 0; s < c_.size(); ++s)
    flush(static_cast<int>(s), t);
  Snapshot snap;
  snap.t = t;
  snap.month_index = month_index;
  snap.stations = c_;
  snap.wip = wip_;
  snap.started = started_;
  snap.good = good_;
  snap.scrapped = scrapped_;
  snap.modules = modules_;
  flush_status(t);
  snap.lines = lines_;
  snap.plant = plant_;
  return snap;
}

void KpiObserver::on_reset(double t, const std::vector<double>& wip)
{
  r_.reset = snapshot(t, month_);
  r_.wip_reset = wip;
}

void KpiObserver::on_month(double t, int month_index)
{
  month_ = month_index;
  r_.months.push_back(snapshot(t, month_index));
}

void KpiObserver::on_end(double t, const std::vector<double>& wip)
{
  r_.end = snapshot(t, month_);
  r_.wip_end = wip;
}

ReplicationResult KpiObserver::take(const engine::RunStats& stats)
{
  r_.stats = stats;
  return std::move(r_);
}

} // namespace gigaline::run
