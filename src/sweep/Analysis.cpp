// src/sweep/Analysis.cpp — differences from the base (paired with common random numbers, Welch otherwise), tornado
// data, the sensitivity tables of sampled designs (estimators in Sensitivity.cpp), and their text for the summary.
#include "gigaline/sweep/Analysis.hpp"

#include "gigaline/core/Error.hpp"
#include "gigaline/core/Stats.hpp"
#include "gigaline/core/Text.hpp"

#include "Table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>

namespace gigaline::sweep {

namespace {
using J = nlohmann::ordered_json;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

J num(double v)
{
  return std::isfinite(v) ? J(v) : J(nullptr);
}

/// The runs of each point by replication (nullptr where missing).
std::vector<std::vector<const RunRow*>> by_point(const RunTable& t)
{
  std::vector<std::vector<const RunRow*>> out(
      static_cast<std::size_t>(t.meta.points),
      std::vector<const RunRow*>(static_cast<std::size_t>(t.meta.replications)));
  for (const auto& r : t.runs)
    if (r.point >= 0 && r.point < t.meta.points && r.replication >= 0 && r.replication < t.meta.replications)
      out[static_cast<std::size_t>(r.point)][static_cast<std::size_t>(r.replication)] = &r;
  return out;
}

std::vector<double> values(const std::vector<const RunRow*>& runs, std::size_t k)
{
  std::vector<double> v;
  for (const RunRow* r : runs)
    v.push_back(r != nullptr && r->ok ? r->kpis[k] : nan);
  return v;
}

double mean_of(const std::vector<double>& v)
{
  Welford w;
  for (double x : v)
    if (std::isfinite(x))
      w.add(x);
  return w.count() > 0 ? w.mean() : nan;
}

/// Replication r of both points ran with the same seed, for every r both have: common random numbers.
bool same_seeds(const std::vector<const RunRow*>& a, const std::vector<const RunRow*>& b)
{
  bool any = false;
  for (std::size_t r = 0; r < a.size() && r < b.size(); ++r)
    if (a[r] != nullptr && b[r] != nullptr) {
      if (a[r]->seed != b[r]->seed)
        return false;
      any = true;
    }
  return any;
}

bool numeric_factor(const SweepMeta& m, std::size_t f)
{
  for (const auto& p : m.point_values)
    if (!p[f].is_number())
      return false;
  return !m.point_values.empty();
}

std::vector<std::size_t> kpi_indices(const SweepMeta& m, const std::vector<std::string>& names)
{
  std::vector<std::size_t> out;
  for (const auto& n : names)
    out.push_back(m.kpi_index(n));
  return out;
}

/// A signed mean and half-width with 4 significant digits of the larger, the same decimals for both.
std::string diff_text(const Difference& d, bool sign)
{
  if (d.n == 0 || !std::isfinite(d.mean))
    return "-";
  const double magnitude = std::max(std::abs(d.mean), std::isfinite(d.half_width) ? d.half_width : 0.0);
  int decimals = 3;
  if (magnitude > 0)
    decimals = std::clamp(3 - static_cast<int>(std::floor(std::log10(magnitude))), 0, 6);
  char buf[96];
  if (!std::isfinite(d.half_width))
    std::snprintf(buf, sizeof buf, sign ? "%+.*f" : "%.*f", decimals, d.mean);
  else
    std::snprintf(buf, sizeof buf, sign ? "%+.*f +/- %.*f" : "%.*f +/- %.*f", decimals, d.mean, decimals, d.half_width);
  return buf;
}

std::string fixed3(double v)
{
  return std::isfinite(v) ? gigaline::text::fixed(v, 3) : "-";
}

} // namespace

Difference paired_difference(const std::vector<double>& point, const std::vector<double>& base)
{
  Welford w;
  for (std::size_t r = 0; r < point.size() && r < base.size(); ++r)
    if (std::isfinite(point[r]) && std::isfinite(base[r]))
      w.add(point[r] - base[r]);
  Difference d;
  d.n = w.count();
  d.paired = true;
  d.mean = w.count() > 0 ? w.mean() : nan;
  d.half_width = w.count() > 1 ? ci95(w).half_width : nan;
  return d;
}

Difference unpaired_difference(const std::vector<double>& point, const std::vector<double>& base)
{
  Welford a, b;
  for (double x : point)
    if (std::isfinite(x))
      a.add(x);
  for (double x : base)
    if (std::isfinite(x))
      b.add(x);
  Difference d;
  d.paired = false;
  d.n = std::min(a.count(), b.count());
  d.mean = a.count() > 0 && b.count() > 0 ? a.mean() - b.mean() : nan;
  d.half_width = nan;
  if (a.count() > 1 && b.count() > 1) {
    const double va = a.variance() / static_cast<double>(a.count()), vb = b.variance() / static_cast<double>(b.count());
    const double se2 = va + vb;
    if (se2 == 0) {
      d.half_width = 0;
    } else {
      const double df =
          se2 * se2 / (va * va / static_cast<double>(a.count() - 1) + vb * vb / static_cast<double>(b.count() - 1));
      d.half_width = student_t_975(std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(df)))) * std::sqrt(se2);
    }
  }
  return d;
}

