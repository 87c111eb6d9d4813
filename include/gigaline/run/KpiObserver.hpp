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

struct Snapshot {
  double t = 0;
  int month_index = 0;
  std::vector<StationCounters> stations;
  std::vector<double> wip;                                 ///< cells at each station at time t
  double started = 0, good = 0, scrapped = 0, modules = 0; ///< plant, in cell-equivalents
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
  void on_end(double t, const std::vector<double>& wip) override;

  /// Moves the result out once the run has ended.
  ReplicationResult take(const engine::RunStats& stats);

private:
  void flush(int station, double t);
  Snapshot snapshot(double t, int month_index);

  ReplicationResult r_;
  std::vector<StationCounters> c_;
  std::vector<std::array<int, engine::machine_state_count>> count_;
  std::vector<double> wip_, last_t_;
  double started_ = 0, good_ = 0, scrapped_ = 0, modules_ = 0;
  int month_ = 0;
};

} // namespace gigaline::run
