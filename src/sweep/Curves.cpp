// src/sweep/Curves.cpp — each point of a sweep month by month: monthly curves with 95 % bands over replications and
// the bottleneck of each month (the stage busiest for its scheduled time), for the sweep page and sweep summary.
#include "gigaline/sweep/Curves.hpp"

#include "gigaline/core/Stats.hpp"
#include "gigaline/sweep/ResultsDb.hpp"

#include "Sqlite.hpp"
#include "Table.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>

namespace gigaline::sweep {

namespace {
using namespace sql;
using J = nlohmann::ordered_json;

/// One point's months: each figure over its ok runs, and per stage its busy and off shares over the runs.
struct PointMonths {
  int runs = 0;
  std::vector<std::vector<Welford>> figure;      ///< [figure][month]
  std::vector<std::vector<Welford>> busy, off;   ///< [month][stage]
  std::vector<std::vector<int>> bottleneck_runs; ///< [month][stage]: runs whose own bottleneck it was
  std::vector<std::vector<bool>> store;          ///< [month][stage]: no machines
};

struct Months {
  SweepMeta meta;
  std::vector<std::string> months, figures, stages;
  std::vector<PointMonths> points;
  std::vector<double> rank_mean; ///< [point]: mean of the rank KPI over the ok runs, NaN without
};

/// ", t."a", t."b"": columns of table alias t.
std::string qualified(const std::string& t, const std::vector<std::string>& names)
{
  std::string out;
  for (const auto& n : names)
    out += ", " + t + "." + column_list({n}).substr(2);
  return out;
}

Months read_months(const std::string& db_path, const std::string& rank_kpi)
{
  Months d;
  Connection c = open_for_reading(db_path, d.meta);
  sqlite3* db = c.get();
  const SweepMeta& m = d.meta;
  for (const auto& f : curve_figures())
    if (std::find(m.monthly_names.begin(), m.monthly_names.end(), f) != m.monthly_names.end())
      d.figures.push_back(f);
  const auto points = static_cast<std::size_t>(m.points);
  exec(db, db_path, "BEGIN"); // one snapshot of every table
  try {
    std::map<std::string, std::size_t> month_index;
    {
      Stmt s(db, db_path, "SELECT DISTINCT month FROM monthly ORDER BY month");
      while (s.step())
        d.months.push_back(column_text(s.get(), 0));
    }
    for (std::size_t k = 0; k < d.months.size(); ++k)
      month_index[d.months[k]] = k;
    // stages by name, in flow order: points whose factors change the stations (an aging store or not) may have
    // other stages at a position
    std::map<std::string, std::size_t> stage_index;
    {
      Stmt s(db, db_path, "SELECT stage FROM stage_monthly GROUP BY stage ORDER BY min(position), stage");
      while (s.step()) {
        stage_index[column_text(s.get(), 0)] = d.stages.size();
        d.stages.push_back(column_text(s.get(), 0));
      }
    }
    const std::size_t months = d.months.size(), stages = d.stages.size();
    d.points.resize(points);
    for (auto& p : d.points) {
      p.figure.assign(d.figures.size(), std::vector<Welford>(months));
      p.busy.assign(months, std::vector<Welford>(stages));
      p.off.assign(months, std::vector<Welford>(stages));
      p.bottleneck_runs.assign(months, std::vector<int>(stages, 0));
      p.store.assign(months, std::vector<bool>(stages, false));
    }
    const auto kpi = std::find(m.kpi_names.begin(), m.kpi_names.end(), rank_kpi);
    std::vector<Welford> rank(points);
    {
      Stmt s(db, db_path,
             "SELECT point" + (kpi != m.kpi_names.end() ? column_list({rank_kpi}) : std::string(", NULL")) +
                 " FROM runs WHERE status = 'ok'");
      while (s.step()) {
        const auto p = static_cast<std::size_t>(sqlite3_column_int64(s.get(), 0));
        factors_of(m, static_cast<sqlite3_int64>(p), db_path); // range check
        ++d.points[p].runs;
        if (sqlite3_column_type(s.get(), 1) != SQLITE_NULL)
          rank[p].add(sqlite3_column_double(s.get(), 1));
      }
    }
    for (const auto& w : rank)
      d.rank_mean.push_back(w.count() > 0 ? w.mean() : NAN);
    {
      Stmt s(db, db_path,
             "SELECT m.point, m.month" + qualified("m", d.figures) +
                 " FROM monthly m JOIN runs r ON r.point = m.point AND r.replication = m.replication "
                 "WHERE r.status = 'ok'");
      while (s.step()) {
        const auto p = static_cast<std::size_t>(sqlite3_column_int64(s.get(), 0));
        factors_of(m, static_cast<sqlite3_int64>(p), db_path);
        const std::size_t mo = month_index.at(column_text(s.get(), 1));
        for (std::size_t f = 0; f < d.figures.size(); ++f)
          if (sqlite3_column_type(s.get(), static_cast<int>(f) + 2) != SQLITE_NULL)
            d.points[p].figure[f][mo].add(sqlite3_column_double(s.get(), static_cast<int>(f) + 2));
      }
    }
    {
      Stmt s(db, db_path,
             "SELECT t.point, t.month, t.stage, t.machines, t.busy, t.off, t.bottleneck FROM stage_monthly t "
             "JOIN runs r ON r.point = t.point AND r.replication = t.replication WHERE r.status = 'ok'");
      while (s.step()) {
        const auto p = static_cast<std::size_t>(sqlite3_column_int64(s.get(), 0));
        factors_of(m, static_cast<sqlite3_int64>(p), db_path);
        const auto mi = month_index.find(column_text(s.get(), 1));
        const auto si = stage_index.find(column_text(s.get(), 2));
        if (mi == month_index.end() || si == stage_index.end())
          not_ours(db_path);
        const std::size_t st = si->second;
        PointMonths& pm = d.points[p];
        if (sqlite3_column_double(s.get(), 3) <= 0) {
          pm.store[mi->second][st] = true;
          continue;
        }
        if (sqlite3_column_type(s.get(), 4) != SQLITE_NULL && sqlite3_column_type(s.get(), 5) != SQLITE_NULL) {
          pm.busy[mi->second][st].add(sqlite3_column_double(s.get(), 4));
          pm.off[mi->second][st].add(sqlite3_column_double(s.get(), 5));
        }
        pm.bottleneck_runs[mi->second][st] += sqlite3_column_int(s.get(), 6);
      }
    }
    exec(db, db_path, "COMMIT");
  } catch (...) {
    rollback(db);
    throw;
  }
  return d;
}

/// The bottleneck of a point's month from the means over its runs: busy over scheduled (not off) machine time,
/// the highest first (report/Stages.cpp's rule applied to the point's mean shares); -1 when none was scheduled.
std::pair<int, double> point_bottleneck(const PointMonths& p, std::size_t month)
{
  int best = -1;
  double share = -1;
  for (std::size_t s = 0; s < p.busy[month].size(); ++s) {
    const Welford &b = p.busy[month][s], &o = p.off[month][s];
    if (p.store[month][s] || b.count() == 0 || 1 - o.mean() <= 0)
      continue;
    const double v = b.mean() / (1 - o.mean());
    if (v > share) {
      share = v;
      best = static_cast<int>(s);
    }
  }
  return {best, share};
}

bool has_base(const SweepMeta& m)
{
  return m.design == "one_at_a_time" || m.design == "grid";
}

J value_or_null(double v)
{
  return std::isfinite(v) ? J(v) : J(nullptr);
}

} // namespace

const std::vector<std::string>& curve_figures()
{
  static const std::vector<std::string> n = {"gwh", "cells_good", "gwh_cumulative", "scrap_rate", "oee"};
  return n;
}

nlohmann::ordered_json curves_json(const std::string& db_path, const std::string& rank_kpi, bool ascending)
{
  const Months d = read_months(db_path, rank_kpi);
  const SweepMeta& m = d.meta;
  const auto points = static_cast<std::size_t>(m.points);
  // points in rank order, best first; those without a value last
  std::vector<std::size_t> order(points);
  for (std::size_t p = 0; p < points; ++p)
    order[p] = p;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double va = d.rank_mean[a], vb = d.rank_mean[b];
    if (std::isfinite(va) != std::isfinite(vb))
      return std::isfinite(va);
    if (!std::isfinite(va))
      return false;
    return ascending ? va < vb : va > vb;
  });
  std::size_t ranked = 0;
  while (ranked < order.size() && std::isfinite(d.rank_mean[order[ranked]]))
    ++ranked;
  const J base = has_base(m) && points > 0 ? J(m.base_point) : J(nullptr);
  const J best = ranked > 0 ? J(order[0]) : J(nullptr), worst = ranked > 0 ? J(order[ranked - 1]) : J(nullptr);
  std::vector<bool> shown(points, points <= static_cast<std::size_t>(max_curve_points));
  std::size_t count = 0;
  for (const J& p : {base, best, worst})
    if (!p.is_null() && !shown[p.get<std::size_t>()] && count < points) {
      shown[p.get<std::size_t>()] = true;
      ++count;
    }
  for (std::size_t i = 0; i < order.size() && count < static_cast<std::size_t>(max_curve_points); ++i)
    if (!shown[order[i]]) {
      shown[order[i]] = true;
      ++count;
    }

  J pts = J::array();
  std::size_t left_out = 0;
  for (std::size_t p = 0; p < points; ++p) {
    if (!shown[p]) {
      ++left_out;
      continue;
    }
    const PointMonths& pm = d.points[p];
    J changed = J::array();
    if (has_base(m))
      for (std::size_t f = 0; f < m.factor_names.size(); ++f)
        if (m.point_values[p][f] != m.point_values[static_cast<std::size_t>(m.base_point)][f])
          changed.push_back(m.factor_names[f]);
    J mean = J::array(), half = J::array();
    for (const auto& fig : pm.figure) {
      J mf = J::array(), hf = J::array();
      for (const Welford& w : fig) {
        mf.push_back(w.count() > 0 ? value_or_null(w.mean()) : J(nullptr));
        hf.push_back(w.count() > 1 ? value_or_null(ci95(w).half_width) : J(nullptr));
      }
      mean.push_back(mf);
      half.push_back(hf);
    }
    J bottleneck = J::array(), share = J::array(), runs = J::array();
    for (std::size_t mo = 0; mo < d.months.size(); ++mo) {
      const auto [b, s] = point_bottleneck(pm, mo);
      bottleneck.push_back(b >= 0 ? J(b) : J(nullptr));
      share.push_back(b >= 0 ? value_or_null(s) : J(nullptr));
      runs.push_back(b >= 0 ? pm.bottleneck_runs[mo][static_cast<std::size_t>(b)] : 0);
    }
    pts.push_back({{"point", p},
                   {"changed", changed},
                   {"runs", pm.runs},
                   {"mean", mean},
                   {"ci95", half},
                   {"bottleneck", bottleneck},
                   {"busy_share", share},
                   {"bottleneck_runs", runs}});
  }
  return {{"months", d.months},     {"figures", d.figures}, {"stages", d.stages}, {"rank_kpi", rank_kpi},
          {"ascending", ascending}, {"base", base},         {"best", best},       {"worst", worst},
          {"points", pts},          {"left_out", left_out}};
}