std::vector<std::string> headline_kpis(const RunTable& t)
{
  std::vector<std::string> out;
  for (const char* name : {"gwh", "cells_good", "scrap_rate", "oee", "cost_eur_per_kwh"}) {
    const auto it = std::find(t.meta.kpi_names.begin(), t.meta.kpi_names.end(), name);
    if (it == t.meta.kpi_names.end())
      continue;
    const auto k = static_cast<std::size_t>(it - t.meta.kpi_names.begin());
    if (std::any_of(t.runs.begin(), t.runs.end(), [k](const RunRow& r) { return std::isfinite(r.kpis[k]); }))
      out.emplace_back(name);
  }
  return out.empty() ? t.meta.kpi_names : out;
}

nlohmann::ordered_json vs_base_json(const RunTable& t)
{
  const SweepMeta& m = t.meta;
  const auto runs = by_point(t);
  const auto base = static_cast<std::size_t>(m.base_point);
  const std::size_t nk = m.kpi_names.size(), nf = m.factor_names.size();
  J out = {
      {"base_point", m.base_point}, {"design", m.design}, {"kpi_names", m.kpi_names}, {"factor_names", m.factor_names}};
  if (m.points == 0)
    return out;
  J base_mean = J::array();
  for (std::size_t k = 0; k < nk; ++k)
    base_mean.push_back(num(mean_of(values(runs[base], k))));
  out["base"] = {{"factors", m.point_values[base]}, {"mean", base_mean}};
  bool all_paired = true;
  J rows = J::array();
  // per KPI, per factor: (value, point, difference) of the points where only that factor differs
  std::vector<std::vector<std::vector<std::pair<std::size_t, Difference>>>> alone(
      nk, std::vector<std::vector<std::pair<std::size_t, Difference>>>(nf));
  for (std::size_t p = 0; p < static_cast<std::size_t>(m.points); ++p) {
    if (p == base)
      continue;
    const bool paired = same_seeds(runs[p], runs[base]);
    all_paired = all_paired && paired;
    std::vector<std::size_t> changed;
    J names = J::array();
    for (std::size_t f = 0; f < nf; ++f)
      if (m.point_values[p][f] != m.point_values[base][f]) {
        changed.push_back(f);
        names.push_back(m.factor_names[f]);
      }
    J diff = J::array();
    for (std::size_t k = 0; k < nk; ++k) {
      const auto vp = values(runs[p], k), vb = values(runs[base], k);
      const Difference d = paired ? paired_difference(vp, vb) : unpaired_difference(vp, vb);
      diff.push_back({{"mean", num(d.mean)}, {"ci95", num(d.half_width)}, {"n", d.n}});
      if (changed.size() == 1 && std::isfinite(d.mean))
        alone[k][changed[0]].emplace_back(p, d);
    }
    rows.push_back(
        {{"point", p}, {"factors", m.point_values[p]}, {"changed", names}, {"paired", paired}, {"diff", diff}});
  }
  out["paired"] = all_paired;
  out["rows"] = rows;
  J tornado = J::array();
  for (std::size_t k = 0; k < nk; ++k) {
    J bars = J::array();
    std::vector<std::pair<double, J>> by_span;
    for (std::size_t f = 0; f < nf; ++f) {
      auto& levels = alone[k][f];
      if (levels.empty())
        continue;
      std::stable_sort(levels.begin(), levels.end(), [&](const auto& a, const auto& b) {
        const auto &va = m.point_values[a.first][f], &vb = m.point_values[b.first][f];
        return va.is_number() && vb.is_number() && va.template get<double>() < vb.template get<double>();
      });
      double lo = 0, hi = 0;
      J lv = J::array();
      for (const auto& [p, d] : levels) {
        lo = std::min(lo, d.mean);
        hi = std::max(hi, d.mean);
        lv.push_back({{"value", m.point_values[p][f]},
                      {"point", p},
                      {"mean", num(d.mean)},
                      {"ci95", num(d.half_width)},
                      {"n", d.n}});
      }
      by_span.emplace_back(
          hi - lo,
          J{{"factor", m.factor_names[f]}, {"base_value", m.point_values[base][f]}, {"span", hi - lo}, {"levels", lv}});
    }
    std::stable_sort(by_span.begin(), by_span.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& [span, bar] : by_span)
      bars.push_back(std::move(bar));
    tornado.push_back(bars);
  }
  out["tornado"] = tornado;
  return out;
}

