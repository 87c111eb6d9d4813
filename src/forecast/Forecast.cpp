// src/forecast/Forecast.cpp — runs K parameter draws x R replications (and, with a what-if, the same draws
// and seeds again under the alternative) in worker processes, and reduces the monthly outputs of every run
// to prediction quantiles, milestone dates and target probabilities.
#include "gigaline/forecast/Forecast.hpp"

#include "gigaline/core/Error.hpp"
#include "gigaline/core/ProcessPool.hpp"
#include "gigaline/core/Progress.hpp"
#include "gigaline/core/Random.hpp"
#include "gigaline/core/Text.hpp"
#include "gigaline/report/Summary.hpp"
#include "gigaline/run/Replications.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <ostream>
#include <regex>

namespace gigaline::forecast {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
const char* const figure_names[] = {"cells_good", "gwh", "scrap_rate", "gwh_cumulative", "nameplate_share"};
constexpr std::size_t figures = 5;
const double nameplate_levels[] = {0.5, 0.8, 1.0};
const double gwh_levels[] = {1, 5, 10};

std::vector<Month> months_of(const scenario::Scenario& s)
{
  const Date start = s.calendar.start_date;
  const Date last = start + (static_cast<int>(std::ceil(s.calendar.horizon_days)) - 1);
  std::vector<Month> out;
  for (Month m = Month::of(start); m <= Month::of(last); m = m + 1)
    out.push_back(m);
  return out;
}

/// Nameplate GWh of each month (report::nameplate_gwh_in, the run report's rule).
std::vector<double> nameplate_of(const scenario::Scenario& s, const std::vector<Month>& months)
{
  const auto lines = report::nameplate_lines(s);
  std::vector<double> out;
  for (const Month m : months)
    out.push_back(report::nameplate_gwh_in(lines, m));
  return out;
}

/// Good and scrapped cells of each month of one run (NaN where the run does not reach the month).
std::vector<double> monthly_counts(const run::ReplicationResult& r, const std::vector<Month>& months)
{
  std::vector<double> out(2 * months.size(), nan);
  for (std::size_t i = 0; i < r.months.size(); ++i) {
    const auto& a = r.months[i];
    const auto& b = i + 1 < r.months.size() ? r.months[i + 1] : r.end;
    const auto m = static_cast<std::size_t>(a.month_index - months.front().index());
    if (m < months.size()) {
      out[2 * m] = b.good - a.good;
      out[2 * m + 1] = b.scrapped - a.scrapped;
    }
  }
  return out;
}

/// The figures of a run, [figure][month], from its monthly counts.
Run figures_of(const std::vector<double>& counts, const std::vector<double>& nameplate, double cell_wh)
{
  const std::size_t n = nameplate.size();
  Run r;
  r.series.assign(figures, std::vector<double>(n, nan));
  double cumulative = 0;
  for (std::size_t m = 0; m < n; ++m) {
    const double good = counts[2 * m], scrapped = counts[2 * m + 1];
    if (std::isnan(good))
      continue;
    const double gwh = good * cell_wh / 1e9;
    cumulative += gwh;
    r.series[0][m] = good;
    r.series[1][m] = gwh;
    r.series[2][m] = good + scrapped > 0 ? scrapped / (good + scrapped) : nan;
    r.series[3][m] = cumulative;
    r.series[4][m] = nameplate[m] > 0 ? gwh / nameplate[m] : nan;
  }
  return r;
}

/// The date a run first reaches a level: the first day of the month whose share of nameplate reaches it, or
/// the day cumulative GWh passes it (linear within its month). Absent when never.
std::optional<Date> reached(const Run& r, const std::vector<Month>& months, bool cumulative, double level)
{
  double before = 0;
  for (std::size_t m = 0; m < months.size(); ++m) {
    const double v = r.series[cumulative ? 3 : 4][m];
    if (std::isnan(v))
      continue;
    if (v >= level) {
      if (!cumulative)
        return months[m].first_day();
      const double f = v > before ? (level - before) / (v - before) : 1.0;
      return months[m].first_day() + static_cast<int>(std::floor(f * (months[m].days() - 1)));
    }
    before = v;
  }
  return std::nullopt;
}

Milestone milestone(const std::string& name, const std::vector<Run>& runs, const std::vector<Month>& months,
                    bool cumulative, double level)
{
  Milestone ms;
  ms.name = name;
  std::vector<int> days; // never reached: after every date
  for (const auto& r : runs) {
    const auto d = reached(r, months, cumulative, level);
    days.push_back(d ? d->days_since_epoch() : std::numeric_limits<int>::max());
  }
  std::sort(days.begin(), days.end());
  const auto n = days.size();
  ms.reached = n ? static_cast<double>(std::count_if(days.begin(), days.end(),
                                                     [](int d) { return d != std::numeric_limits<int>::max(); })) /
                       static_cast<double>(n)
                 : 0.0;
  auto at = [&](double q) -> std::optional<Date> {
    if (n == 0)
      return std::nullopt;
    const auto i = std::min(n - 1, static_cast<std::size_t>(std::ceil(q * static_cast<double>(n))) - (q > 0 ? 1 : 0));
    return days[i] == std::numeric_limits<int>::max() ? std::nullopt : std::optional<Date>(Date::from_days(days[i]));
  };
  ms.p10 = at(0.1);
  ms.p50 = at(0.5);
  ms.p90 = at(0.9);
  return ms;
}

std::vector<Milestone> milestones_of(const std::vector<Run>& runs, const std::vector<Month>& months)
{
  std::vector<Milestone> out;
  for (double level : nameplate_levels)
    out.push_back(milestone("nameplate_" + std::to_string(static_cast<int>(level * 100)), runs, months, false, level));
  for (double level : gwh_levels)
    out.push_back(milestone("gwh_cumulative_" + std::to_string(static_cast<int>(level)), runs, months, true, level));
  return out;
}

std::vector<Series> series_of(const std::vector<Run>& runs, std::size_t n)
{
  std::vector<Series> out;
  for (std::size_t f = 0; f < figures; ++f) {
    Series s;
    s.name = figure_names[f];
    for (std::size_t m = 0; m < n; ++m) {
      std::vector<double> v;
      for (const auto& r : runs)
        if (!std::isnan(r.series[f][m]))
          v.push_back(r.series[f][m]);
      s.months.push_back(quantiles_of(std::move(v)));
    }
    out.push_back(std::move(s));
  }
  return out;
}

/// The value a target reads from a run; NaN when the run does not cover it.
double target_value(const Target& t, const Run& r, const std::vector<Month>& months, double cell_wh)
{
  const Month m = Month::of(t.date);
  const auto i = static_cast<std::size_t>(m.index() - months.front().index());
  if (m < months.front() || i >= months.size())
    return nan;
  if (t.metric == "gwh_cumulative" || t.metric == "cells_cumulative") {
    const double before = i > 0 ? r.series[3][i - 1] : 0.0, after = r.series[3][i];
    const double f = static_cast<double>(t.date.days_since_epoch() + 1 - m.first_day().days_since_epoch()) / m.days();
    const double gwh = before + f * (after - before);
    return t.metric == "gwh_cumulative" ? gwh : gwh * 1e9 / cell_wh;
  }
  const std::size_t f = t.metric == "cells_good" ? 0 : t.metric == "gwh" ? 1 : t.metric == "scrap_rate" ? 2 : 4;
  return r.series[f][i];
}

double probability(const Target& t, const std::vector<Run>& runs, const std::vector<Month>& months, double cell_wh)
{
  if (runs.empty())
    return 0.0;
  int met = 0;
  for (const auto& r : runs) {
    const double v = target_value(t, r, months, cell_wh);
    met += !std::isnan(v) && (t.at_least ? v >= t.value : v <= t.value) ? 1 : 0;
  }
  return static_cast<double>(met) / static_cast<double>(runs.size());
}
} // namespace

