// src/report/Observations.cpp — metrics of observations, computed from the month snapshots of a run.
// Line-specific observations sum the copies of that scenario line.
#include "gigaline/report/Observations.hpp"

#include "gigaline/scenario/Descriptor.hpp"
#include "gigaline/scenario/ScenarioDescriptors.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>

namespace gigaline::report {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double day = 86400.0;

struct Window {
  const Snapshot* a = nullptr;
  const Snapshot* b = nullptr;
};

Window month_window(const ReplicationResult& r, Month m)
{
  for (std::size_t i = 0; i < r.months.size(); ++i)
    if (r.months[i].month_index == m.index())
      return {&r.months[i], i + 1 < r.months.size() ? &r.months[i + 1] : &r.end};
  return {};
}

bool on_line(const scenario::Scenario& s, const ReplicationResult& r, int station, const std::string& line)
{
  if (line.empty())
    return true;
  const auto& info = r.layout.stations[static_cast<std::size_t>(station)];
  return s.lines[static_cast<std::size_t>(r.layout.lines[static_cast<std::size_t>(info.line)].scenario_line)].id ==
         line;
}

double good_at(const scenario::Scenario& s, const ReplicationResult& r, const Snapshot& snap, const std::string& line)
{
  if (line.empty())
    return snap.good;
  double g = 0;
  for (std::size_t i = 0; i < r.layout.stations.size(); ++i)
    if (r.layout.stations[i].is_output && on_line(s, r, static_cast<int>(i), line))
      g += snap.stations[i].departed;
  return g;
}

double scrapped_at(const scenario::Scenario& s, const ReplicationResult& r, const Snapshot& snap,
                   const std::string& line)
{
  if (line.empty())
    return snap.scrapped;
  double x = 0;
  for (std::size_t i = 0; i < r.layout.stations.size(); ++i)
    if (on_line(s, r, static_cast<int>(i), line))
      x += snap.stations[i].scrap_found * r.layout.stations[i].weight;
  return x;
}

/// Good cells per day in a month (over the part of it the run covers).
double daily_good(const scenario::Scenario& s, const ReplicationResult& r, Month m, const std::string& line)
{
  const Window w = month_window(r, m);
  if (!w.a || w.b->t <= w.a->t)
    return nan;
  return (good_at(s, r, *w.b, line) - good_at(s, r, *w.a, line)) / ((w.b->t - w.a->t) / day);
}

/// Staffed shifts a week of a month, averaged over the line instances past their SOP when the month starts.
double shifts_per_week(const scenario::Scenario& s, const ReplicationResult& r, const Window& w,
                       const std::string& line)
{
  const double period = w.b->t - w.a->t;
  if (period <= 0 || w.a->lines.empty())
    return nan;
  double sum = 0;
  int n = 0;
  for (std::size_t l = 0; l < r.layout.lines.size(); ++l) {
    const auto& li = r.layout.lines[l];
    const auto& sl = s.lines[static_cast<std::size_t>(li.scenario_line)];
    if (!line.empty() && sl.id != line)
      continue;
    const double sop = (static_cast<double>(sl.sop_date - s.calendar.start_date) + li.copy * sl.sop_stagger_days) * day;
    if (sop > w.a->t)
      continue;
    sum += (w.b->lines[l].shifts_per_week - w.a->lines[l].shifts_per_week) / period;
    ++n;
  }
  return n > 0 ? sum / n : nan;
}

double observe_one(const scenario::Scenario& s, const ReplicationResult& r, const scenario::Observation& o)
{
  using scenario::Metric;
  const double wh = s.product.cell_energy_wh;
  if (o.metric == Metric::gwh_cumulative || o.metric == Metric::cells_cumulative) {
    const bool gwh = o.metric == Metric::gwh_cumulative;
    const double t = static_cast<double>(*o.date + 1 - s.calendar.start_date) * day; // end of that day
    if (t > r.end.t + 1e-9 || r.months.empty())
      return nan;
    const Snapshot* prev = &r.months.front();
    for (std::size_t i = 0; i <= r.months.size(); ++i) {
      const Snapshot& next = i < r.months.size() ? r.months[i] : r.end;
      if (next.t >= t) {
        const double ga = good_at(s, r, *prev, o.line), gb = good_at(s, r, next, o.line);
        const double f = next.t > prev->t ? (t - prev->t) / (next.t - prev->t) : 1.0;
        const double cells = ga + f * (gb - ga);
        return gwh ? cells * wh / 1e9 : cells;
      }
      prev = &next;
    }
    return nan;
  }
  const Window w = month_window(r, *o.month);
  if (!w.a)
    return nan;
  const double good = good_at(s, r, *w.b, o.line) - good_at(s, r, *w.a, o.line);
  const double days = (w.b->t - w.a->t) / day;
  switch (o.metric) {
  case Metric::cells_good:
    return good;
  case Metric::modules:
    return o.line.empty() ? w.b->modules - w.a->modules : std::floor(good / s.product.cells_per_module);
  case Metric::gwh:
    return good * wh / 1e9;
  case Metric::scrap_rate: {
    const double x = scrapped_at(s, r, *w.b, o.line) - scrapped_at(s, r, *w.a, o.line);
    return good + x > 0 ? x / (good + x) : nan;
  }
  case Metric::vehicles_per_year:
    return days > 0 ? good * wh / 1e3 / s.product.pack_kwh * 365.25 / days : nan;
  case Metric::vehicles:
    return good * wh / 1e3 / s.product.pack_kwh;
  case Metric::shifts_per_week:
    return shifts_per_week(s, r, w, o.line);
  case Metric::daily_output_ratio: {
    const double ref = daily_good(s, r, *o.reference_month, o.line);
    return ref > 0 ? daily_good(s, r, *o.month, o.line) / ref : nan;
  }
  case Metric::gwh_cumulative:
  case Metric::cells_cumulative:
    break;
  }
  return nan;
}
} // namespace

