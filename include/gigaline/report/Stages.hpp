// gigaline/report/Stages.hpp — stations of the same name summed over lines, month by month, and the bottleneck of a
// month: one definition for the run page (RunData.cpp) and the sweep's stage_monthly table (sweep/Runner.cpp).
#pragma once

#include "gigaline/engine/Observer.hpp"
#include "gigaline/report/Summary.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace gigaline::report {

/// The machine states of stations.csv, in its column order.
inline constexpr std::array<const char*, 6> machine_state_names{"busy", "idle", "starved", "blocked", "down", "off"};

/// One stage in one month: sums over its stations (one per line instance).
struct StageMonth {
  double machines = 0, scheduled = 0, oee_weighted = 0, out = 0, found = 0, caused = 0;
  std::array<double, 6> states{}; ///< machine-weighted: the sum of machines x share of each state
  /// Adds a station's month: its machines, state shares (machine_state_names order), OEE and counts. Scheduled
  /// machine time is machines x (1 - off); OEE is weighted by it.
  void add(double station_machines, const std::array<double, 6>& shares, double oee, double cells_out,
           double scrap_found, double scrap_caused);
  /// The stage's share of machine time in state k; NaN without machines (a store).
  [[nodiscard]] double share(std::size_t k) const;
  /// Busy machine time over scheduled (not off) machine time: what ranks the bottleneck; NaN when not scheduled.
  [[nodiscard]] double busy_share() const;
  /// OEE weighted by scheduled machine time; NaN when not scheduled.
  [[nodiscard]] double oee() const;
};

struct Stage {
  std::string name;
  bool store = true; ///< no machines in any line: an aging store
  int machines = 0;  ///< over lines
  std::vector<StageMonth> months;
};

/// The bottleneck of a month: the stage (not a store) whose machines are busy for the largest share of their
/// scheduled time (StageMonth::busy_share); the first such stage on a tie; -1 when no stage was scheduled.
int bottleneck_of(const std::vector<Stage>& stages, std::size_t month);

/// Stages of one replication from compute_kpis' station_months ([month][station], layout order), in the order of
/// their first station.
std::vector<Stage> stages_of(const engine::PlantLayout& layout, const std::vector<std::vector<Row>>& station_months);
/// Stages of a summary: its stations' monthly means summed per stage.
std::vector<Stage> stages_of(const Summary& sum);

/// summary.json's "stages": per stage its name, store flag, machines and, month by month, the share of machine time
/// in each state, the busy share of scheduled time, OEE (null where not defined), cells out and scrap found and
/// caused. What the run page draws, so that it needs no CSV.
nlohmann::ordered_json stages_json(const std::vector<Stage>& stages);
/// summary.json's "bottleneck": the bottleneck stage's name of each month (bottleneck_of), null when none.
nlohmann::ordered_json bottleneck_json(const std::vector<Stage>& stages, std::size_t months);

} // namespace gigaline::report