void print_bottlenecks(const std::string& db_path, std::ostream& out)
{
  const Months d = read_months(db_path, "");
  const SweepMeta& m = d.meta;
  out << "Bottleneck per point: the stage busiest for its scheduled time (busy / not-off machine time), month by "
         "month,\nfrom the means over the point's ok runs (stations of a stage summed over lines)\n";
  std::vector<std::vector<std::string>> rows = {{"point", "months as bottleneck", "last month", "busy share"}};
  for (std::size_t p = 0; p < d.points.size(); ++p) {
    std::vector<std::pair<std::size_t, int>> counts; // (stage, months)
    int last = -1;
    double last_share = NAN;
    for (std::size_t mo = 0; mo < d.months.size(); ++mo) {
      const auto [b, s] = point_bottleneck(d.points[p], mo);
      if (b < 0)
        continue;
      last = b;
      last_share = s;
      auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == std::size_t(b); });
      if (it == counts.end())
        counts.emplace_back(static_cast<std::size_t>(b), 1);
      else
        ++it->second;
    }
    std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string months;
    for (std::size_t k = 0; k < counts.size() && k < 3; ++k)
      months += (k == 0 ? "" : ", ") + d.stages[counts[k].first] + " " + std::to_string(counts[k].second);
    if (counts.size() > 3)
      months += ", ...";
    char share[32] = "-";
    if (std::isfinite(last_share))
      std::snprintf(share, sizeof share, "%.1f %%", 100 * last_share);
    rows.push_back({std::to_string(p) + (has_base(m) && p == static_cast<std::size_t>(m.base_point) ? " (base)" : ""),
                    months.empty() ? "-" : months, last >= 0 ? d.stages[static_cast<std::size_t>(last)] : "-", share});
  }
  text::print_table(rows, out);
}

} // namespace gigaline::sweep
