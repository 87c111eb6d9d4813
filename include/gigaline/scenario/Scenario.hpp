// gigaline/scenario/Scenario.hpp — the plain structs of a scenario: plant, lines, stages, ramp-up, data.
// No parsing here: scenario/Loader reads and validates JSON into these; every other layer reads only these.
#pragma once

#include "gigaline/core/Date.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gigaline::scenario {

enum class StageKind { electrode_coating, process, stacking, formation, module_assembly };
/// Distribution families. Cycle times accept deterministic, exponential, lognormal, gamma; times to
/// failure and repair accept exponential, weibull, lognormal.
enum class Dist { deterministic, exponential, lognormal, gamma, weibull };
enum class TimeBasis { calendar, operating };
enum class FailureEffect { resume, scrap };
enum class EventKind { output_cap, process_change };
enum class Metric {
  cells_good,
  scrap_rate,
  gwh,
  gwh_cumulative,
  vehicles_per_year,
  daily_output_ratio,
  modules,
  cells_cumulative,
  vehicles,
  shifts_per_week
};
/// How an observation constrains the model: a point with its sigma, or a one- or two-sided soft bound.
enum class Bound { point, at_most, at_least, between };
/// What a public figure is: something that happened, an intention, or a derived estimate.
enum class Basis { observed, plan, estimate };
enum class SourceKind { published, assumption };
enum class Combine { product, min };
enum class Weekday { mon, tue, wed, thu, fri, sat, sun };
enum class StaffingOrder { line_first, shift_first };
enum class DemandUnit { cells, modules, gwh, vehicles };

struct Source {
  std::string id;
  SourceKind kind = SourceKind::published;
  std::string citation; ///< who said it, where and when
  std::string url;
  std::string note;
  bool operator==(const Source&) const = default;
};

struct Shifts {
  std::vector<Weekday> working_days{Weekday::mon, Weekday::tue, Weekday::wed, Weekday::thu,
                                    Weekday::fri, Weekday::sat, Weekday::sun};
  double start_h = 0.0;        ///< hour the working day starts
  double hours_per_day = 24.0; ///< working hours from start_h (may run past midnight)
  bool operator==(const Shifts&) const = default;
};

struct MaintenanceWindow {
  Date start_date;
  double duration_h = 0.0;
  int repeat_days = 0; ///< 0: once; otherwise the window recurs every repeat_days
  bool operator==(const MaintenanceWindow&) const = default;
};

struct Calendar {
  Date start_date;
  double horizon_days = 0.0;
  double warmup_days = 0.0;
  std::optional<Shifts> shifts; ///< absent: the plant runs 24/7
  std::vector<MaintenanceWindow> maintenance;
  bool operator==(const Calendar&) const = default;
};

struct Product {
  double cell_energy_wh = 0.0;
  int cells_per_module = 1;
  double pack_kwh = 0.0;
  bool operator==(const Product&) const = default;
};

/// A per-cell probability that moves from `initial` at maturity 0 to `mature` at maturity 1.
struct Scrap {
  double initial = 0.0;
  double mature = 0.0;
  double latent_fraction = 0.0; ///< share of the defects made here that are not seen here
  std::string detected_at;      ///< stage that finds the latent defects ("" = the line's formation stage)
  bool operator==(const Scrap&) const = default;
};

struct Breakdowns {
  double mtbf_h = 0.0;
  double mttr_h = 0.0;                  ///< mean time to repair of a mature line
  std::optional<double> mttr_initial_h; ///< at maturity 0; absent: same as mttr_h
  Dist ttf_dist = Dist::exponential;
  double ttf_shape = 1.0; ///< Weibull shape of the time to failure
  double ttf_cv = 1.0;    ///< coefficient of variation of a lognormal time to failure
  Dist ttr_dist = Dist::exponential;
  double ttr_shape = 1.0;
  double ttr_cv = 1.0;
  TimeBasis basis = TimeBasis::operating;
  FailureEffect on_failure = FailureEffect::resume;
  bool operator==(const Breakdowns&) const = default;
};

struct Power {
  double base_kw = 0.0; ///< drawn all the time (dry rooms, HVAC)
  double busy_kw = 0.0; ///< per machine while busy
  double idle_kw = 0.0; ///< per machine while on but not busy
  double kwh_per_cell = 0.0;
  bool operator==(const Power&) const = default;
};

