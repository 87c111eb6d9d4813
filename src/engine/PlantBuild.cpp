// src/engine/PlantBuild.cpp — builds the hot path of a plant from its scenario: stations (with aging stores
// split from formation), buffers and links of joins, latent-defect slots, random streams and first failures.
#include "gigaline/core/Error.hpp"

#include "Plant.hpp"

#include <algorithm>
#include <string>

namespace gigaline::engine::detail {

namespace {
using scenario::Dist;
using scenario::StageKind;
constexpr double hour = 3600.0, day = 86400.0;

double per_cell_time(const scenario::Stage& st, int cells_per_module)
{
  switch (st.kind) {
  case StageKind::electrode_coating:
    return st.electrode_m_per_cell / st.speed_m_per_min * 60.0;
  case StageKind::process:
    return st.cycle_s;
  case StageKind::stacking:
    return st.cycle_s > 0 ? st.cycle_s : st.sheet_s * st.sheets_per_cell;
  case StageKind::module_assembly:
    return st.cycle_s / cells_per_module;
  case StageKind::formation:
    return 0.0;
  }
  return 0.0;
}
} // namespace

void Plant::add_line(const scenario::Scenario& s, std::size_t li, int copy, std::uint64_t seed, std::uint64_t rep)
{
  const scenario::Line& line = s.lines[li];
  LineInfo info;
  info.id = copy == 0 ? line.id : line.id + "." + std::to_string(copy + 1);
  info.scenario_line = static_cast<int>(li);
  info.copy = copy;
  info.first_station = static_cast<int>(stations_.size());
  const int line_index = static_cast<int>(layout_.lines.size());
  const std::size_t n = line.stages.size();
  std::vector<int> entry(n), exit(n);
  std::vector<std::vector<int>> inputs(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!line.stages[i].inputs) {
      if (i > 0)
        inputs[i].push_back(static_cast<int>(i) - 1);
    } else {
      for (const auto& id : *line.stages[i].inputs)
        for (std::size_t j = 0; j < i; ++j)
          if (line.stages[j].id == id)
            inputs[i].push_back(static_cast<int>(j));
    }
  }
  // cell-equivalent weights, from the output backwards: k joined inputs share their consumer's weight
  std::vector<double> weight(n, 1.0);
  for (std::size_t i = n; i-- > 0;)
    for (int j : inputs[i])
      weight[static_cast<std::size_t>(j)] = weight[i] / static_cast<double>(inputs[i].size());