nlohmann::ordered_json sensitivity_json(const RunTable& t)
{
  const SweepMeta& m = t.meta;
  if (m.design != "latin_hypercube" && m.design != "sobol")
    return nullptr;
  const auto runs = by_point(t);
  const std::size_t nf = m.factor_names.size(), width = nf + 2;
  const bool sobol = m.design == "sobol" && m.sobol_rows > 0 &&
                     static_cast<std::size_t>(m.points) == static_cast<std::size_t>(m.sobol_rows) * width;
  std::vector<std::size_t> numeric;
  J names = J::array();
  for (std::size_t f = 0; f < nf; ++f)
    if (numeric_factor(m, f)) {
      numeric.push_back(f);
      names.push_back(m.factor_names[f]);
    }
  // the regression uses independent points: all of a hypercube, the A and B rows of a Sobol design
  std::vector<std::size_t> independent;
  for (std::size_t p = 0; p < static_cast<std::size_t>(m.points); ++p)
    if (!sobol || p % width < 2)
      independent.push_back(p);
  std::vector<std::vector<double>> x;
  for (std::size_t p : independent) {
    std::vector<double> row;
    for (std::size_t f : numeric)
      row.push_back(m.point_values[p][f].get<double>());
    x.push_back(std::move(row));
  }
  J out = {{"design", m.design}, {"factor_names", names}, {"all_factor_names", m.factor_names}};
  if (sobol) {
    out["rows"] = m.sobol_rows;
    out["bootstrap"] = 1000;
  }
  J kpis = J::array();
  for (std::size_t k = 0; k < m.kpi_names.size(); ++k) {
    std::vector<double> mean(static_cast<std::size_t>(m.points));
    for (std::size_t p = 0; p < mean.size(); ++p)
      mean[p] = mean_of(values(runs[p], k));
    std::vector<double> y;
    for (std::size_t p : independent)
      y.push_back(mean[p]);
    const Regression r = regression_sensitivity(x, y);
    J src = J::array(), prcc = J::array();
    for (std::size_t j = 0; j < numeric.size(); ++j) {
      src.push_back(num(r.src[j]));
      prcc.push_back(num(r.prcc[j]));
    }
    J kj = {{"kpi", m.kpi_names[k]}, {"n", r.n}, {"r2", num(r.r2)}, {"src", src}, {"prcc", prcc}};
    if (sobol) {
      const SobolIndices s = sobol_indices(mean, nf);
      auto arr = [](const std::vector<double>& v) {
        J a = J::array();
        for (double value : v)
          a.push_back(num(value));
        return a;
      };
      kj["sobol_rows"] = s.rows;
      kj["first"] = arr(s.first);
      kj["first_lo"] = arr(s.first_lo);
      kj["first_hi"] = arr(s.first_hi);
      kj["total"] = arr(s.total);
      kj["total_lo"] = arr(s.total_lo);
      kj["total_hi"] = arr(s.total_hi);
    }
    kpis.push_back(kj);
  }
  out["kpis"] = kpis;
  return out;
}

