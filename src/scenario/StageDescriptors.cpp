// src/scenario/StageDescriptors.cpp — THE table of the scenario format, part 2: a stage and what it carries
// (scrap, breakdowns, power), with their bounds. Part 1, ScenarioDescriptors.cpp: the plant around the stages;
// part 3, PeopleDescriptors.cpp: learning, people, customers, data.
#include "gigaline/scenario/ScenarioDescriptors.hpp"

#include "DescriptorLimits.hpp"

#include <string>
#include <utility>

namespace gigaline::scenario {

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

} // namespace gigaline::scenario