struct Stage {
  std::string id;
  StageKind kind = StageKind::process;
  int machines = 1;
  std::optional<std::vector<std::string>> inputs; ///< absent: the previous stage; empty: raw material
  int buffer_lots = 10;                           ///< capacity of the input buffer, in lots of this stage
  int lot_cells = 1;                              ///< roll, magazine, tray or lot size, in cells
  // processing: per kind
  double cycle_s = 0.0;              ///< process, stacking (alternative to sheets), module_assembly (per module)
  double speed_m_per_min = 0.0;      ///< electrode_coating
  double electrode_m_per_cell = 0.0; ///< electrode_coating
  double changeover_min = 0.0;       ///< electrode_coating: per roll
  double sheet_s = 0.0;              ///< stacking
  int sheets_per_cell = 0;           ///< stacking
  int channels = 0;                  ///< formation: cells formed at once
  double formation_h = 0.0;          ///< formation
  double aging_days = 0.0;           ///< formation
  int aging_capacity_cells = 0;      ///< formation: 0 = unlimited store
  int batch_modules = 1;             ///< module_assembly: modules per lot
  Dist cycle_dist = Dist::deterministic;
  double cycle_cv = 0.0;
  double speed_initial = 1.0; ///< speed at maturity 0, as a fraction of the mature speed
  double operators = 0.0;     ///< operators this stage needs per shift (0 = not given: staffing's per-line figure)
  Scrap scrap;
  std::optional<Breakdowns> breakdowns;
  Power power;
  bool operator==(const Stage&) const = default;
};

struct Line {
  std::string id;
  int count = 1; ///< identical lines built from this description, named id, id.2, id.3 ...
  Date sop_date;
  double sop_stagger_days = 0.0; ///< copy k starts k x sop_stagger_days after sop_date
  std::optional<double> nameplate_gwh_per_year;
  std::vector<Stage> stages;
  bool operator==(const Line&) const = default;
};

struct TimeLearning {
  double tau_days = 0.0;
  bool operator==(const TimeLearning&) const = default;
};

struct ExperienceLearning {
  double progress_ratio = 0.8; ///< immaturity multiplier per doubling of cumulative good cells
  double initial_cells = 0.0;  ///< experience equivalent at SOP (pilot line, sister plant)
  bool operator==(const ExperienceLearning&) const = default;
};

/// The first weeks of a line after its SOP: stops for debugging and tuning lower its availability, which
/// rises linearly from availability_initial at SOP to 1 after `days`.
struct Commissioning {
  double days = 0.0;
  double availability_initial = 1.0;
  double cycle_h = 1.0; ///< the stops come as the last part of each cycle of this length
  bool operator==(const Commissioning&) const = default;
};

struct RampUp {
  std::optional<TimeLearning> time;
  std::optional<ExperienceLearning> experience;
  bool skill = false; ///< use the workforce's effective skill as a maturity
  Combine combine = Combine::product;
  /// Share of what the plant has learned (the most mature running line, per learning form) that a line
  /// starts with at its SOP: 0 = every line learns from scratch, 1 = a new line starts where the best one is.
  double transfer = 0.0;
  std::optional<Commissioning> commissioning;
  bool operator==(const RampUp&) const = default;
};

struct Headcount {
  Date date;
  int headcount = 0;
  bool operator==(const Headcount&) const = default;
};

struct Workforce {
  std::vector<Headcount> experts; ///< step schedule: each entry holds from its date on
  std::vector<Headcount> local_staff;
  double expert_skill = 1.0;
  double initial_local_skill = 0.0;
  double training_rate_per_day = 0.0; ///< skill gain rate per unit of expert-to-staff ratio
  double practice_tau_days = 0.0;     ///< learning by doing; 0 = none
  bool operator==(const Workforce&) const = default;
};

/// One rung of the shift ladder: shifts_per_day shifts of shift_hours from first_shift_start_h, on the
/// first days_per_week days of the week (Monday first).
struct ShiftLevel {
  int shifts_per_day = 1;
  int days_per_week = 5;
  bool operator==(const ShiftLevel&) const = default;
};

/// Staffed capacity: a line runs only the shifts its qualified operators can staff.
struct Staffing {
  double operators_per_shift = 0.0; ///< per line, unless its stages give their own operators
  double shift_hours = 8.0;
  double first_shift_start_h = 6.0;
  std::vector<ShiftLevel> ladder{{1, 5}, {2, 5}, {3, 5}, {3, 7}};
  double shifts_per_operator_week = 5.0; ///< shifts one operator works in a week
  double operator_fraction = 1.0;        ///< share of local staff who are line operators
  double expert_operator_fraction = 1.0; ///< share of experts who staff shifts while on site
  double qualification_days = 0.0;       ///< training from hiring to qualified
  double trainees_per_expert = 0.0;      ///< training places per expert on site; 0 = no limit
  double initially_qualified = 0.0;      ///< local staff already qualified at the start date
  StaffingOrder order = StaffingOrder::line_first;
  bool operator==(const Staffing&) const = default;
};