nlohmann::ordered_json analysis_json(const std::string& db_path)
{
  const RunTable t = read_runs(db_path);
  const bool sampled = t.meta.design == "latin_hypercube" || t.meta.design == "sobol";
  return {{"vs_base", sampled ? J(nullptr) : vs_base_json(t)}, {"sensitivity", sensitivity_json(t)}};
}

void print_vs_base(const std::string& db_path, const std::vector<std::string>& kpis, std::ostream& out)
{
  const RunTable t = read_runs(db_path);
  const SweepMeta& m = t.meta;
  if (m.design == "latin_hypercube" || m.design == "sobol")
    throw InputError("[sweep.E419] --vs-base: " + db_path + " holds a " + m.design +
                     " design, which has no base point; --sensitivity ranks its factors");
  const auto shown = kpi_indices(m, kpis.empty() ? headline_kpis(t) : kpis);
  if (m.points == 0) {
    out << "Differences from the base: the database has no point\n";
    return;
  }
  const J j = vs_base_json(t);
  const auto base = static_cast<std::size_t>(m.base_point);
  out << "Differences from the base, point " << m.base_point << " ("
      << (m.design.empty() ? std::string("design not recorded") : m.design + " design")
      << "): each point's mean minus the base's, 95 % interval\n";
  if (j.value("paired", true))
    out << "paired: common random numbers (replication r of every point draws the same random numbers), the\n"
           "interval is that of the per-replication differences\n";
  else
    out << "unpaired (Welch): the points do not share random numbers (common_random_numbers off), the\n"
           "interval is that of two independent means\n";
  std::vector<std::vector<std::string>> rows;
  rows.emplace_back(std::vector<std::string>{"point", "changed"});
  for (std::size_t k : shown)
    rows[0].push_back(m.kpi_names[k]);
  std::vector<std::string> base_row = {std::to_string(base) + " (base)", "-"};
  for (std::size_t k : shown) {
    Difference d;
    const auto& v = j["base"]["mean"][k];
    d.n = v.is_number() ? 1 : 0;
    d.mean = v.is_number() ? v.get<double>() : nan;
    d.half_width = nan;
    base_row.push_back(diff_text(d, false));
  }
  rows.push_back(base_row);
  for (const auto& r : j["rows"]) {
    std::string changed;
    for (const auto& name : r["changed"]) {
      const auto f = static_cast<std::size_t>(
          std::find(m.factor_names.begin(), m.factor_names.end(), name.get<std::string>()) - m.factor_names.begin());
      changed += (changed.empty() ? "" : ", ") + name.get<std::string>() + "=" + text::factor_text(r["factors"][f]);
    }
    std::vector<std::string> row = {r["point"].dump(), changed.empty() ? "(none)" : changed};
    for (std::size_t k : shown) {
      const auto& d = r["diff"][k];
      Difference x;
      x.n = d["n"].get<std::size_t>();
      x.mean = d["mean"].is_number() ? d["mean"].get<double>() : nan;
      x.half_width = d["ci95"].is_number() ? d["ci95"].get<double>() : nan;
      row.push_back(diff_text(x, true));
    }
    rows.push_back(std::move(row));
  }
  text::print_table(rows, out);
}

