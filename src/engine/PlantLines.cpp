// src/engine/PlantLines.cpp — what the control processes set on the hot path (a line's state, maturity and
// quota) and what the observers are told (months, shipments, status, WIP at reset and end). No SimGrid here.
#include "gigaline/model/Maturity.hpp"

#include "Plant.hpp"

#include <algorithm>

namespace gigaline::engine::detail {

void Plant::set_line_state(int line, LineState state)
{
  const bool on = state == LineState::running, stopped = state == LineState::stopped;
  for (int s : line_stations_[static_cast<std::size_t>(line)]) {
    Station& st = stations_[static_cast<std::size_t>(s)];
    if (st.store)
      continue;
    if (st.on == on) {
      if (st.stopped != stopped) { // off <-> stopped: only how idle machines are reported changes
        st.stopped = stopped;
        for (std::size_t m = 0; m < st.machines.size(); ++m)
          refresh(s, static_cast<int>(m));
      }
      continue;
    }
    st.on = on;
    st.stopped = stopped;
    for (std::size_t m = 0; m < st.machines.size(); ++m) {
      Machine& mc = st.machines[m];
      if (mc.has_lot && !mc.done && !mc.down) {
        if (!on) { // pause: the lot resumes where it stopped
          const double elapsed = now_ - mc.busy_since;
          mc.work_left = std::max(0.0, mc.work_left - elapsed);
          if (st.has_breakdowns && st.bd.basis == scenario::TimeBasis::operating)
            mc.ttf_left -= elapsed;
          ++mc.gen;
        } else {
          schedule_machine(s, static_cast<int>(m));
        }
      }
      refresh(s, static_cast<int>(m));
      if (on && mc.fail_pending) {
        mc.fail_pending = false;
        go_down(s, static_cast<int>(m));
      }
    }
  }
  if (on)
    for (int s : line_stations_[static_cast<std::size_t>(line)])
      try_start(s);
}

void Plant::set_line_maturity(int line, double m)
{
  const LineInfo& li = layout_.lines[static_cast<std::size_t>(line)];
  const scenario::Line& sl = scenario_->lines[static_cast<std::size_t>(li.scenario_line)];
  for (int s : line_stations_[static_cast<std::size_t>(line)]) {
    Station& st = stations_[static_cast<std::size_t>(s)];
    const scenario::Stage& sg = sl.stages[static_cast<std::size_t>(st.info.stage)];
    const bool has_store = sg.kind == scenario::StageKind::formation && sg.aging_days > 0;
    if (!(has_store && !st.store)) // formation's own scrap is graded at the end of aging
      st.scrap_p = model::interpolate(sg.scrap.initial, sg.scrap.mature, m);
    st.timing.speed = model::interpolate(sg.speed_initial, 1.0, m);
    if (sg.breakdowns)
      st.mttr_h =
          model::interpolate(sg.breakdowns->mttr_initial_h.value_or(sg.breakdowns->mttr_h), sg.breakdowns->mttr_h, m);
  }
}

void Plant::set_line_quota(int line, double cells_per_day)
{
  for (int s : line_stations_[static_cast<std::size_t>(line)]) {
    Station& st = stations_[static_cast<std::size_t>(s)];
    if (!st.info.is_raw_fed)
      continue;
    // unused quota is lost (volume held), an overdraft carries over: on average exactly cells_per_day
    st.quota_left = std::min(st.quota_left, 0.0) + cells_per_day;
    try_start(s);
  }
}

std::vector<double> Plant::wip() const
{
  // in cells of each station: a join's buffers hold k units of material per cell
  std::vector<double> w(stations_.size(), 0.0);
  for (std::size_t k = 0; k < stations_.size(); ++k) {
    const Station& st = stations_[k];
    std::int64_t buffered = 0, inside = st.store_cells;
    for (const auto& b : st.inputs)
      buffered += b.cells;
    for (const auto& mc : st.machines)
      if (mc.has_lot)
        inside += mc.lot.cells;
    w[k] = static_cast<double>(inside) + static_cast<double>(buffered) / static_cast<double>(st.info.inputs);
  }
  return w;
}

void Plant::notify_month(double t, int month_index)
{
  for (auto* o : observers_)
    o->on_month(t, month_index);
}

void Plant::notify_shipment(double t, double shipped, double unfilled, double stock)
{
  for (auto* o : observers_)
    o->on_shipment(t, shipped, unfilled, stock);
}

void Plant::notify_status(double t, const ControlStatus& status)
{
  for (auto* o : observers_)
    o->on_status(t, status);
}

void Plant::notify_reset(double t)
{
  const auto w = wip();
  for (auto* o : observers_)
    o->on_reset(t, w);
}

void Plant::notify_end(double t)
{
  const auto w = wip();
  for (auto* o : observers_)
    o->on_end(t, w);
}

} // namespace gigaline::engine::detail