Quantiles quantiles_of(std::vector<double> v)
{
  Quantiles q;
  if (v.empty()) {
    q.p5 = q.p10 = q.p50 = q.p90 = q.p95 = q.mean = nan;
    return q;
  }
  std::sort(v.begin(), v.end());
  // linear interpolation between order statistics (type 7, the default of R and NumPy)
  auto at = [&](double p) {
    const double h = p * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
  };
  q.p5 = at(0.05);
  q.p10 = at(0.10);
  q.p50 = at(0.50);
  q.p90 = at(0.90);
  q.p95 = at(0.95);
  double sum = 0;
  for (double x : v)
    sum += x;
  q.mean = sum / static_cast<double>(v.size());
  return q;
}

Target parse_target(const std::string& text)
{
  static const std::regex re(
      R"(^\s*(gwh_cumulative|cells_cumulative|gwh|cells_good|scrap_rate|nameplate_share)\s*(>=|<=)\s*([0-9.eE+-]+)\s*@\s*([0-9]{4}-[0-9]{2}-[0-9]{2})\s*$)");
  std::smatch m;
  const auto fail = [&](const std::string& why) {
    return InputError("[forecast.E801] --target " + text::quoted(text) + ": " + why +
                      "; expected FIGURE>=VALUE@YYYY-MM-DD or FIGURE<=VALUE@YYYY-MM-DD with FIGURE one of "
                      "gwh_cumulative, cells_cumulative (by the end of the date), gwh, cells_good, scrap_rate, "
                      "nameplate_share (in the date's month)");
  };
  if (!std::regex_match(text, m, re))
    throw fail("not a target");
  Target t;
  t.text = text;
  t.metric = m[1];
  t.at_least = m[2] == ">=";
  try {
    std::size_t used = 0;
    t.value = std::stod(m[3].str(), &used);
    if (used != m[3].str().size() || !std::isfinite(t.value))
      throw fail("the value " + text::quoted(m[3].str()) + " is not a finite number");
  } catch (const std::logic_error&) {
    throw fail("the value " + text::quoted(m[3].str()) + " is not a finite number");
  }
  const auto d = Date::parse(m[4].str());
  if (!d)
    throw fail(text::quoted(m[4].str()) + " is not a date");
  t.date = *d;
  return t;
}