void print_sensitivity(const std::string& db_path, const std::vector<std::string>& kpis, std::ostream& out)
{
  const RunTable t = read_runs(db_path);
  const SweepMeta& m = t.meta;
  const J j = sensitivity_json(t);
  if (j.is_null())
    throw InputError("[sweep.E418] --sensitivity: " + db_path + " holds a " +
                     (m.design.empty() ? std::string("design not recorded") : m.design + " design") +
                     "; sensitivity indices need a latin_hypercube or sobol design (--vs-base compares the points "
                     "with the base)");
  const bool sobol = j.contains("rows");
  const auto shown = kpi_indices(m, kpis.empty() ? headline_kpis(t) : kpis);
  out << "Sensitivity of the KPIs to the factors (" << m.design << " design, " << m.points << " point(s))\n"
      << "SRC: standardized regression coefficient of a linear fit on the point means (R2: how linear the KPI is)\n"
      << "PRCC: partial rank correlation coefficient (monotone effects)\n";
  if (sobol)
    out << "S1 / ST: first-order (Saltelli 2010) and total (Jansen 1999) Sobol indices over " << j["rows"]
        << " base rows,\n  [95 % bootstrap interval] of " << j["bootstrap"] << " resamples of the rows\n";
  const auto names = j["factor_names"].get<std::vector<std::string>>();
  for (std::size_t k : shown) {
    const auto& kj = j["kpis"][k];
    out << "\n"
        << m.kpi_names[k] << ": " << kj["n"] << " point(s), R2 "
        << (kj["r2"].is_number() ? fixed3(kj["r2"].get<double>()) : "-") << "\n";
    auto at = [](const J& a, std::size_t i) { return a[i].is_number() ? a[i].get<double>() : nan; };
    std::vector<std::vector<std::string>> rows;
    rows.emplace_back(std::vector<std::string>{"factor", "SRC", "PRCC"});
    if (sobol)
      rows[0].insert(rows[0].end(), {"S1", "S1 interval", "ST", "ST interval"});
    std::vector<std::string> factors = sobol ? m.factor_names : names;
    std::vector<std::pair<double, std::vector<std::string>>> ordered;
    for (std::size_t f = 0; f < factors.size(); ++f) {
      const auto ni = static_cast<std::size_t>(std::find(names.begin(), names.end(), factors[f]) - names.begin());
      const bool numeric = ni < names.size();
      std::vector<std::string> row = {factors[f], numeric ? fixed3(at(kj["src"], ni)) : "-",
                                      numeric ? fixed3(at(kj["prcc"], ni)) : "-"};
      double key = numeric ? std::abs(at(kj["src"], ni)) : 0;
      if (sobol) {
        row.push_back(fixed3(at(kj["first"], f)));
        row.push_back("[" + fixed3(at(kj["first_lo"], f)) + ", " + fixed3(at(kj["first_hi"], f)) + "]");
        row.push_back(fixed3(at(kj["total"], f)));
        row.push_back("[" + fixed3(at(kj["total_lo"], f)) + ", " + fixed3(at(kj["total_hi"], f)) + "]");
        key = at(kj["total"], f);
      }
      ordered.emplace_back(std::isfinite(key) ? key : -1, std::move(row));
    }
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& [key, row] : ordered)
      rows.push_back(std::move(row));
    text::print_table(rows, out);
  }
  if (names.size() < m.factor_names.size())
    out << "\nFactors with values that are not numbers have no SRC or PRCC.\n";
}

} // namespace gigaline::sweep