/// A customer call-off rate from its month on (until the next one).
struct CallOff {
  Month month;
  double value = 0.0; ///< per month, in the demand's unit
  bool operator==(const CallOff&) const = default;
};

/// What customers call off: good output beyond it fills a finished-goods store; when the store is full the
/// plant holds volume to the call-off rate.
struct Demand {
  DemandUnit unit = DemandUnit::cells;
  std::vector<CallOff> calloffs;
  double store_cells = 0.0; ///< capacity of the finished-goods store
  bool operator==(const Demand&) const = default;
};

struct Event {
  std::string id;
  EventKind kind = EventKind::output_cap;
  Date date;
  std::optional<Date> end_date;
  std::string line;               ///< "" = every line
  double max_cells_per_day = 0.0; ///< output_cap
  double maturity_loss = 0.0;     ///< process_change: fraction of the maturity lost
  bool operator==(const Event&) const = default;
};

struct Observation {
  std::string id;
  Metric metric = Metric::cells_good;
  std::optional<Month> month;
  std::optional<Date> date;
  std::optional<Month> reference_month; ///< daily_output_ratio: month / reference_month
  std::string line;                     ///< "" = the whole plant
  double value = 0.0;
  double rel_sigma = 0.0;
  std::string source;
  Bound bound = Bound::point;
  double upper = 0.0; ///< between: the upper end (value is the lower end)
  Basis basis = Basis::observed;
  bool fit = true;  ///< false: shown in the validation next to the model, not fitted
  std::string note; ///< how the figure is read (the words of the source, the reading chosen)
  bool operator==(const Observation&) const = default;
};

struct CalibrationParameter {
  std::string path; ///< JSON pointer into the scenario
  double min = 0.0;
  double max = 0.0;
  bool log = false;
  bool operator==(const CalibrationParameter&) const = default;
};

/// What a calibration knows about its parameters: a Laplace approximation in the optimiser's unbounded space
/// u (theta = min + (max - min) / (1 + exp(-u)), in log space for log parameters), written by `calibrate --out`.
struct Posterior {
  std::vector<double> u;                         ///< the fitted point, one per calibration parameter
  std::vector<std::vector<double>> covariance_u; ///< over the identified directions, scaled by `scale`
  std::vector<std::string> unidentified;         ///< paths the observations do not constrain (drawn from their range)
  double chi2 = 0.0;
  int fitted_observations = 0;
  double scale = 1.0; ///< max(1, chi2 / (fitted observations - parameters)): misfit widens the covariance
  bool operator==(const Posterior&) const = default;
};

struct Calibration {
  std::vector<CalibrationParameter> parameters;
  int replications = 8;
  int max_iterations = 50;
  std::optional<Posterior> posterior;
  /// Values the fit leaves fixed (the data do not identify them) but a forecast draws from their range
  std::vector<CalibrationParameter> assumptions;
  bool operator==(const Calibration&) const = default;
};

struct Cost {
  double material_eur_per_kwh = 0.0;
  double energy_eur_per_kwh = 0.0;
  double labour_eur_per_year = 0.0;
  double capex_eur = 0.0;
  double depreciation_years = 10.0;
  std::optional<double> cell_price_eur_per_kwh; ///< what a kWh of good cells sells for; absent = no EUR lost
  bool operator==(const Cost&) const = default;
};

struct Run {
  std::uint64_t seed = 1;
  int replications = 1;
  bool operator==(const Run&) const = default;
};

struct Scenario {
  int schema_version = 1;
  std::string name;
  std::string description;
  std::vector<Source> sources;
  Calendar calendar;
  Product product;
  std::vector<Line> lines;
  RampUp ramp_up;
  std::optional<Workforce> workforce;
  std::optional<Staffing> staffing;
  std::optional<Demand> demand;
  std::vector<Event> events;
  std::vector<Observation> observations;
  Calibration calibration;
  std::optional<Cost> cost;
  Run run;
  bool operator==(const Scenario&) const = default;
};

[[nodiscard]] const char* to_string(StageKind k);

} // namespace gigaline::scenario
