// src/engine/Plant.hpp — the hot path of the engine: lots, buffers, machines, breakdowns and scrap on an
// in-engine event heap. Pure C++: Simulation.cpp drives it from SimGrid at control epochs.
//
// Design: the per-lot events (service completions, failures, repairs, end of aging) live in a binary heap
// owned by the Plant. The SimGrid controller actor advances the heap to each control epoch (midnights,
// shift and maintenance edges, SOPs, warm-up end, horizon) and applies the slow changes there (calendar,
// maturity). No hot event crosses an epoch unprocessed, so the result equals a single global event list,
// at the cost of one actor context switch per epoch instead of one SimGrid timer per event.
#pragma once

#include "gigaline/core/Random.hpp"
#include "gigaline/engine/Observer.hpp"
#include "gigaline/model/Sampling.hpp"
#include "gigaline/scenario/Scenario.hpp"

#include <array>
#include <cstdint>
#include <deque>
#include <limits>
#include <vector>

namespace gigaline::engine::detail {

inline constexpr int max_latent_slots = 8;
inline constexpr std::uint32_t not_cancellable = 0xffffffffu; ///< generation of events no bump cancels
inline constexpr double infinity = std::numeric_limits<double>::infinity();

/// Cells travelling together. Times are cell-weighted means, so sums of cell sojourns stay exact.
struct Lot {
  std::int64_t cells = 0;
  std::array<std::int32_t, max_latent_slots> latent{}; ///< latent defects by slot
  double arrived = 0;                                  ///< mean arrival time at the current station
  double born = 0;                                     ///< mean start time in the line
};

struct Buffer {
  std::deque<Lot> lots;
  std::int64_t cells = 0;
  std::int64_t capacity = std::numeric_limits<std::int64_t>::max();
  std::deque<std::pair<int, int>> waiting; ///< (station, machine) blocked upstream, FIFO
};

struct Machine {
  MachineState state = MachineState::off;
  bool has_lot = false;
  bool done = false; ///< lot finished, waiting for room downstream (blocked)
  bool down = false;
  bool fail_pending = false; ///< a calendar failure arrived while off
  Lot lot;
  double work_left = 0; ///< processing left on the lot
  double busy_since = 0;
  double ttf_left = 0;   ///< operating-time basis: busy time left before the next failure
  std::uint32_t gen = 0; ///< bumps cancel scheduled completions and operating-time failures
  RandomStream failures;
};

struct Station {
  StationInfo info;
  bool store = false; ///< aging store: FIFO with a fixed delay, no machines
  std::vector<Machine> machines;
  std::vector<Buffer> inputs; ///< one per upstream station; none when raw-fed
  std::vector<int> upstream;  ///< station index feeding inputs[k]
  int downstream = -1, downstream_slot = 0;
  std::int64_t lot_cells = 1;
  int modules_per_lot = 0; ///< output of module assembly
  model::LotTiming timing; ///< processing, at the current speed
  // scrap
  double scrap_p = 0, latent_fraction = 0;
  int latent_slot = -1;           ///< slot of the latent defects made here
  std::uint32_t detects_mask = 0; ///< latent slots found here
  // breakdowns
  bool has_breakdowns = false;
  scenario::Breakdowns bd;
  double mttr_h = 0; ///< current mean time to repair
  // store
  double delay_s = 0;
  std::int64_t store_cells = 0, store_capacity = std::numeric_limits<std::int64_t>::max();
  std::deque<std::pair<double, Lot>> store_lots; ///< (ready time, lot)
  bool store_head_blocked = false;
  // raw material
  double quota_left = infinity; ///< cells this raw-fed station may still start today (< 0: overdrawn)
  bool on = false;
  bool stopped = false; ///< off for a commissioning stop: machines count as down, not off
  RandomStream service, scrap;
};

/// How a line's machines stand: off (outside its staffed shifts or calendar), stopped (commissioning stops:
/// reported as down) or running.
enum class LineState : std::uint8_t { off, stopped, running };

enum class EventType : std::uint8_t { complete, fail, repair, aging_done };

struct Event {
  double t;
  std::uint64_t seq;
  EventType type;
  int station, machine;
  std::uint32_t gen;
  bool operator>(const Event& o) const { return t > o.t || (t == o.t && seq > o.seq); }
};

class Plant {
public:
  Plant(const scenario::Scenario& s, int replication, std::vector<Observer*> observers);

  [[nodiscard]] const PlantLayout& layout() const { return layout_; }
  /// Processes every event strictly before `t`, then sets the clock to `t`.
  void advance_to(double t);
  /// Switches a line's machines on, off (shift calendar, staffing, maintenance, before SOP) or stops them
  /// (commissioning). A lot in process pauses and resumes where it stopped.
  void set_line_state(int line, LineState state);
  void set_line_on(int line, bool on) { set_line_state(line, on ? LineState::running : LineState::off); }
  /// Updates the ramp-up driven parameters of a line's stations from its maturity m in [0,1].
  void set_line_maturity(int line, double m);
  /// Daily cap of cells a line's raw-fed stations may start (infinity = none).
  void set_line_quota(int line, double cells_per_day);
  [[nodiscard]] double good_cells(int line) const { return good_cells_[static_cast<std::size_t>(line)]; }
  /// Cells scrapped so far in the whole plant, in cell-equivalents (a k-way join's material counts 1/k).
  [[nodiscard]] double scrapped_cells() const { return scrapped_; }
  [[nodiscard]] std::vector<double> wip() const;
  [[nodiscard]] std::uint64_t events() const { return events_; }
  [[nodiscard]] double now() const { return now_; }
  void notify_month(double t, int month_index);
  void notify_shipment(double t, double shipped, double unfilled, double stock);
  void notify_status(double t, const ControlStatus& status);
  void notify_reset(double t);
  void notify_end(double t);

private:
  /// Builds one copy of a scenario line: its stations, buffers, links and latent-defect slots (PlantBuild.cpp).
  void add_line(const scenario::Scenario& s, std::size_t li, int copy, std::uint64_t seed, std::uint64_t rep);
  void push(double t, EventType type, int station, int machine, std::uint32_t gen);
  void handle(const Event& e);
  void on_complete(int s, int m);
  void on_fail(int s, int m);
  void on_repair(int s, int m);
  void on_aging_done(int s);
  void try_start(int s);
  void start_lot(int s, int m, Lot lot);
  void schedule_machine(int s, int m);
  void finish_lot(int s, int m);
  /// To the downstream buffer or store, or out of the line; false when there is no room. `kick` starts
  /// the downstream station (not when it is the caller, releasing its own waiters).
  bool deliver(int s, Lot& lot, bool kick);
  void pop_store_head(int s);
  void go_down(int s, int m);
  void take_from_buffer(int s, int slot, std::int64_t cells, Lot& out);
  void release_waiters(int s, int slot);
  void apply_scrap(int s, Lot& lot);
  double draw_ttf(Station& st, Machine& m);
  double draw_ttr(Station& st, Machine& m);
  void refresh(int s, int m);

  const scenario::Scenario* scenario_ = nullptr;
  PlantLayout layout_;
  std::vector<Station> stations_;
  std::vector<std::vector<int>> line_stations_;
  std::vector<double> good_cells_;
  std::vector<int> slot_station_; ///< latent slot -> station that made the defects
  std::vector<Observer*> observers_;
  std::vector<Event> heap_;
  std::uint64_t seq_ = 0, events_ = 0;
  double scrapped_ = 0;
  double now_ = 0;
};

} // namespace gigaline::engine::detail
