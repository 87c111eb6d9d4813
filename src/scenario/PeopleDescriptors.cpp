// src/scenario/PeopleDescriptors.cpp — THE table of the scenario format, part 3: learning and commissioning,
// workforce and staffing, demand, events, observations and calibration (parts 1, 2: Scenario-, StageDescriptors).
#include "gigaline/core/Text.hpp"
#include "gigaline/scenario/ScenarioDescriptors.hpp"

#include "DescriptorLimits.hpp"

#include <algorithm>
#include <cmath>

namespace gigaline::scenario {
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
                      "expected the path of a calibration parameter, found " + text::quoted(q.unidentified[i]));
        if (q.covariance_u.size() != p)
          size_error("covariance_u", q.covariance_u.size());
        for (std::size_t i = 0; i < q.covariance_u.size(); ++i)
          if (q.covariance_u[i].size() != p)
            size_error("covariance_u/" + std::to_string(i), q.covariance_u[i].size());
      }};
  return d;
}

} // namespace gigaline::scenario
