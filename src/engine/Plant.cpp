// src/engine/Plant.cpp — the engine's hot path: starting and finishing lots, buffer hand-offs with
// blocking after service, joins, aging stores, scrap and latent defects, breakdowns. No SimGrid here.
#include "Plant.hpp"

#include "gigaline/model/Sampling.hpp"

#include <algorithm>

namespace gigaline::engine::detail {

namespace {
constexpr double hour = 3600.0;
} // namespace

void Plant::push(double t, EventType type, int station, int machine, std::uint32_t gen)
{
  heap_.push_back(Event{t, seq_++, type, station, machine, gen});
  std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
}

void Plant::advance_to(double t)
{
  while (!heap_.empty() && heap_.front().t < t) {
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
    const Event e = heap_.back();
    heap_.pop_back();
    now_ = e.t;
    handle(e);
  }
  now_ = t;
}

void Plant::handle(const Event& e)
{
  switch (e.type) {
  case EventType::complete: {
    Machine& mc = stations_[static_cast<std::size_t>(e.station)].machines[static_cast<std::size_t>(e.machine)];
    if (mc.gen != e.gen)
      return;
    on_complete(e.station, e.machine);
    break;
  }
  case EventType::fail: {
    Machine& mc = stations_[static_cast<std::size_t>(e.station)].machines[static_cast<std::size_t>(e.machine)];
    if (e.gen != not_cancellable && mc.gen != e.gen)
      return;
    on_fail(e.station, e.machine);
    break;
  }
  case EventType::repair:
    on_repair(e.station, e.machine);
    break;
  case EventType::aging_done:
    on_aging_done(e.station);
    break;
  }
}

double Plant::draw_ttf(Station& st, Machine& m)
{
  return model::draw_duration(m.failures, st.bd.ttf_dist, st.bd.mtbf_h * hour, st.bd.ttf_shape, st.bd.ttf_cv);
}

double Plant::draw_ttr(Station& st, Machine& m)
{
  return model::draw_duration(m.failures, st.bd.ttr_dist, st.mttr_h * hour, st.bd.ttr_shape, st.bd.ttr_cv);
}

void Plant::refresh(int s, int m)
{
  Station& st = stations_[static_cast<std::size_t>(s)];
  Machine& mc = st.machines[static_cast<std::size_t>(m)];
  MachineState to;
  if (!st.on)
    to = st.stopped ? MachineState::down : MachineState::off;
  else if (mc.down)
    to = MachineState::down;
  else if (mc.has_lot)
    to = mc.done ? MachineState::blocked : MachineState::busy;
  else
    to = st.info.is_raw_fed ? MachineState::idle : MachineState::starved;
  if (to == mc.state)
    return;
  const MachineState from = mc.state;
  mc.state = to;
  for (auto* o : observers_)
    o->on_state(now_, s, from, to);
}

void Plant::schedule_machine(int s, int m)
{
  Station& st = stations_[static_cast<std::size_t>(s)];
  Machine& mc = st.machines[static_cast<std::size_t>(m)];
  mc.busy_since = now_;
  ++mc.gen;
  if (st.has_breakdowns && st.bd.basis == scenario::TimeBasis::operating && mc.ttf_left < mc.work_left)
    push(now_ + mc.ttf_left, EventType::fail, s, m, mc.gen);
  else
    push(now_ + mc.work_left, EventType::complete, s, m, mc.gen);
}

void Plant::start_lot(int s, int m, Lot lot)
{
  Station& st = stations_[static_cast<std::size_t>(s)];
  Machine& mc = st.machines[static_cast<std::size_t>(m)];
  for (auto* o : observers_)
    o->on_lot_start(now_, s, lot.cells);
  mc.lot = lot;
  mc.has_lot = true;
  mc.done = false;
  mc.work_left = model::lot_time(st.service, st.timing, lot.cells);
  schedule_machine(s, m);
  refresh(s, m);
}

void Plant::take_from_buffer(int s, int slot, std::int64_t cells, Lot& out)
{
  Station& st = stations_[static_cast<std::size_t>(s)];
  Buffer& b = st.inputs[static_cast<std::size_t>(slot)];
  const double share = 1.0 / static_cast<double>(st.inputs.size());
  std::int64_t need = cells;
  while (need > 0) {
    Lot& head = b.lots.front();
    const std::int64_t k = std::min(need, head.cells);
    if (k == head.cells) {
      for (int i = 0; i < max_latent_slots; ++i)
        out.latent[static_cast<std::size_t>(i)] += head.latent[static_cast<std::size_t>(i)];
      out.arrived += share * head.arrived * static_cast<double>(k) / static_cast<double>(cells);
      out.born += share * head.born * static_cast<double>(k) / static_cast<double>(cells);
      b.lots.pop_front();
    } else {
      // split: latent defects follow the cells (binomial draw, kept within what is possible)
      for (int i = 0; i < max_latent_slots; ++i) {
        auto& d = head.latent[static_cast<std::size_t>(i)];
        if (d == 0)
          continue;
        const std::int64_t lo = std::max<std::int64_t>(0, d - (head.cells - k)), hi = std::min<std::int64_t>(d, k);
        std::int64_t x = st.scrap.binomial(k, static_cast<double>(d) / static_cast<double>(head.cells));
        x = std::clamp(x, lo, hi);
        out.latent[static_cast<std::size_t>(i)] += static_cast<std::int32_t>(x);
        d -= static_cast<std::int32_t>(x);
      }
      out.arrived += share * head.arrived * static_cast<double>(k) / static_cast<double>(cells);
      out.born += share * head.born * static_cast<double>(k) / static_cast<double>(cells);
      head.cells -= k;
    }
    need -= k;
  }
  b.cells -= cells;
}

void Plant::try_start(int s)
{
  Station& st = stations_[static_cast<std::size_t>(s)];
  if (st.store || !st.on)
    return;
  for (std::size_t m = 0; m < st.machines.size(); ++m) {
    Machine& mc = st.machines[m];
    if (mc.has_lot || mc.down)
      continue;
    Lot lot;
    lot.cells = st.lot_cells;
    if (st.info.is_raw_fed) {
      if (st.quota_left <= 0) // a lot may overdraw the day's quota; the next days pay it back
        return;
      st.quota_left -= static_cast<double>(st.lot_cells);
      lot.arrived = lot.born = now_;
      for (auto* o : observers_)
        o->on_arrival(now_, s, lot.cells);
    } else {
      auto short_of_input = [&] {
        for (const auto& b : st.inputs)
          if (b.cells < st.lot_cells)
            return true;
        return false;
      };
      if (short_of_input()) {
        // a free machine lets blocked upstream lots hand over even through a full (or zero) buffer
        for (std::size_t k = 0; k < st.inputs.size(); ++k)
          release_waiters(s, static_cast<int>(k));
        if (short_of_input())
          return;
      }
      for (std::size_t k = 0; k < st.inputs.size(); ++k)
        take_from_buffer(s, static_cast<int>(k), st.lot_cells, lot);
      std::int64_t latent = 0;
      for (auto& d : lot.latent) {
        d = static_cast<std::int32_t>(std::min<std::int64_t>(d, lot.cells - latent));
        latent += d;
      }
    }
    start_lot(s, static_cast<int>(m), lot);
    for (std::size_t k = 0; k < st.inputs.size(); ++k)
      release_waiters(s, static_cast<int>(k));
  }
}

void Plant::apply_scrap(int s, Lot& lot)
{
  Station& st = stations_[static_cast<std::size_t>(s)];
  const int first = layout_.lines[static_cast<std::size_t>(st.info.line)].first_station;
  if (st.detects_mask != 0) {
    for (int i = 0; i < max_latent_slots; ++i) {
      auto& d = lot.latent[static_cast<std::size_t>(i)];
      if (!(st.detects_mask & (1u << i)) || d == 0)
        continue;
      const int caused =
          slot_station_[static_cast<std::size_t>(first) * max_latent_slots + static_cast<std::size_t>(i)];
      for (auto* o : observers_)
        o->on_scrap(now_, s, caused, d, ScrapCause::latent_defect, static_cast<double>(d) * (now_ - lot.arrived));
      scrapped_ += static_cast<double>(d) * st.info.weight;
      lot.cells -= d;
      d = 0;
    }
  }
  if (st.scrap_p <= 0 || lot.cells == 0)
    return;
  const std::int64_t defects = model::draw_defects(st.scrap, lot.cells, st.scrap_p, st.modules_per_lot);
  if (defects == 0)
    return;
  std::int64_t latent = 0;
  if (st.latent_slot >= 0) {
    latent = st.scrap.binomial(defects, st.latent_fraction);
    lot.latent[static_cast<std::size_t>(st.latent_slot)] += static_cast<std::int32_t>(latent);
  }
  const std::int64_t visible = defects - latent;
  if (visible > 0) {
    for (auto* o : observers_)
      o->on_scrap(now_, s, s, visible, ScrapCause::defect, static_cast<double>(visible) * (now_ - lot.arrived));
    scrapped_ += static_cast<double>(visible) * st.info.weight;
    lot.cells -= visible;
  }
  // latent defects cannot outnumber the cells left
  std::int64_t sum = 0;
  for (auto& d : lot.latent) {
    d = static_cast<std::int32_t>(std::min<std::int64_t>(d, lot.cells - sum));
    sum += d;
  }
}

void Plant::on_complete(int s, int m)
{
  Station& st = stations_[static_cast<std::size_t>(s)];
  Machine& mc = st.machines[static_cast<std::size_t>(m)];
  ++events_;
  if (st.has_breakdowns && st.bd.basis == scenario::TimeBasis::operating)
    mc.ttf_left -= mc.work_left;
  mc.work_left = 0;
  apply_scrap(s, mc.lot);
  finish_lot(s, m);
}

void Plant::finish_lot(int s, int m)
{
  Station& st = stations_[static_cast<std::size_t>(s)];
  Machine& mc = st.machines[static_cast<std::size_t>(m)];
  mc.done = true;
  if (mc.lot.cells == 0 || deliver(s, mc.lot, true)) {
    mc.has_lot = false;
    mc.done = false;
    refresh(s, m);
    try_start(s);
  } else {
    stations_[static_cast<std::size_t>(st.downstream)]
        .inputs[static_cast<std::size_t>(st.downstream_slot)]
        .waiting.emplace_back(s, m);
    refresh(s, m);
  }
}

bool Plant::deliver(int s, Lot& lot, bool kick)
{
  Station& st = stations_[static_cast<std::size_t>(s)];
  if (st.info.is_output) {
    for (auto* o : observers_) {
      o->on_departure(now_, s, lot.cells, static_cast<double>(lot.cells) * (now_ - lot.arrived),
                      static_cast<double>(lot.cells) * (now_ - lot.born));
      if (st.modules_per_lot > 0)
        o->on_modules(now_, s, lot.cells / layout_.cells_per_module);
    }
    good_cells_[static_cast<std::size_t>(st.info.line)] += static_cast<double>(lot.cells);
    return true;
  }
  const int d = st.downstream;
  Station& ds = stations_[static_cast<std::size_t>(d)];
  if (ds.store) {
    if (ds.store_cells + lot.cells > ds.store_capacity)
      return false;
  } else {
    Buffer& b = ds.inputs[static_cast<std::size_t>(st.downstream_slot)];
    bool fits = b.cells + lot.cells <= b.capacity;
    if (!fits && ds.on && (ds.inputs.size() == 1 || b.capacity == 0)) {
      // hand-off to free machines. A buffer that holds lots (buffer_lots >= 1, one input): a lot passes into an
      // empty buffer when a machine is free to take it. No buffer (buffer_lots 0, one input or a join): cells of
      // each input pass while the free machines are short of a lot each, so a machine whose lot is larger than
      // the lots it receives fills it, and a join's machine gathers its lot from every input
      std::int64_t free = 0;
      for (const auto& mc : ds.machines)
        free += !mc.has_lot && !mc.down ? 1 : 0;
      fits = b.capacity == 0 ? b.cells < free * ds.lot_cells : b.cells == 0 && free > 0;
    }
    if (!fits)
      return false;
  }
  for (auto* o : observers_) {
    o->on_departure(now_, s, lot.cells, static_cast<double>(lot.cells) * (now_ - lot.arrived),
                    static_cast<double>(lot.cells) * (now_ - lot.born));
    o->on_arrival(now_, d, lot.cells);
  }
  lot.arrived = now_;
  if (ds.store) {
    ds.store_cells += lot.cells;
    ds.store_lots.emplace_back(now_ + ds.delay_s, lot);
    if (ds.store_lots.size() == 1)
      push(now_ + ds.delay_s, EventType::aging_done, d, -1, 0);
  } else {
    Buffer& b = ds.inputs[static_cast<std::size_t>(st.downstream_slot)];
    b.cells += lot.cells;
    b.lots.push_back(lot);
    if (kick)
      try_start(d);
  }
  return true;
}

void Plant::release_waiters(int s, int slot)
{
  Station& st = stations_[static_cast<std::size_t>(s)];
  auto& waiting = st.inputs[static_cast<std::size_t>(slot)].waiting;
  while (!waiting.empty()) {
    const auto [u, um] = waiting.front();
    Station& up = stations_[static_cast<std::size_t>(u)];
    if (um >= 0) {
      Machine& mc = up.machines[static_cast<std::size_t>(um)];
      if (!deliver(u, mc.lot, false))
        return;
      waiting.pop_front();
      mc.has_lot = false;
      mc.done = false;
      refresh(u, um);
      try_start(u);
    } else { // the head of an aging store
      if (!deliver(u, up.store_lots.front().second, false))
        return;
      waiting.pop_front();
      up.store_head_blocked = false;
      pop_store_head(u);
    }
  }
}

void Plant::pop_store_head(int s)
{
  Station& st = stations_[static_cast<std::size_t>(s)];
  st.store_cells -= st.store_lots.front().second.cells;
  st.store_lots.pop_front();
  if (!st.store_lots.empty())
    push(std::max(now_, st.store_lots.front().first), EventType::aging_done, s, -1, 0);
  release_waiters(s, 0);
}

void Plant::on_aging_done(int s)
{
  Station& st = stations_[static_cast<std::size_t>(s)];
  ++events_;
  Lot& head = st.store_lots.front().second;
  const std::int64_t before = head.cells;
  apply_scrap(s, head);
  st.store_cells -= before - head.cells;
  if (head.cells == 0 || deliver(s, head, true)) {
    pop_store_head(s);
  } else {
    st.store_head_blocked = true;
    stations_[static_cast<std::size_t>(st.downstream)]
        .inputs[static_cast<std::size_t>(st.downstream_slot)]
        .waiting.emplace_back(s, -1);
  }
}

void Plant::go_down(int s, int m)
{
  Station& st = stations_[static_cast<std::size_t>(s)];
  Machine& mc = st.machines[static_cast<std::size_t>(m)];
  if (mc.has_lot && !mc.done) {
    const double elapsed = now_ - mc.busy_since;
    mc.work_left = std::max(0.0, mc.work_left - elapsed);
    ++mc.gen; // cancels the completion
    if (st.bd.on_failure == scenario::FailureEffect::scrap) {
      for (auto* o : observers_)
        o->on_scrap(now_, s, s, mc.lot.cells, ScrapCause::breakdown,
                    static_cast<double>(mc.lot.cells) * (now_ - mc.lot.arrived));
      scrapped_ += static_cast<double>(mc.lot.cells) * st.info.weight;
      mc.has_lot = false;
    }
  }
  mc.ttf_left = 0;
  mc.down = true;
  push(now_ + draw_ttr(st, mc), EventType::repair, s, m, not_cancellable);
  refresh(s, m);
}

void Plant::on_fail(int s, int m)
{
  Station& st = stations_[static_cast<std::size_t>(s)];
  Machine& mc = st.machines[static_cast<std::size_t>(m)];
  if (!st.on) { // a calendar failure while off strikes when the machine is switched on
    mc.fail_pending = true;
    return;
  }
  go_down(s, m);
}

void Plant::on_repair(int s, int m)
{
  Station& st = stations_[static_cast<std::size_t>(s)];
  Machine& mc = st.machines[static_cast<std::size_t>(m)];
  mc.down = false;
  mc.ttf_left = draw_ttf(st, mc);
  if (st.bd.basis == scenario::TimeBasis::calendar)
    push(now_ + mc.ttf_left, EventType::fail, s, m, not_cancellable);
  if (mc.has_lot && !mc.done && st.on)
    schedule_machine(s, m);
  refresh(s, m);
  if (!mc.has_lot)
    try_start(s);
}

} // namespace gigaline::engine::detail