Result forecast(const scenario::Json& doc, const std::string& origin, const Options& o)
{
  const auto t0 = std::chrono::steady_clock::now();
  const scenario::Scenario base = scenario::from_json(doc, origin);
  if (base.calibration.parameters.empty())
    throw InputError("[forecast.E802] " + origin +
                     ": /calibration/parameters is empty: a forecast draws the calibrated parameters (from "
                     "/calibration/posterior, or from their ranges)");
  std::vector<Target> targets;
  for (const auto& t : o.targets)
    targets.push_back(parse_target(t));
  Result res;
  res.scenario = base.name;
  res.months = months_of(base);
  res.nameplate_gwh = nameplate_of(base, res.months);
  if (base.cost)
    res.cell_price_eur_per_kwh = base.cost->cell_price_eur_per_kwh;
  res.method = base.calibration.posterior ? "posterior (Laplace approximation of the last calibration)"
                                          : "prior (each parameter uniform in its range, log-uniform for log ones)";
  res.draws_count = o.draws;
  res.replications = o.replications;
  res.what_if = o.what_if;
  for (const auto& p : base.calibration.parameters)
    res.paths.push_back(p.path);
  for (const auto& p : base.calibration.assumptions)
    res.paths.push_back(p.path);
  res.draws = draw_parameters(base, doc, o.draws, base.run.seed);

  // one scenario per draw (and per draw under the what-if), each checked before any run starts
  const int variants = o.what_if.empty() ? 1 : 2;
  std::vector<scenario::Scenario> scenarios;
  for (int v = 0; v < variants; ++v)
    for (std::size_t k = 0; k < res.draws.size(); ++k) {
      auto d = scenario::with_numbers(doc, res.paths, res.draws[k]);
      if (v == 1) {
        scenario::Context ctx("scenario");
        scenario::apply_overrides(d, o.what_if, ctx);
        if (ctx.count() > 0)
          throw ValidationError(origin + " (--what-if)", ctx.diagnostics());
      }
      scenarios.push_back(scenario::from_json(d, origin));
      if (v == 1 && months_of(scenarios.back()) != res.months)
        throw InputError("[forecast.E803] --what-if changes the months of the run; a what-if keeps the calendar");
    }
  const auto r = static_cast<std::size_t>(o.replications);
  const std::size_t tasks = scenarios.size() * r;
  std::vector<std::vector<double>> counts;
  Progress progress(o.progress, o.progress_bar, 5.0, tasks, "forecast", "runs", false);
  const std::size_t batch = std::max<std::size_t>(16, static_cast<std::size_t>(o.jobs) * 8);
  for (std::size_t from = 0; from < tasks; from += batch) {
    const std::size_t n = std::min(batch, tasks - from);
    auto part = fork_map(n, o.jobs, [&](std::size_t i) {
      // draw k's replications are k R .. k R + R - 1: every run has its own random numbers (the spread of the
      // forecast includes the process's), and the what-if reuses them run for run (common random numbers)
      const std::size_t task = from + i, within = task % (res.draws.size() * r);
      return monthly_counts(run::run_replication(scenarios[task / r], static_cast<int>(within)), res.months);
    });
    for (auto& c : part)
      counts.push_back(std::move(c));
    progress.update(counts.size());
  }
  progress.finish();
  const double wh = base.product.cell_energy_wh;
  const std::size_t per_variant = res.draws.size() * r;
  res.cell_wh = wh;
  res.run_counts.assign(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(per_variant));
  std::vector<Run> runs, alt;
  for (std::size_t i = 0; i < counts.size(); ++i)
    (i < per_variant ? runs : alt).push_back(figures_of(counts[i], res.nameplate_gwh, wh));
  res.series = series_of(runs, res.months.size());
  res.milestones = milestones_of(runs, res.months);
  for (const auto& t : targets) {
    TargetResult tr;
    tr.text = t.text;
    tr.probability = probability(t, runs, res.months, wh);
    if (!alt.empty())
      tr.what_if = probability(t, alt, res.months, wh);
    res.targets.push_back(tr);
  }
  if (!alt.empty()) {
    res.what_if_series = series_of(alt, res.months.size());
    res.what_if_milestones = milestones_of(alt, res.months);
    std::vector<Run> diff(runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i) {
      diff[i].series = runs[i].series;
      for (std::size_t f = 0; f < figures; ++f)
        for (std::size_t m = 0; m < res.months.size(); ++m)
          diff[i].series[f][m] = alt[i].series[f][m] - runs[i].series[f][m];
    }
    res.difference_series = series_of(diff, res.months.size());
  }
  res.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

Result forecast_region(const scenario::LoadedRegion& region, const Options& o)
{
  const auto t0 = std::chrono::steady_clock::now();
  if (!o.what_if.empty())
    throw InputError("[forecast.E804] --what-if: a region's forecast has no what-if (it names one plant's "
                     "parameters): forecast that plant's scenario with it");
  std::vector<Target> targets;
  for (const auto& t : o.targets) {
    targets.push_back(parse_target(t));
    if (targets.back().metric == "cells_cumulative")
      throw InputError("[forecast.E804] --target " + text::quoted(t) +
                       ": a region adds cells of different energies; use gwh_cumulative");
  }
  Options plant_options = o;
  plant_options.targets.clear();
  std::vector<Result> plants;
  for (std::size_t p = 0; p < region.plants.size(); ++p) {
    auto doc = scenario::to_json(region.plants[p].scenario);
    doc["run"]["seed"] = derive_seed(region.region.run.seed, p, entity_id("forecast/region plant"));
    if (o.progress)
      *o.progress << "forecast: plant " << region.plants[p].scenario.name << "\n";
    plants.push_back(forecast(doc, region.plants[p].path, plant_options));
  }
  Result res;
  res.scenario = region.region.name;
  res.method = "each plant's own (posterior or prior ranges), plants independent";
  res.draws_count = o.draws;
  res.replications = o.replications;
  Month first = plants.front().months.front(), last = plants.front().months.back();
  for (const auto& p : plants) {
    first = std::min(first, p.months.front());
    last = std::max(last, p.months.back());
    for (const auto& path : p.paths)
      res.paths.push_back(p.scenario + ":" + path);
  }
  for (Month m = first; m <= last; m = m + 1)
    res.months.push_back(m);
  const std::size_t n = res.months.size();
  res.nameplate_gwh.assign(n, 0.0);
  // the region's sales are priced only when every plant gives the same cell price
  res.cell_price_eur_per_kwh = plants.front().cell_price_eur_per_kwh;
  for (const auto& p : plants)
    if (p.cell_price_eur_per_kwh != res.cell_price_eur_per_kwh)
      res.cell_price_eur_per_kwh.reset();
  for (const auto& p : plants)
    for (std::size_t m = 0; m < p.months.size(); ++m)
      res.nameplate_gwh[static_cast<std::size_t>(p.months[m].index() - first.index())] += p.nameplate_gwh[m];
  for (std::size_t k = 0; k < plants.front().draws.size(); ++k) {
    std::vector<double> row;
    for (const auto& p : plants)
      row.insert(row.end(), p.draws[k].begin(), p.draws[k].end());
    res.draws.push_back(row);
  }
  // run i of the region: run i of every plant, added month by month (a plant adds nothing before its start)
  std::vector<Run> runs(plants.front().run_counts.size());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::vector<double> good(n, 0.0), scrapped(n, 0.0), gwh(n, 0.0);
    std::vector<bool> covered(n, false);
    for (const auto& p : plants)
      for (std::size_t m = 0; m < p.months.size(); ++m) {
        const double g = p.run_counts[i][2 * m], s = p.run_counts[i][2 * m + 1];
        if (std::isnan(g))
          continue;
        const auto at = static_cast<std::size_t>(p.months[m].index() - first.index());
        covered[at] = true;
        good[at] += g;
        scrapped[at] += s;
        gwh[at] += g * p.cell_wh / 1e9;
      }
    Run& r = runs[i];
    r.series.assign(figures, std::vector<double>(n, nan));
    double cumulative = 0;
    for (std::size_t m = 0; m < n; ++m) {
      if (!covered[m])
        continue;
      cumulative += gwh[m];
      r.series[0][m] = good[m];
      r.series[1][m] = gwh[m];
      r.series[2][m] = good[m] + scrapped[m] > 0 ? scrapped[m] / (good[m] + scrapped[m]) : nan;
      r.series[3][m] = cumulative;
      r.series[4][m] = res.nameplate_gwh[m] > 0 ? gwh[m] / res.nameplate_gwh[m] : nan;
    }
  }
  res.series = series_of(runs, n);
  res.milestones = milestones_of(runs, res.months);
  for (const auto& t : targets)
    res.targets.push_back({t.text, probability(t, runs, res.months, 0.0), std::nullopt});
  res.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

} // namespace gigaline::forecast