  for (std::size_t i = 0; i < n; ++i) {
    const scenario::Stage& sg = line.stages[i];
    const std::string prefix = info.id + "/" + sg.id;
    Station st;
    st.info.line = line_index;
    st.info.stage = static_cast<int>(i);
    st.info.name = sg.id;
    st.info.weight = weight[i];
    st.info.is_raw_fed = inputs[i].empty();
    st.info.inputs = std::max<int>(1, static_cast<int>(inputs[i].size()));
    st.info.base_kw = sg.power.base_kw;
    st.info.busy_kw = sg.power.busy_kw;
    st.info.idle_kw = sg.power.idle_kw;
    st.info.kwh_per_cell = sg.power.kwh_per_cell;
    st.lot_cells = sg.kind == StageKind::module_assembly
                       ? static_cast<std::int64_t>(sg.batch_modules) * s.product.cells_per_module
                       : sg.lot_cells;
    st.modules_per_lot = sg.kind == StageKind::module_assembly ? sg.batch_modules : 0;
    int machines = sg.machines;
    if (sg.kind == StageKind::formation) {
      machines = sg.channels / sg.lot_cells;
      st.timing.lot_fixed_s = sg.formation_h * hour;
      st.info.ideal_cell_s = st.timing.lot_fixed_s / static_cast<double>(sg.lot_cells);
    } else {
      st.timing.cell_s = per_cell_time(sg, s.product.cells_per_module);
      st.timing.lot_fixed_s = sg.kind == StageKind::electrode_coating ? sg.changeover_min * 60.0 : 0.0;
      st.info.ideal_cell_s = st.timing.cell_s + st.timing.lot_fixed_s / static_cast<double>(st.lot_cells);
    }
    st.info.machines = machines;
    st.timing.dist = sg.cycle_dist;
    st.timing.cv = sg.cycle_dist == Dist::exponential ? 1.0 : sg.cycle_cv;
    st.scrap_p = sg.scrap.mature;
    st.latent_fraction = sg.scrap.latent_fraction;
    if (sg.breakdowns) {
      st.has_breakdowns = true;
      st.bd = *sg.breakdowns;
      st.mttr_h = sg.breakdowns->mttr_h;
    }
    st.service = RandomStream(seed, rep, entity_id(prefix + "#service"));
    st.scrap = RandomStream(seed, rep, entity_id(prefix + "#scrap"));
    st.machines.resize(static_cast<std::size_t>(machines));
    for (int m = 0; m < machines; ++m)
      st.machines[static_cast<std::size_t>(m)].failures =
          RandomStream(seed, rep, entity_id(prefix + "#machine" + std::to_string(m)));
    for (int j : inputs[i]) {
      Buffer b;
      b.capacity = static_cast<std::int64_t>(sg.buffer_lots) * st.lot_cells;
      st.inputs.push_back(b);
      st.upstream.push_back(exit[static_cast<std::size_t>(j)]);
    }
    entry[i] = exit[i] = static_cast<int>(stations_.size());
    stations_.push_back(std::move(st));
    if (sg.kind == StageKind::formation && sg.aging_days > 0) {
      Station ag;
      ag.store = true;
      ag.info = stations_.back().info;
      ag.info.name = sg.id + "/aging";
      ag.info.machines = 0;
      ag.info.is_store = true;
      ag.info.is_raw_fed = false;
      ag.info.inputs = 1;
      ag.info.ideal_cell_s = 0;
      ag.info.base_kw = ag.info.busy_kw = ag.info.idle_kw = ag.info.kwh_per_cell = 0;
      ag.delay_s = sg.aging_days * day;
      ag.lot_cells = sg.lot_cells;
      if (sg.aging_capacity_cells > 0)
        ag.store_capacity = sg.aging_capacity_cells;
      ag.inputs.resize(1); // holds only the queue of formation machines waiting for room
      ag.upstream.push_back(exit[i]);
      ag.scrap_p = sg.scrap.mature; // grading at the end of aging finds the formation's own defects
      stations_.back().scrap_p = 0;
      ag.scrap = RandomStream(seed, rep, entity_id(prefix + "#grading"));
      exit[i] = static_cast<int>(stations_.size());
      stations_.push_back(std::move(ag));
    }
  }
  // links
  for (std::size_t i = 0; i < n; ++i) {
    Station& st = stations_[static_cast<std::size_t>(entry[i])];
    for (std::size_t k = 0; k < st.upstream.size(); ++k) {
      Station& up = stations_[static_cast<std::size_t>(st.upstream[k])];
      up.downstream = entry[i];
      up.downstream_slot = static_cast<int>(k);
    }
    if (exit[i] != entry[i]) {
      stations_[static_cast<std::size_t>(entry[i])].downstream = exit[i];
      stations_[static_cast<std::size_t>(entry[i])].downstream_slot = 0;
    }
  }
  stations_[static_cast<std::size_t>(exit[n - 1])].info.is_output = true;
  // latent defect slots: line-local; found at detected_at's exit or the next formation stage's exit
  int slots = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const scenario::Stage& sg = line.stages[i];
    if (sg.scrap.latent_fraction <= 0)
      continue;
    if (slots == max_latent_slots)
      throw InputError("[engine.E401] /lines/" + std::to_string(li) +
                       ": at most 8 stages of a line may make latent defects");
    int finder = -1;
    for (std::size_t j = i + 1; j < n && finder < 0; ++j)
      if (sg.scrap.detected_at.empty() ? line.stages[j].kind == StageKind::formation
                                       : line.stages[j].id == sg.scrap.detected_at)
        finder = exit[j];
    stations_[static_cast<std::size_t>(exit[i])].latent_slot = slots;
    const std::size_t key =
        static_cast<std::size_t>(info.first_station) * max_latent_slots + static_cast<std::size_t>(slots);
    if (slot_station_.size() <= key)
      slot_station_.resize(key + 1, -1);
    slot_station_[key] = exit[i];
    stations_[static_cast<std::size_t>(finder)].detects_mask |= 1u << slots;
    slots++;
  }
  info.station_count = static_cast<int>(stations_.size()) - info.first_station;
  layout_.lines.push_back(info);
  line_stations_.emplace_back();
  for (int k = info.first_station; k < info.first_station + info.station_count; ++k)
    line_stations_.back().push_back(k);
}

Plant::Plant(const scenario::Scenario& s, int replication, std::vector<Observer*> observers)
    : observers_(std::move(observers))
{
  const std::uint64_t seed = s.run.seed, rep = static_cast<std::uint64_t>(replication);
  layout_.horizon_s = s.calendar.horizon_days * day;
  layout_.warmup_s = s.calendar.warmup_days * day;
  layout_.cells_per_module = s.product.cells_per_module;
  layout_.cell_energy_wh = s.product.cell_energy_wh;

  for (std::size_t li = 0; li < s.lines.size(); ++li)
    for (int copy = 0; copy < s.lines[li].count; ++copy)
      add_line(s, li, copy, seed, rep);
  good_cells_.assign(layout_.lines.size(), 0.0);
  for (auto& st : stations_)
    layout_.stations.push_back(st.info);
  scenario_ = &s;
  for (auto* o : observers_)
    o->on_start(layout_);
  // machines start off; breakdown clocks start now
  for (std::size_t k = 0; k < stations_.size(); ++k) {
    Station& st = stations_[k];
    for (std::size_t m = 0; m < st.machines.size(); ++m) {
      Machine& mc = st.machines[m];
      if (!st.has_breakdowns)
        continue;
      mc.ttf_left = draw_ttf(st, mc);
      if (st.bd.basis == scenario::TimeBasis::calendar)
        push(mc.ttf_left, EventType::fail, static_cast<int>(k), static_cast<int>(m), not_cancellable);
    }
  }
}

} // namespace gigaline::engine::detail