bool within_horizon(const scenario::Scenario& s, const scenario::Observation& o)
{
  const Date start = s.calendar.start_date;
  const Date end = start + static_cast<int>(std::floor(s.calendar.horizon_days));
  auto inside = [&](Month m) { return m.first_day() >= start && (m + 1).first_day() <= end + 1; };
  if (o.date)
    return *o.date >= start && *o.date < end;
  return o.month && inside(*o.month) && (!o.reference_month || inside(*o.reference_month));
}

double residual(const scenario::Observation& o, double simulated)
{
  using scenario::Bound;
  const double scale = o.rel_sigma;
  auto z = [&](double edge) { return (simulated - edge) / (scale * (edge > 0 ? edge : 1.0)); };
  switch (o.bound) {
  case Bound::point:
    return z(o.value);
  case Bound::at_most:
    return simulated > o.value ? z(o.value) : 0.0;
  case Bound::at_least:
    return simulated < o.value ? z(o.value) : 0.0;
  case Bound::between:
    return simulated < o.value ? z(o.value) : simulated > o.upper ? z(o.upper) : 0.0;
  }
  return 0.0;
}

std::vector<double> observe(const scenario::Scenario& s, const ReplicationResult& r)
{
  std::vector<double> v;
  for (const auto& o : s.observations)
    v.push_back(observe_one(s, r, o));
  return v;
}

std::vector<ObservationFit> compare_observations(const scenario::Scenario& s,
                                                 const std::vector<ReplicationResult>& results)
{
  std::vector<std::vector<double>> values;
  for (const auto& r : results)
    values.push_back(observe(s, r));
  return fit_observations(s, values);
}

std::vector<ObservationFit> fit_observations(const scenario::Scenario& s,
                                             const std::vector<std::vector<double>>& values)
{
  std::vector<ObservationFit> fits;
  for (std::size_t k = 0; k < s.observations.size(); ++k) {
    const auto& o = s.observations[k];
    ObservationFit f;
    f.id = o.id;
    f.metric = scenario::enum_name(o.metric);
    f.line = o.line;
    f.source = o.source;
    f.when = o.date ? o.date->to_string() : o.month->to_string();
    if (o.reference_month)
      f.when += " / " + o.reference_month->to_string();
    f.observed = o.value;
    f.sigma = o.rel_sigma * (o.value > 0 ? o.value : 1.0);
    f.bound = o.bound;
    f.upper = o.upper;
    f.basis = o.basis;
    f.fit = o.fit;
    f.note = o.note;
    Welford w;
    for (const auto& v : values)
      if (std::isnan(v[k]))
        f.covered = false;
      else
        w.add(v[k]);
    if (f.covered && w.count() > 0) {
      f.simulated = ci95(w);
      f.z = residual(o, f.simulated.mean);
    }
    fits.push_back(f);
  }
  return fits;
}

std::string observed_text(const ObservationFit& f)
{
  char buf[64];
  switch (f.bound) {
  case scenario::Bound::point:
    std::snprintf(buf, sizeof buf, "%.6g", f.observed);
    break;
  case scenario::Bound::at_most:
    std::snprintf(buf, sizeof buf, "<= %.6g", f.observed);
    break;
  case scenario::Bound::at_least:
    std::snprintf(buf, sizeof buf, ">= %.6g", f.observed);
    break;
  case scenario::Bound::between:
    std::snprintf(buf, sizeof buf, "%.4g-%.4g", f.observed, f.upper);
    break;
  }
  return buf;
}

void print_observations(const std::vector<ObservationFit>& fits, std::ostream& out)
{
  if (fits.empty())
    return;
  out << "\nObservations (simulated mean +/- 95 % interval; z = (simulated - observed) / sigma, 0 inside a bound)\n";
  char buf[256];
  std::snprintf(buf, sizeof buf, "  %-22s %-18s %-17s %14s %12s %14s %12s %7s\n", "id", "metric", "when", "observed",
                "sigma", "simulated", "+/-", "z");
  out << buf;
  for (const auto& f : fits) {
    if (!f.covered) {
      std::snprintf(buf, sizeof buf, "  %-22s %-18s %-17s %14.6g %12.4g %27s\n", f.id.c_str(), f.metric.c_str(),
                    f.when.c_str(), f.observed, f.sigma, "not covered by the run");
    } else {
      std::snprintf(buf, sizeof buf, "  %-22s %-18s %-17s %14s %12.4g %14.6g %12.4g %7.2f%s\n", f.id.c_str(),
                    f.metric.c_str(), f.when.c_str(), observed_text(f).c_str(), f.sigma, f.simulated.mean,
                    f.simulated.half_width, f.z, f.fit ? "" : "  (not fitted)");
    }
    out << buf;
  }
}

} // namespace gigaline::report
