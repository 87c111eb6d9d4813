// gigaline/run/KpiObserver.hpp — the KPI observer of one replication: cumulative counters per station and for
// the plant, snapshotted at every month start, at the end of the warm-up and at the horizon.
// Every KPI of a period is computed from the difference of two snapshots (report/Summary).
#pragma once

#include "gigaline/engine/Observer.hpp"
#include "gigaline/engine/Simulation.hpp"

#include <array>
#include <vector>

namespace gigaline::run {

struct StationCounters {
  std::array<double, engine::machine_state_count> state_s{}; ///< machine-seconds in each state
  double arrived = 0;                                        ///< cells (cell-equivalents of this station) entered
  double processed = 0;                                      ///< cells started on a machine
  double departed = 0;                                       ///< cells passed on (or out of the line)
  double scrap_found = 0;                                    ///< cells scrapped here
  double scrap_caused = 0;                                   ///< cells scrapped anywhere because of a defect made here
  double wip_integral = 0;                                   ///< cell-seconds of work in process
  double sojourn = 0;                                        ///< cell-seconds spent here by the cells that left
  double age = 0; ///< output station: cell-seconds since the cells were started
};

/// Time integrals (value x seconds) of a line's control state; a period's mean is the difference over its length.
struct LineStateIntegrals {
  double maturity = 0, shifts_per_week = 0, operators = 0, availability = 0;
  double good = 0; ///< good cells out of the line so far (a count, not an integral)
};

/// Time integrals of the plant's control state, and counts of what shipped.
struct PlantStateIntegrals {
  double skill = 0, local_skill = 0, local_staff = 0, qualified = 0, in_training = 0, experts = 0;
  double operators_available = 0, operators_assigned = 0;
  double demand_cells = 0; ///< integral of the call-off rate (cells per day) over days, where demand applies
  double demand_s = 0;     ///< seconds in which a call-off rate applied
  double stock_cells = 0, holding_s = 0;
  double shipped = 0, unfilled = 0; ///< cells (counts)
};

struct Snapshot {
  double t = 0;
  int month_index = 0;
  std::vector<StationCounters> stations;
  std::vector<double> wip;                                 ///< cells at each station at time t
  double started = 0, good = 0, scrapped = 0, modules = 0; ///< plant, in cell-equivalents
  std::vector<LineStateIntegrals> lines;
  PlantStateIntegrals plant;
};

struct ReplicationResult {
  engine::PlantLayout layout;
  std::vector<Snapshot> months; ///< at each month start; the run's end closes the last one
  Snapshot reset, end;
  std::vector<double> wip_reset, wip_end; ///< per station, cells
  engine::RunStats stats;
};

class KpiObserver final : public engine::Observer {
public:
  void on_start(const engine::PlantLayout& layout) override;
  void on_state(double t, int station, engine::MachineState from, engine::MachineState to) override;
  void on_arrival(double t, int station, std::int64_t cells) override;
  void on_lot_start(double t, int station, std::int64_t cells) override;
  void on_departure(double t, int station, std::int64_t cells, double sojourn_cell_s, double age_cell_s) override;
  void on_scrap(double t, int found, int caused, std::int64_t cells, engine::ScrapCause cause,
                double sojourn_cell_s) override;
  void on_modules(double t, int station, std::int64_t modules) override;
  void on_reset(double t, const std::vector<double>& wip) override;
  void on_month(double t, int month_index) override;
  void on_shipment(double t, double shipped, double unfilled, double stock) override;
  void on_status(double t, const engine::ControlStatus& status) override;
  void on_end(double t, const std::vector<double>& wip) override;

  /// Moves the result out once the run has ended.
  ReplicationResult take(const engine::RunStats& stats);

private:
  void flush(int station, double t);
  void flush_status(double t);
  Snapshot snapshot(double t, int month_index);

  ReplicationResult r_;
  std::vector<StationCounters> c_;
  std::vector<std::array<int, engine::machine_state_count>> count_;
  std::vector<double> wip_, last_t_;
  double started_ = 0, good_ = 0, scrapped_ = 0, modules_ = 0;
  int month_ = 0;
  engine::ControlStatus status_; ///< holds since status_t_
  double status_t_ = 0;
  std::vector<LineStateIntegrals> lines_;
  PlantStateIntegrals plant_;
};

} // namespace gigaline::run
