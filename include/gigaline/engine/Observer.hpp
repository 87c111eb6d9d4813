// gigaline/engine/Observer.hpp — what the engine publishes while it runs: machine state changes, lots
// started and finished, cells scrapped (with the stage that found and the stage that caused them).
// KPIs are computed by observers (run/KpiObserver), never inside the engine. No SimGrid in this header.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gigaline::engine {

/// Every machine is in exactly one state at every instant.
enum class MachineState : std::uint8_t { busy, idle, starved, blocked, down, off };
inline constexpr int machine_state_count = 6;
const char* to_string(MachineState s);

enum class ScrapCause : std::uint8_t { defect, latent_defect, breakdown };

/// A station is one server pool of a line: a stage's machines, or the aging store of a formation stage.
struct StationInfo {
  int line = 0;              ///< index into PlantLayout::lines
  int stage = 0;             ///< index of the scenario stage within its line
  std::string name;          ///< "stacking", or "formation/aging"
  int machines = 0;          ///< servers; 0 = unlimited (aging store without capacity)
  double weight = 1.0;       ///< cell-equivalents per unit of this station's material (1/k before a k-way join)
  double ideal_cell_s = 0.0; ///< mature processing time per cell of one machine (OEE performance)
  bool is_output = false;    ///< the line's last station: its good cells leave the line
  bool is_raw_fed = false;   ///< takes raw material (never starved)
  bool is_store = false;     ///< aging store: a delay with a capacity, no machines and no states
  int inputs = 1;            ///< joined input streams; a lot takes lot_cells units from each
  double base_kw = 0, busy_kw = 0, idle_kw = 0, kwh_per_cell = 0;
};

struct LineInfo {
  std::string id;        ///< "L1", or "L1.2" for the second copy of a line with count 2
  int scenario_line = 0; ///< index in the scenario's lines
  int copy = 0;          ///< 0 for the line itself, k for its copy id.(k+1)
  int first_station = 0, station_count = 0;
};

/// The slow state of one line, as the control processes left it at the start of a day.
struct LineStatus {
  double maturity = 0;        ///< in [0,1]: drives scrap, speed and repair time
  int shift_level = 0;        ///< staffed rung of the shift ladder (0 = none; -1 = not staffed: calendar only)
  double shifts_per_week = 0; ///< staffed shifts a week (21 = 24/7 in 8-hour shifts)
  double operators = 0;       ///< operators the line's staffed shifts take
  double availability = 1;    ///< commissioning availability (1 outside commissioning)
  double start_quota = 0;     ///< cells its raw-fed stations may start today (infinity = no limit)
};

/// The slow state of the plant at the start of a day.
struct PlantStatus {
  double skill = 0;                ///< effective skill (experts and locals by headcount); 0 without workforce
  double local_skill = 0;          ///< skill of the local staff
  double local_staff = 0;          ///< hired local staff
  double qualified = 0;            ///< qualified local staff
  double in_training = 0;          ///< local staff in training
  double experts = 0;              ///< experts on site
  double operators_available = 0;  ///< operators who could staff shifts
  double operators_assigned = 0;   ///< operators the staffed shifts take
  double demand_cells_per_day = 0; ///< today's call-off rate (infinity = no demand limit)
  double stock_cells = 0;          ///< finished-goods store
  bool holding = false;            ///< volume held to the call-off rate
};

struct ControlStatus {
  std::vector<LineStatus> lines;
  PlantStatus plant;
};

struct PlantLayout {
  std::vector<LineInfo> lines;
  std::vector<StationInfo> stations; ///< lines' stations in flow order, line after line
  double horizon_s = 0, warmup_s = 0;
  int cells_per_module = 1;
  double cell_energy_wh = 0;
};

/// Receives the engine's events in time order. Times are simulated seconds since the scenario start.
class Observer {
public:
  virtual ~Observer() = default;
  virtual void on_start(const PlantLayout& /*layout*/) {}
  /// One machine of `station` changes state.
  virtual void on_state(double /*t*/, int /*station*/, MachineState /*from*/, MachineState /*to*/) {}
  /// Units of material enter the station's input buffer (raw-fed stations: when a lot starts). At a join
  /// of k inputs, k units make one cell.
  virtual void on_arrival(double /*t*/, int /*station*/, std::int64_t /*cells*/) {}
  virtual void on_lot_start(double /*t*/, int /*station*/, std::int64_t /*cells*/) {}
  /// Cells leave the station (to the next buffer, or out of the line). `sojourn_cell_s` is the sum over
  /// those cells of the time since they arrived at the station; `age_cell_s` since they were started.
  virtual void on_departure(double /*t*/, int /*station*/, std::int64_t /*cells*/, double /*sojourn_cell_s*/,
                            double /*age_cell_s*/)
  {
  }
  /// Cells scrapped: found at `found` (a station), made defective at `caused` (a station). They leave
  /// `found`; `sojourn_cell_s` is the sum of their times there.
  virtual void on_scrap(double /*t*/, int /*found*/, int /*caused*/, std::int64_t /*cells*/, ScrapCause /*cause*/,
                        double /*sojourn_cell_s*/)
  {
  }
  /// Modules completed at the output station.
  virtual void on_modules(double /*t*/, int /*station*/, std::int64_t /*modules*/) {}
  /// Statistics restart here (end of the warm-up); `wip_cells` are the cells present per station.
  virtual void on_reset(double /*t*/, const std::vector<double>& /*wip_cells*/) {}
  /// The day that ends at `t` is closed: good cells shipped to customers and call-offs left unfilled that day,
  /// and the finished-goods stock after shipping. Only when the scenario has a demand.
  virtual void on_shipment(double /*t*/, double /*shipped_cells*/, double /*unfilled_cells*/, double /*stock_cells*/) {}
  /// The control processes' state from `t` on (published once a day after they acted, and at the start).
  virtual void on_status(double /*t*/, const ControlStatus& /*status*/) {}
  /// A calendar month starts (also called at the start of the run), after all events before `t`.
  virtual void on_month(double /*t*/, int /*month_index*/) {}
  virtual void on_end(double /*t*/, const std::vector<double>& /*wip_cells*/) {}
};

} // namespace gigaline::engine
