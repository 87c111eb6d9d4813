// src/scenario/ScenarioDescriptors.cpp — THE table of the scenario format: every key, its type, unit,
// bounds, default and meaning, plus the checks local to one object. Validation, schema and docs derive from it.
#include "gigaline/scenario/ScenarioDescriptors.hpp"

#include <algorithm>
#include <cmath>

namespace gigaline::scenario {

namespace {
constexpr int k(StageKind kind)
{
  return static_cast<int>(kind);
}
constexpr int k(EventKind kind)
{
  return static_cast<int>(kind);
}

// Bounds where the model needs them: sizes that allocate (machines, lines, replications), rates that make
// events (cycle times, failures, cycles of commissioning and shifts, the horizon) and numbers whose totals must stay
// finite (power). Each is far beyond what a real plant needs; the shipped plants' values are given for scale.
constexpr double max_horizon_days = 36525; // 100 years; shipped: at most 1,492 days
constexpr int max_machines = 1000;         // per stage; shipped: at most 14
constexpr int max_trays = 100000;          // formed at once by a formation stage; shipped: at most 360
constexpr int max_line_count = 100;        // copies of a line, and lines of a plant in all; shipped: 6 and 12
constexpr std::size_t max_stages = 100;    // per line; shipped: at most 13
constexpr double min_cell_s = 0.01;        // per cell (per module at module assembly) of one machine: 100 a second
constexpr double max_cell_s = 86400;       // a day per cell; shipped: 0.3 to 100 s
constexpr double min_mtbf_h = 0.01;        // a failure every 36 s; shipped: at least 16 h (an engine test: 1 min)
constexpr double min_mttr_h = 0.001;       // 3.6 s; shipped: at least 0.33 h (an engine test: 15 s)
constexpr double max_power_kw = 1e6;       // 1 GW for one stage or machine; shipped: at most 450 kW
constexpr double max_kwh_per_cell = 1000;  // shipped: at most 0.7 kWh
constexpr int max_replications = 10000;
// Shapes of distributions: outside these, samples are so skewed that a run's mean is far from the distribution's
// (Weibull shape 1e-6 or lognormal cv 1e300 gave no failures at all, cycle_cv 1e6 more than nameplate).
constexpr double min_shape = 0.1, max_shape = 20; // Weibull; machine failures: 0.5 to 4
constexpr double max_failure_cv = 10;             // lognormal times to failure and repair; measured: 0.3 to 3
constexpr double max_cycle_cv = 4; // cycle times; measured: well below 1 (exponential: 1)    // as --replications of
                                   // baseline and check allow 100,000 in the CLI

template <class E>
std::vector<std::string> kind_names()
{
  std::vector<std::string> names;
  for (const auto& entry : EnumNames<E>::values)
    names.emplace_back(entry.second);
  return names;
}
} // namespace

template <>
const ObjectDesc<Source>& describe<Source>()
{
  static const ObjectDesc<Source> d{
      "Source",
      "A public figure's origin, or an assumption made by the scenario's author. Observations cite sources by id.",
      {
          field("id", &Source::id, "Unique id, cited by observations").req().id(),
          field("kind", &Source::kind, "published: a public source; assumption: an estimate or derived figure"),
          field("citation", &Source::citation, "Who said it, where and when").req().nonempty(),
          field("url", &Source::url, "Where to read it"),
          field("note", &Source::note, "What the scenario takes from it, and how it was derived"),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<Shifts>& describe<Shifts>()
{
  static const ObjectDesc<Shifts> d{
      "Shifts",
      "The shift calendar: machines are off outside the working hours of the working days.",
      {
          field("working_days", &Shifts::working_days, "Days of the week the plant works").min_items(1),
          field("start_h", &Shifts::start_h, "Hour the working day starts").in("h").ge(0).lt(24),
          field("hours_per_day", &Shifts::hours_per_day, "Working hours from start_h (may run past midnight)")
              .in("h")
              .gt(0)
              .le(24),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<MaintenanceWindow>& describe<MaintenanceWindow>()
{
  static const ObjectDesc<MaintenanceWindow> d{
      "MaintenanceWindow",
      "A planned stop of the whole plant, once or recurring.",
      {
          field("start_date", &MaintenanceWindow::start_date, "First day of the window (starts at 00:00)").req(),
          field("duration_h", &MaintenanceWindow::duration_h, "Length of the window").in("h").req().gt(0),
          field("repeat_days", &MaintenanceWindow::repeat_days, "Period of recurrence; 0 = once").in("d").ge(0),
      },
      {},
      {},
      {},
      [](const MaintenanceWindow& w, Context& ctx, const std::string& ptr) {
        if (w.repeat_days > 0 && w.repeat_days * 24.0 <= w.duration_h)
          ctx.error(err::inconsistent, ptr + "/repeat_days",
                    "expected a period longer than the window (" + format_number(w.duration_h) + " h), found " +
                        std::to_string(w.repeat_days) + " d");
      }};
  return d;
}

template <>
const ObjectDesc<Calendar>& describe<Calendar>()
{
  static const ObjectDesc<Calendar> d{
      "Calendar",
      "When the simulation starts, how long it runs, and when the plant works.",
      {
          field("start_date", &Calendar::start_date, "Simulated time 0 is this day at 00:00").req(),
          field("horizon_days", &Calendar::horizon_days, "Length of the run, warm-up included")
              .in("d")
              .req()
              .gt(0)
              .le(max_horizon_days),
          field("warmup_days", &Calendar::warmup_days, "Statistics are reset at the end of the warm-up").in("d").ge(0),
          field("shifts", &Calendar::shifts, "Shift calendar; absent = 24/7"),
          field("maintenance", &Calendar::maintenance, "Planned maintenance windows"),
      },
      {},
      {},
      {},
      [](const Calendar& c, Context& ctx, const std::string& ptr) {
        if (c.warmup_days >= c.horizon_days)
          ctx.error(err::inconsistent, ptr + "/warmup_days",
                    "expected less than horizon_days (" + format_number(c.horizon_days) + "), found " +
                        format_number(c.warmup_days));
      }};
  return d;
}

template <>
const ObjectDesc<Product>& describe<Product>()
{
  static const ObjectDesc<Product> d{
      "Product",
      "The cell, module and vehicle pack the line makes; converts cells to GWh and vehicle-equivalents.",
      {
          field("cell_energy_wh", &Product::cell_energy_wh, "Energy of one cell").in("Wh").req().gt(0),
          field("cells_per_module", &Product::cells_per_module, "Good cells consumed by one module").req().ge(1),
          field("pack_kwh", &Product::pack_kwh, "Energy of one vehicle pack, for vehicle-equivalents")
              .in("kWh")
              .req()
              .gt(0),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<Scrap>& describe<Scrap>()
{
  static const ObjectDesc<Scrap> d{
      "Scrap",
      "Probability that a cell processed at this stage is defective, from initial (maturity 0) to mature "
      "(maturity 1). A latent share of the defects passes unseen and is found at a later stage.",
      {
          field("initial", &Scrap::initial, "Per-cell defect probability at maturity 0").prob(),
          field("mature", &Scrap::mature, "Per-cell defect probability of a mature line; required with initial").prob(),
          field("latent_fraction", &Scrap::latent_fraction, "Share of the defects not detected at this stage").prob(),
          field("detected_at", &Scrap::detected_at,
                "Stage that finds the latent defects; empty = the line's formation stage"),
      },
      {},
      {},
      {},
      [](const Scrap& s, Context& ctx, const std::string& ptr) {
        if (s.mature > s.initial)
          ctx.error(err::inconsistent, ptr + "/mature",
                    "expected at most initial (" + format_number(s.initial) + "), found " + format_number(s.mature));
      }};
  return d;
}

template <>
const ObjectDesc<Breakdowns>& describe<Breakdowns>()
{
  static const ObjectDesc<Breakdowns> d{
      "Breakdowns",
      "Failures of each machine of the stage: time to failure and time to repair.",
      {
          field("mtbf_h", &Breakdowns::mtbf_h, "Mean time between failures").in("h").req().ge(min_mtbf_h),
          field("mttr_h", &Breakdowns::mttr_h, "Mean time to repair of a mature line").in("h").req().ge(min_mttr_h),
          field("mttr_initial_h", &Breakdowns::mttr_initial_h, "Mean time to repair at maturity 0; absent = mttr_h")
              .in("h")
              .ge(min_mttr_h),
          field("ttf_dist", &Breakdowns::ttf_dist, "Distribution of the time to failure"),
          field("ttf_shape", &Breakdowns::ttf_shape, "Weibull shape of the time to failure")
              .ge(min_shape)
              .le(max_shape),
          field("ttf_cv", &Breakdowns::ttf_cv, "Coefficient of variation of a lognormal time to failure")
              .gt(0)
              .le(max_failure_cv),
          field("ttr_dist", &Breakdowns::ttr_dist, "Distribution of the time to repair"),
          field("ttr_shape", &Breakdowns::ttr_shape, "Weibull shape of the time to repair").ge(min_shape).le(max_shape),
          field("ttr_cv", &Breakdowns::ttr_cv, "Coefficient of variation of a lognormal time to repair")
              .gt(0)
              .le(max_failure_cv),
          field("basis", &Breakdowns::basis, "Time to failure counts calendar time or operating (busy) time"),
          field("on_failure", &Breakdowns::on_failure, "A lot in process resumes after repair or is scrapped"),
      },
      {},
      {},
      {},
      [](const Breakdowns& b, Context& ctx, const std::string& ptr) {
        for (auto [key, dist] : {std::pair{"ttf_dist", b.ttf_dist}, std::pair{"ttr_dist", b.ttr_dist}})
          if (dist != Dist::exponential && dist != Dist::weibull && dist != Dist::lognormal)
            ctx.error(err::enum_value, ptr + "/" + key,
                      std::string("expected one of \"exponential\", \"weibull\", \"lognormal\", found \"") +
                          enum_name(dist) + "\"");
        if (b.mttr_initial_h && *b.mttr_initial_h < b.mttr_h)
          ctx.error(err::inconsistent, ptr + "/mttr_initial_h",
                    "expected at least mttr_h (" + format_number(b.mttr_h) + "), found " +
                        format_number(*b.mttr_initial_h));
      }};
  return d;
}

template <>
const ObjectDesc<Power>& describe<Power>()
{
  static const ObjectDesc<Power> d{
      "Power",
      "Electric power and energy of the stage, for kWh of factory energy per kWh of cells.",
      {
          field("base_kw", &Power::base_kw, "Drawn all the time by the stage (dry room, HVAC)")
              .in("kW")
              .ge(0)
              .le(max_power_kw),
          field("busy_kw", &Power::busy_kw, "Drawn by each machine while busy").in("kW").ge(0).le(max_power_kw),
          field("idle_kw", &Power::idle_kw, "Drawn by each machine while on and not busy")
              .in("kW")
              .ge(0)
              .le(max_power_kw),
          field("kwh_per_cell", &Power::kwh_per_cell, "Energy per cell processed").in("kWh").ge(0).le(max_kwh_per_cell),
      },
      {},
      {},
      {},
      {}};
  return d;
}

namespace {
/// The key that sets a stage's time per cell (per module at module assembly) and that time in s; no key when the
/// kind has none (formation) or when it is not given (the stage's check reports that).
std::pair<const char*, double> cell_time(const Stage& s)
{
  switch (s.kind) {
  case StageKind::electrode_coating:
    return {"speed_m_per_min", s.electrode_m_per_cell / s.speed_m_per_min * 60.0};
  case StageKind::process:
  case StageKind::module_assembly:
    return {s.cycle_s > 0 ? "cycle_s" : nullptr, s.cycle_s};
  case StageKind::stacking:
    if (s.cycle_s > 0)
      return {"cycle_s", s.cycle_s};
    return {s.sheet_s > 0 && s.sheets_per_cell > 0 ? "sheet_s" : nullptr, s.sheet_s * s.sheets_per_cell};
  case StageKind::formation:
    break;
  }
  return {nullptr, 0.0};
}
} // namespace

template <>
const ObjectDesc<Stage>& describe<Stage>()
{
  using K = StageKind;
  static const ObjectDesc<Stage> d{
      "Stage",
      "One step of the line: identical parallel machines fed by an input buffer. Which keys apply depends on "
      "`kind`.",
      {
          field("id", &Stage::id, "Unique id within the line").req().id(),
          field("kind", &Stage::kind, "What the stage does; decides which keys apply").req(),
          field("machines", &Stage::machines, "Identical parallel machines")
              .ge(1)
              .le(max_machines)
              .for_kinds({k(K::electrode_coating), k(K::process), k(K::stacking), k(K::module_assembly)}),
          field("inputs", &Stage::inputs,
                "Ids of the earlier stages that feed this one; absent = the previous stage, [] = raw material. "
                "Several inputs are joined: one lot takes its cells from each")
              .id(),
          field("buffer_lots", &Stage::buffer_lots, "Capacity of the input buffer (blocking after service when full)")
              .in("lots")
              .ge(0),
          field("roll_cells", &Stage::lot_cells, "Cells' worth of electrode in one roll (the lot)")
              .in("cells")
              .req()
              .ge(1)
              .for_kinds({k(K::electrode_coating)}),
          field("lot_cells", &Stage::lot_cells, "Cells per lot").in("cells").ge(1).for_kinds({k(K::process)}),
          field("magazine_cells", &Stage::lot_cells, "Cells per stacking magazine (the lot)")
              .in("cells")
              .ge(1)
              .for_kinds({k(K::stacking)}),
          field("tray_cells", &Stage::lot_cells, "Cells per formation tray (the lot)")
              .in("cells")
              .req()
              .ge(1)
              .for_kinds({k(K::formation)}),
          field("cycle_s", &Stage::cycle_s,
                "Mean processing time per cell (process, stacking) or per module (module_assembly), at least 0.01 s "
                "when given")
              .in("s")
              .ge(0)
              .le(max_cell_s)
              .for_kinds({k(K::process), k(K::stacking), k(K::module_assembly)}),
          field("speed_m_per_min", &Stage::speed_m_per_min,
                "Coating speed of one machine; electrode_m_per_cell / speed_m_per_min is at least 0.01 s and at most "
                "a day")
              .in("m/min")
              .req()
              .gt(0)
              .for_kinds({k(K::electrode_coating)}),
          field("electrode_m_per_cell", &Stage::electrode_m_per_cell, "Electrode length per cell")
              .in("m")
              .req()
              .gt(0)
              .for_kinds({k(K::electrode_coating)}),
          field("changeover_min", &Stage::changeover_min, "Roll change time, added to each roll")
              .in("min")
              .ge(0)
              .le(1440)
              .for_kinds({k(K::electrode_coating)}),
          field("sheet_s", &Stage::sheet_s, "Time per sheet (alternative to cycle_s)")
              .in("s")
              .ge(0)
              .le(3600)
              .for_kinds({k(K::stacking)}),
          field("sheets_per_cell", &Stage::sheets_per_cell, "Electrode and separator sheets per cell")
              .ge(0)
              .le(10000)
              .for_kinds({k(K::stacking)}),
          field("channels", &Stage::channels, "Formation channels: cells formed at the same time")
              .req()
              .ge(1)
              .for_kinds({k(K::formation)}),
          field("formation_h", &Stage::formation_h, "Formation time of a tray")
              .in("h")
              .req()
              .gt(0)
              .le(8760)
              .for_kinds({k(K::formation)}),
          field("aging_days", &Stage::aging_days, "Aging after formation, before grading")
              .in("d")
              .ge(0)
              .le(365)
              .for_kinds({k(K::formation)}),
          field("aging_capacity_cells", &Stage::aging_capacity_cells, "Capacity of the aging store; 0 = unlimited")
              .in("cells")
              .ge(0)
              .for_kinds({k(K::formation)}),
          field("batch_modules", &Stage::batch_modules,
                "Modules per lot; a lot takes batch_modules x cells_per_module good cells")
              .ge(1)
              .for_kinds({k(K::module_assembly)}),
          field("cycle_dist", &Stage::cycle_dist, "Distribution of the processing time"),
          field("cycle_cv", &Stage::cycle_cv, "Coefficient of variation of a lognormal or gamma processing time")
              .ge(0)
              .le(max_cycle_cv),
          field("speed_initial", &Stage::speed_initial,
                "Speed at maturity 0, as a fraction of the mature speed: at least 0.1, a line being commissioned "
                "runs at 10 % or more of its nameplate speed")
              .ge(0.1)
              .le(1),
          field("operators", &Stage::operators,
                "Operators the stage needs per shift; when any stage of a line gives it, the line needs their sum "
                "(else /staffing/operators_per_shift)")
              .in("people")
              .ge(0),
          field("scrap", &Stage::scrap, "Defects made at this stage"),
          field("breakdowns", &Stage::breakdowns, "Machine failures; absent = none"),
          field("power", &Stage::power, "Power and energy"),
      },
      "kind",
      kind_names<StageKind>(),
      [](const Stage& s) { return k(s.kind); },
      [](const Stage& s, Context& ctx, const std::string& ptr) {
        switch (s.kind) {
        case K::process:
        case K::module_assembly:
          if (s.cycle_s <= 0)
            ctx.error(err::inconsistent, ptr + "/cycle_s",
                      "expected a number > 0 (required for " + std::string(to_string(s.kind)) + "), found " +
                          format_number(s.cycle_s));
          break;
        case K::stacking: {
          const bool by_cell = s.cycle_s > 0, by_sheet = s.sheet_s > 0 || s.sheets_per_cell > 0;
          if (by_cell == by_sheet)
            ctx.error(err::inconsistent, ptr,
                      "expected either cycle_s, or sheet_s with sheets_per_cell, for a stacking stage");
          else if (by_sheet && (s.sheet_s <= 0 || s.sheets_per_cell <= 0))
            ctx.error(err::inconsistent, ptr + (s.sheet_s <= 0 ? "/sheet_s" : "/sheets_per_cell"),
                      "expected both sheet_s > 0 and sheets_per_cell > 0");
          break;
        }
        case K::formation:
          if (s.channels < s.lot_cells)
            ctx.error(err::inconsistent, ptr + "/channels",
                      "expected at least tray_cells (" + std::to_string(s.lot_cells) + ") channels, found " +
                          std::to_string(s.channels));
          else if (s.channels % s.lot_cells != 0) // 75 channels and trays of 50 were one tray, silently
            ctx.error(err::inconsistent, ptr + "/channels",
                      "expected a multiple of tray_cells (" + std::to_string(s.lot_cells) +
                          "): channels form whole trays, found " + std::to_string(s.channels));
          else if (s.channels / s.lot_cells > max_trays)
            ctx.error(err::range, ptr + "/channels",
                      "expected at most " + std::to_string(max_trays) +
                          " trays formed at once (channels / tray_cells), "
                          "found " +
                          std::to_string(s.channels / s.lot_cells));
          if (s.aging_capacity_cells > 0 && s.aging_capacity_cells < s.lot_cells)
            ctx.error(err::inconsistent, ptr + "/aging_capacity_cells",
                      "expected 0 or at least tray_cells (" + std::to_string(s.lot_cells) + "), found " +
                          std::to_string(s.aging_capacity_cells));
          break;
        case K::electrode_coating:
          break;
        }
        // a time per cell near 0 makes events without end, one near infinity a stage that never finishes
        if (const auto [key, t] = cell_time(s); key != nullptr && !(t >= min_cell_s && t <= max_cell_s))
          ctx.error(err::range, ptr + "/" + key,
                    "expected a time per " + std::string(s.kind == K::module_assembly ? "module" : "cell") +
                        " of one machine of at least " + format_number(min_cell_s) + " s and at most " +
                        format_number(max_cell_s) + " s, found " + format_number(t) + " s");
        if (s.cycle_dist == Dist::weibull)
          ctx.error(err::enum_value, ptr + "/cycle_dist",
                    "expected one of \"deterministic\", \"exponential\", \"lognormal\", \"gamma\", found \"weibull\"");
        const bool needs_cv = s.cycle_dist == Dist::lognormal || s.cycle_dist == Dist::gamma;
        if (needs_cv && s.cycle_cv <= 0)
          ctx.error(err::inconsistent, ptr + "/cycle_cv",
                    "expected a number > 0 for a " + std::string(enum_name(s.cycle_dist)) + " cycle time, found " +
                        format_number(s.cycle_cv));
        if (!needs_cv && s.cycle_cv != 0)
          ctx.error(err::inconsistent, ptr + "/cycle_cv",
                    "expected no cycle_cv for a " + std::string(enum_name(s.cycle_dist)) +
                        " cycle time (it applies to lognormal and gamma), found " + format_number(s.cycle_cv));
      }};
  return d;
}

template <>
const ObjectDesc<Line>& describe<Line>()
{
  static const ObjectDesc<Line> d{
      "Line",
      "A production line (or block): stages in flow order, and its own start of production and maturity.",
      {
          field("id", &Line::id, "Unique id of the line").req().id(),
          field("count", &Line::count, "Identical lines built from this description (named id, id.2, ...)")
              .ge(1)
              .le(max_line_count),
          field("sop_date", &Line::sop_date, "Start of production: the line is off before, and matures from it").req(),
          field("sop_stagger_days", &Line::sop_stagger_days,
                "Days between the SOPs of the copies: copy k (from 0) starts k x sop_stagger_days after sop_date")
              .in("d")
              .ge(0),
          field("nameplate_gwh_per_year", &Line::nameplate_gwh_per_year, "Published nameplate capacity of one line")
              .in("GWh/yr")
              .gt(0),
          field("stages", &Line::stages, "Stages in flow order; the last one is the line's output")
              .req()
              .min_items(1)
              .max_items(max_stages),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<TimeLearning>& describe<TimeLearning>()
{
  static const ObjectDesc<TimeLearning> d{
      "TimeLearning",
      "Time-based learning: m(t) = 1 - exp(-(t - t_sop) / tau).",
      {field("tau_days", &TimeLearning::tau_days, "Time constant").in("d").req().gt(0)},
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<ExperienceLearning>& describe<ExperienceLearning>()
{
  static const ObjectDesc<ExperienceLearning> d{
      "ExperienceLearning",
      "Experience-based (Wright) learning: immaturity falls by progress_ratio at each doubling of cumulative "
      "good cells.",
      {
          field("progress_ratio", &ExperienceLearning::progress_ratio, "Immaturity multiplier per doubling")
              .req()
              .gt(0)
              .le(1),
          field("initial_cells", &ExperienceLearning::initial_cells,
                "Experience at SOP, in good cells (pilot line, sister plant)")
              .in("cells")
              .req()
              .gt(0),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<Commissioning>& describe<Commissioning>()
{
  static const ObjectDesc<Commissioning> d{
      "Commissioning",
      "A line's first weeks after its SOP: stops for debugging lower its availability a(t), rising linearly from "
      "availability_initial at SOP to 1 after days. The line stops for the last 1 - a of each cycle (reported as "
      "down).",
      {
          field("days", &Commissioning::days, "Length of the commissioning after each line's SOP").in("d").req().gt(0),
          field("availability_initial", &Commissioning::availability_initial, "Availability at SOP")
              .req()
              .ge(0.1)
              .le(1),
          field("cycle_h", &Commissioning::cycle_h, "Length of the run-and-stop cycle").in("h").ge(0.1).le(24),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<RampUp>& describe<RampUp>()
{
  static const ObjectDesc<RampUp> d{
      "RampUp",
      "Learning forms that make each line's maturity grow from its SOP; with none, lines are mature from SOP.",
      {
          field("time", &RampUp::time, "Time-based learning"),
          field("experience", &RampUp::experience, "Experience-based (Wright) learning"),
          field("skill", &RampUp::skill, "Use the workforce's effective skill as a maturity"),
          field("combine", &RampUp::combine,
                "product: immaturities multiply; min: the least mature form sets the maturity"),
          field("transfer", &RampUp::transfer,
                "Share of what the plant has learned (the most mature running line, per time or experience form) "
                "that a line starts with at its SOP: 0 = from scratch, 1 = where the best line is")
              .prob(),
          field("commissioning", &RampUp::commissioning, "Low availability of each line's first weeks"),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<Headcount>& describe<Headcount>()
{
  static const ObjectDesc<Headcount> d{"Headcount",
                                       "A dated headcount; it holds from its date until the next entry.",
                                       {
                                           field("date", &Headcount::date, "From this day on").req(),
                                           field("headcount", &Headcount::headcount, "People").in("people").req().ge(0),
                                       },
                                       {},
                                       {},
                                       {},
                                       {}};
  return d;
}

template <>
const ObjectDesc<Workforce>& describe<Workforce>()
{
  static const ObjectDesc<Workforce> d{
      "Workforce",
      "Experts and local staff, and how local skill grows by training and practice.",
      {
          field("experts", &Workforce::experts, "Dated expert headcounts (step schedule)"),
          field("local_staff", &Workforce::local_staff, "Dated local staff headcounts (step schedule)")
              .req()
              .min_items(1),
          field("expert_skill", &Workforce::expert_skill, "Skill of an expert").gt(0).le(1),
          field("initial_local_skill", &Workforce::initial_local_skill, "Skill of local staff at the start").prob(),
          field("training_rate_per_day", &Workforce::training_rate_per_day,
                "Local skill gain rate per unit of expert-to-staff ratio")
              .in("1/d")
              .ge(0),
          field("practice_tau_days", &Workforce::practice_tau_days, "Time constant of learning by doing; 0 = none")
              .in("d")
              .ge(0),
      },
      {},
      {},
      {},
      [](const Workforce& w, Context& ctx, const std::string& ptr) {
        for (auto [key, list] : {std::pair{"experts", &w.experts}, std::pair{"local_staff", &w.local_staff}})
          for (std::size_t i = 1; i < list->size(); ++i)
            if ((*list)[i].date <= (*list)[i - 1].date)
              ctx.error(err::inconsistent, ptr + "/" + key + "/" + std::to_string(i) + "/date",
                        "expected a date after " + (*list)[i - 1].date.to_string() + ", found \"" +
                            (*list)[i].date.to_string() + "\"");
      }};
  return d;
}

template <>
const ObjectDesc<ShiftLevel>& describe<ShiftLevel>()
{
  static const ObjectDesc<ShiftLevel> d{
      "ShiftLevel",
      "A rung of the shift ladder: shifts per day on the first days of the week (Monday first).",
      {
          field("shifts_per_day", &ShiftLevel::shifts_per_day, "Shifts a day, back to back from first_shift_start_h")
              .req()
              .ge(1)
              .le(4),
          field("days_per_week", &ShiftLevel::days_per_week, "Working days a week: 5 = Monday to Friday, 7 = all")
              .req()
              .ge(1)
              .le(7),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<Staffing>& describe<Staffing>()
{
  static const ObjectDesc<Staffing> d{
      "Staffing",
      "Staffed capacity: local staff are hired on /workforce/local_staff, qualify after training, and with the "
      "experts on site staff shifts; each line runs the highest rung of the ladder its operators allow, lines in "
      "SOP order. A line with no staffed shift is off.",
      {
          field("operators_per_shift", &Staffing::operators_per_shift,
                "Operators a line needs per shift (unless its stages give their own)")
              .in("people")
              .req()
              .gt(0),
          field("shift_hours", &Staffing::shift_hours, "Length of a shift").in("h").ge(1).le(24),
          field("first_shift_start_h", &Staffing::first_shift_start_h, "Hour the first shift of a day starts")
              .in("h")
              .ge(0)
              .lt(24),
          field("ladder", &Staffing::ladder,
                "Shift patterns in the order they open; default 1x5, 2x5, 3x5, 3x7 (shifts per day x days)")
              .min_items(1),
          field("shifts_per_operator_week", &Staffing::shifts_per_operator_week, "Shifts one operator works a week")
              .gt(0)
              .le(7),
          field("operator_fraction", &Staffing::operator_fraction, "Share of local staff who are line operators")
              .prob(),
          field("expert_operator_fraction", &Staffing::expert_operator_fraction,
                "Share of the experts on site who staff shifts")
              .prob(),
          field("qualification_days", &Staffing::qualification_days, "Training from hiring to qualified").in("d").ge(0),
          field("trainees_per_expert", &Staffing::trainees_per_expert,
                "Training places per expert on site; 0 = training is not limited by experts")
              .ge(0),
          field("initially_qualified", &Staffing::initially_qualified, "Local staff qualified at the start date")
              .in("people")
              .ge(0),
          field("order", &Staffing::order,
                "line_first: each line (in SOP order) takes the highest rung it can before the next; shift_first: "
                "every line gets a rung before any gets the next"),
      },
      {},
      {},
      {},
      [](const Staffing& st, Context& ctx, const std::string& ptr) {
        for (std::size_t i = 0; i < st.ladder.size(); ++i) {
          const auto& l = st.ladder[i];
          if (l.shifts_per_day * st.shift_hours > 24.0 + 1e-9)
            ctx.error(err::inconsistent, ptr + "/ladder/" + std::to_string(i) + "/shifts_per_day",
                      "expected at most " + format_number(std::floor(24.0 / st.shift_hours)) + " shifts of " +
                          format_number(st.shift_hours) + " h a day, found " + std::to_string(l.shifts_per_day));
          if (i > 0 &&
              l.shifts_per_day * l.days_per_week <= st.ladder[i - 1].shifts_per_day * st.ladder[i - 1].days_per_week)
            ctx.error(err::inconsistent, ptr + "/ladder/" + std::to_string(i),
                      "expected more shifts a week than the rung before (" +
                          std::to_string(st.ladder[i - 1].shifts_per_day * st.ladder[i - 1].days_per_week) +
                          "), found " + std::to_string(l.shifts_per_day * l.days_per_week));
          if (i > 0 &&
              (l.shifts_per_day < st.ladder[i - 1].shifts_per_day || l.days_per_week < st.ladder[i - 1].days_per_week))
            ctx.error(err::inconsistent, ptr + "/ladder/" + std::to_string(i),
                      "expected a rung that keeps every shift of the rung before (no fewer shifts a day or days)");
        }
      }};
  return d;
}

template <>
const ObjectDesc<CallOff>& describe<CallOff>()
{
  static const ObjectDesc<CallOff> d{
      "CallOff",
      "A call-off rate: holds from its month until the next entry.",
      {
          field("month", &CallOff::month, "First month at this rate").req(),
          field("value", &CallOff::value, "Called off per month, in the demand's unit").req().ge(0),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<Demand>& describe<Demand>()
{
  static const ObjectDesc<Demand> d{
      "Demand",
      "What customers call off. Good output goes to a finished-goods store and ships at the call-off rate; when "
      "the store is full, the raw-fed stations slow to the call-off rate. Before the first call-off, demand does "
      "not limit output.",
      {
          field("unit", &Demand::unit, "cells, modules, gwh, or vehicles (x /product/pack_kwh) of the call-off values"),
          field("calloffs", &Demand::calloffs, "Monthly call-off rates in month order").req().min_items(1),
          field("store_cells", &Demand::store_cells, "Capacity of the finished-goods store").in("cells").req().gt(0),
      },
      {},
      {},
      {},
      [](const Demand& dm, Context& ctx, const std::string& ptr) {
        for (std::size_t i = 1; i < dm.calloffs.size(); ++i)
          if (!(dm.calloffs[i - 1].month < dm.calloffs[i].month))
            ctx.error(err::inconsistent, ptr + "/calloffs/" + std::to_string(i) + "/month",
                      "expected a month after " + dm.calloffs[i - 1].month.to_string() + ", found \"" +
                          dm.calloffs[i].month.to_string() + "\"");
      }};
  return d;
}

template <>
const ObjectDesc<Event>& describe<Event>()
{
  using K = EventKind;
  static const ObjectDesc<Event> d{
      "Event",
      "A dated change: an output cap (volume held to cut scrap) or a process change that resets maturity.",
      {
          field("id", &Event::id, "Unique id of the event").req().id(),
          field("kind", &Event::kind, "What happens").req(),
          field("date", &Event::date, "Day it takes effect").req(),
          field("end_date", &Event::end_date, "Day it ends; absent = the end of the run").for_kinds({k(K::output_cap)}),
          field("line", &Event::line, "Line concerned; empty = every line"),
          field("max_cells_per_day", &Event::max_cells_per_day, "Cells a line may start per day")
              .in("cells/d")
              .req()
              .ge(0)
              .for_kinds({k(K::output_cap)}),
          field("maturity_loss", &Event::maturity_loss, "Fraction of the maturity lost")
              .req()
              .prob()
              .for_kinds({k(K::process_change)}),
      },
      "kind",
      kind_names<EventKind>(),
      [](const Event& e) { return k(e.kind); },
      [](const Event& e, Context& ctx, const std::string& ptr) {
        if (e.end_date && *e.end_date <= e.date)
          ctx.error(err::inconsistent, ptr + "/end_date",
                    "expected a date after " + e.date.to_string() + ", found \"" + e.end_date->to_string() + "\"");
      }};
  return d;
}

template <>
const ObjectDesc<Observation>& describe<Observation>()
{
  static const ObjectDesc<Observation> d{
      "Observation",
      "A published figure the model should reproduce: a metric at a month or date, with its uncertainty.",
      {
          field("id", &Observation::id, "Unique id").req().id(),
          field("metric", &Observation::metric,
                "cells_good, modules, gwh, vehicles, scrap_rate, vehicles_per_year (annualised), shifts_per_week "
                "(staffed, mean over the lines past SOP): in a month; gwh_cumulative, cells_cumulative: by the end "
                "of a date; daily_output_ratio: daily good cells of month over reference_month")
              .req(),
          field("month", &Observation::month, "Month observed (all metrics but the cumulative ones)"),
          field("date", &Observation::date, "Date observed (gwh_cumulative, cells_cumulative: end of that day)"),
          field("reference_month", &Observation::reference_month, "Denominator month of daily_output_ratio"),
          field("line", &Observation::line, "Line observed; empty = the whole plant"),
          field("value", &Observation::value, "Observed value").req().ge(0),
          field("rel_sigma", &Observation::rel_sigma, "Standard deviation relative to the value").req().gt(0),
          field("source", &Observation::source, "Id of the source").req().id(),
          field("bound", &Observation::bound,
                "point: the value with its sigma; at_most, at_least: a soft bound (no penalty on the right side); "
                "between: value to upper"),
          field("upper", &Observation::upper, "Upper end of a between bound").ge(0),
          field("basis", &Observation::basis,
                "observed: it happened (fitted); plan: an intention or target (a bound, never a point); estimate: "
                "derived by the scenario's author"),
          field("fit", &Observation::fit, "false: shown next to the model in the validation, not fitted"),
          field("note", &Observation::note, "How the figure is read: the source's words and the reading chosen"),
      },
      {},
      {},
      {},
      [](const Observation& o, Context& ctx, const std::string& ptr) {
        const bool dated = o.metric == Metric::gwh_cumulative || o.metric == Metric::cells_cumulative;
        if (dated && !o.date)
          ctx.error(err::missing, ptr + "/date",
                    std::string("missing required key \"date\" for metric \"") + enum_name(o.metric) + "\"");
        if (!dated && !o.month)
          ctx.error(err::missing, ptr + "/month",
                    std::string("missing required key \"month\" for metric \"") + enum_name(o.metric) + "\"");
        if (dated && o.month)
          ctx.error(err::inconsistent, ptr + "/month",
                    std::string("expected no month for metric \"") + enum_name(o.metric) + "\" (use date)");
        if (o.basis == Basis::plan && o.bound == Bound::point)
          ctx.error(err::inconsistent, ptr + "/bound",
                    "a plan is at most a bound: expected at_most, at_least or between for basis \"plan\", found "
                    "\"point\"");
        if (o.bound == Bound::between && !(o.upper > o.value))
          ctx.error(err::inconsistent, ptr + "/upper",
                    "expected an upper end above value (" + format_number(o.value) + ") for a between bound, found " +
                        format_number(o.upper));
        if (o.bound != Bound::between && o.upper != 0)
          ctx.error(err::inconsistent, ptr + "/upper", "expected no upper (only a between bound has one)");
        if (!dated && o.date)
          ctx.error(err::inconsistent, ptr + "/date",
                    std::string("expected no date for metric \"") + enum_name(o.metric) + "\" (use month)");
        const bool ratio = o.metric == Metric::daily_output_ratio;
        if (ratio && !o.reference_month)
          ctx.error(err::missing, ptr + "/reference_month",
                    "missing required key \"reference_month\" for metric \"daily_output_ratio\"");
        if (!ratio && o.reference_month)
          ctx.error(err::inconsistent, ptr + "/reference_month",
                    "expected no reference_month (only daily_output_ratio has one)");
        if (o.metric == Metric::scrap_rate && o.value > 1)
          ctx.error(err::range, ptr + "/value", "expected a scrap rate >= 0 and <= 1, found " + format_number(o.value));
      }};
  return d;
}

template <>
const ObjectDesc<CalibrationParameter>& describe<CalibrationParameter>()
{
  static const ObjectDesc<CalibrationParameter> d{
      "CalibrationParameter",
      "A number of the scenario, named by its JSON pointer, that calibration may move within bounds.",
      {
          field("path", &CalibrationParameter::path, "JSON pointer of a number in this scenario").req().nonempty(),
          field("min", &CalibrationParameter::min, "Lower bound").req(),
          field("max", &CalibrationParameter::max, "Upper bound").req(),
          field("log", &CalibrationParameter::log, "Fit the logarithm (for scale parameters)"),
      },
      {},
      {},
      {},
      [](const CalibrationParameter& p, Context& ctx, const std::string& ptr) {
        if (!(p.min < p.max))
          ctx.error(err::inconsistent, ptr + "/max",
                    "expected more than min (" + format_number(p.min) + "), found " + format_number(p.max));
        if (p.log && p.min <= 0)
          ctx.error(err::inconsistent, ptr + "/min",
                    "expected a number > 0 for a log-scale parameter, found " + format_number(p.min));
      }};
  return d;
}

template <>
const ObjectDesc<Posterior>& describe<Posterior>()
{
  static const ObjectDesc<Posterior> d{
      "Posterior",
      "What the last calibration knows about its parameters (written by `gigaline calibrate --out`, read by "
      "`gigaline forecast`): a Laplace approximation in the optimiser's unbounded space.",
      {
          field("u", &Posterior::u, "The fitted point in the unbounded space, one value per parameter").req(),
          field("covariance_u", &Posterior::covariance_u,
                "Covariance of u over the identified directions (rows of the parameters' order), already scaled")
              .req(),
          field("unidentified", &Posterior::unidentified,
                "Paths of the parameters the observations do not constrain (forecast draws them from their range)"),
          field("chi2", &Posterior::chi2, "chi2 at the fit").ge(0),
          field("fitted_observations", &Posterior::fitted_observations, "Observations the fit used").ge(0),
          field("scale", &Posterior::scale, "Factor applied to (J'J)^-1: max(1, chi2 / degrees of freedom)").ge(1),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<Calibration>& describe<Calibration>()
{
  static const ObjectDesc<Calibration> d{
      "Calibration",
      "What `gigaline calibrate` fits to the observations.",
      {
          field("parameters", &Calibration::parameters, "Parameters to fit"),
          field("replications", &Calibration::replications, "Replications per evaluation (common random numbers)")
              .ge(1)
              .le(max_replications),
          field("max_iterations", &Calibration::max_iterations, "Iteration limit of the fit").ge(1).le(10000),
          field("assumptions", &Calibration::assumptions,
                "Values the fit leaves fixed because the observations do not identify them; gigaline forecast "
                "draws each uniformly in its range (log-uniformly for log ones), so the forecast carries them"),
          field("posterior", &Calibration::posterior,
                "The parameters' uncertainty from the last fit (written by calibrate --out); absent: forecast draws "
                "each parameter from its range"),
      },
      {},
      {},
      {},
      [](const Calibration& c, Context& ctx, const std::string& ptr) {
        if (!c.posterior)
          return;
        const std::size_t p = c.parameters.size();
        const auto& q = *c.posterior;
        auto size_error = [&](const std::string& key, std::size_t found) {
          ctx.error(err::inconsistent, ptr + "/posterior/" + key,
                    "expected " + std::to_string(p) + " value(s), one per calibration parameter, found " +
                        std::to_string(found));
        };
        if (q.u.size() != p)
          size_error("u", q.u.size());
        for (std::size_t i = 0; i < q.unidentified.size(); ++i)
          if (std::none_of(c.parameters.begin(), c.parameters.end(),
                           [&](const CalibrationParameter& cp) { return cp.path == q.unidentified[i]; }))
            ctx.error(err::reference, ptr + "/posterior/unidentified/" + std::to_string(i),
                      "expected the path of a calibration parameter, found \"" + q.unidentified[i] + "\"");
        if (q.covariance_u.size() != p)
          size_error("covariance_u", q.covariance_u.size());
        for (std::size_t i = 0; i < q.covariance_u.size(); ++i)
          if (q.covariance_u[i].size() != p)
            size_error("covariance_u/" + std::to_string(i), q.covariance_u[i].size());
      }};
  return d;
}

template <>
const ObjectDesc<Cost>& describe<Cost>()
{
  static const ObjectDesc<Cost> d{
      "Cost",
      "Cost model: EUR per kWh of good cells, so that scrap is priced.",
      {
          field("material_eur_per_kwh", &Cost::material_eur_per_kwh, "Materials per kWh of cells started")
              .in("EUR/kWh")
              .ge(0),
          field("energy_eur_per_kwh", &Cost::energy_eur_per_kwh, "Price of factory electricity").in("EUR/kWh").ge(0),
          field("labour_eur_per_year", &Cost::labour_eur_per_year, "Labour cost of the plant per year")
              .in("EUR/yr")
              .ge(0),
          field("capex_eur", &Cost::capex_eur, "Capital invested").in("EUR").ge(0),
          field("depreciation_years", &Cost::depreciation_years, "Straight-line depreciation period").in("yr").gt(0),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<Run>& describe<Run>()
{
  static const ObjectDesc<Run> d{
      "Run",
      "Run settings; the command line may override them.",
      {
          field("seed", &Run::seed, "Seed of every random stream (with replication and entity ids)"),
          field("replications", &Run::replications, "Independent replications").ge(1).le(max_replications),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<Scenario>& describe<Scenario>()
{
  static const ObjectDesc<Scenario> d{
      "Scenario",
      "A gigaline scenario: one plant (or region) and what is known of it.",
      {
          field("schema_version", &Scenario::schema_version, "Version of this format").req().only(1),
          field("name", &Scenario::name, "Short name, used in outputs").req().id(),
          field("description", &Scenario::description, "What the scenario represents").req().nonempty(),
          field("sources", &Scenario::sources, "Where the figures come from"),
          field("calendar", &Scenario::calendar, "Dates, horizon and working time").req(),
          field("product", &Scenario::product, "Cell, module and pack").req(),
          field("lines", &Scenario::lines, "Production lines; at most 100 in all, count included")
              .req()
              .min_items(1)
              .max_items(max_line_count),
          field("ramp_up", &Scenario::ramp_up, "Learning forms driving maturity"),
          field("workforce", &Scenario::workforce, "Experts and local staff (skill transfer, hiring)"),
          field("staffing", &Scenario::staffing,
                "Shifts opened as qualified operators allow; absent = lines run "
                "whenever the calendar allows"),
          field("demand", &Scenario::demand, "Customer call-offs; absent = output is not limited by demand"),
          field("events", &Scenario::events, "Dated events"),
          field("observations", &Scenario::observations, "Published figures to reproduce"),
          field("calibration", &Scenario::calibration, "Parameters to fit"),
          field("cost", &Scenario::cost, "Cost model; absent = no cost figures"),
          field("run", &Scenario::run, "Seed and replications"),
      },
      {},
      {},
      {},
      {}};
  return d;
}

const char* to_string(StageKind kind)
{
  return enum_name(kind);
}

} // namespace gigaline::scenario
