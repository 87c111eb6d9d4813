// src/sweep/Summary.cpp — what `gigaline sweep summary` and the sweep page read from a results database: each
// point's KPI means with 95 % intervals (Student t), the ranking, the runs for the analyses (Analysis.cpp).
#include "gigaline/core/Error.hpp"
#include "gigaline/core/Stats.hpp"
#include "gigaline/sweep/ResultsDb.hpp"

#include "Sqlite.hpp"
#include "Table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>

namespace gigaline::sweep {

namespace {
using namespace sql;
using nlohmann::json;
using text::factor_text;
using text::print_table;

/// 4 significant digits of the larger of mean and half-width, both with the same decimals.
std::string mean_text(const Welford& w)
{
  if (w.count() == 0)
    return "-";
  const Interval ci = ci95(w);
  const double magnitude = std::max(std::abs(ci.mean), ci.half_width);
  int decimals = 3;
  if (magnitude > 0)
    decimals = std::clamp(3 - static_cast<int>(std::floor(std::log10(magnitude))), 0, 6);
  char buf[96];
  if (w.count() < 2) // one run: no interval to show
    std::snprintf(buf, sizeof buf, "%.*f", decimals, ci.mean);
  else
    std::snprintf(buf, sizeof buf, "%.*f +/- %.*f", decimals, ci.mean, decimals, ci.half_width);
  return buf;
}

/// Per point: runs ok and failed, and each KPI over the ok runs (NULL figures left out).
struct PointStats {
  std::vector<int> ok, failed;
  std::vector<std::vector<Welford>> kpis; ///< [point][kpi]
};

PointStats point_stats(sqlite3* db, const std::string& db_path, const SweepMeta& m)
{
  const auto points = static_cast<std::size_t>(m.points);
  PointStats st{std::vector<int>(points, 0), std::vector<int>(points, 0),
                std::vector<std::vector<Welford>>(points, std::vector<Welford>(m.kpi_names.size()))};
  Stmt s(db, db_path, "SELECT point, status" + column_list(m.kpi_names) + " FROM runs");
  while (s.step()) {
    const sqlite3_int64 p = sqlite3_column_int64(s.get(), 0);
    factors_of(m, p, db_path); // range check
    const auto pi = static_cast<std::size_t>(p);
    if (column_text(s.get(), 1) != "ok") {
      ++st.failed[pi];
      continue;
    }
    ++st.ok[pi];
    for (std::size_t k = 0; k < m.kpi_names.size(); ++k)
      if (sqlite3_column_type(s.get(), static_cast<int>(k) + 2) != SQLITE_NULL)
        st.kpis[pi][k].add(sqlite3_column_double(s.get(), static_cast<int>(k) + 2));
  }
  return st;
}

} // namespace

void print_summary(const std::string& db_path, const std::vector<std::string>& kpis, const std::string& rank_kpi,
                   bool ascending, std::ostream& out)
{
  SweepMeta m;
  Connection c = open_for_reading(db_path, m);
  const std::size_t rank = rank_kpi.empty() ? 0 : m.kpi_index(rank_kpi);
  const auto points = static_cast<std::size_t>(m.points);
  const PointStats st = point_stats(c.get(), db_path, m);
  std::vector<std::size_t> shown;
  for (const auto& k : kpis)
    shown.push_back(m.kpi_index(k));
  if (kpis.empty()) {
    // the headline KPIs that have a value (a line of every KPI is hundreds of characters wide); all when none
    for (const char* k : {"gwh", "cells_good", "scrap_rate", "oee", "cost_eur_per_kwh"}) {
      const auto it = std::find(m.kpi_names.begin(), m.kpi_names.end(), k);
      const auto ki = static_cast<std::size_t>(it - m.kpi_names.begin());
      bool any = false;
      for (std::size_t p = 0; p < points && it != m.kpi_names.end(); ++p)
        any = any || st.kpis[p][ki].count() > 0;
      if (any)
        shown.push_back(ki);
    }
    if (shown.empty())
      for (std::size_t k = 0; k < m.kpi_names.size(); ++k)
        shown.push_back(k);
  }
  // the point the others are compared with (gigaline sweep summary --vs-base)
  const bool has_base = m.design == "one_at_a_time" || m.design == "grid";
  auto point_label = [&](std::size_t p) {
    return std::to_string(p) + (has_base && p == static_cast<std::size_t>(m.base_point) ? " (base)" : "");
  };
  const auto &ok = st.ok, &failed = st.failed;
  const auto& stats = st.kpis;
  int total_ok = 0, total_failed = 0;
  for (std::size_t p = 0; p < points; ++p) {
    total_ok += ok[p];
    total_failed += failed[p];
  }
  const int missing = m.points * m.replications - total_ok - total_failed;
  out << "Sweep " << m.sweep_name << " (" << m.sweep_hash << "): " << m.points << " point(s) x " << m.replications
      << " replication(s); " << total_ok << " run(s) ok, " << total_failed << " failed, " << missing << " not run\n";
  out << "\nMeans over the ok runs of each point, 95 % interval (Student t)\n";
  std::vector<std::vector<std::string>> rows;
  rows.emplace_back(std::vector<std::string>{"point"});
  rows[0].insert(rows[0].end(), m.factor_names.begin(), m.factor_names.end());
  rows[0].insert(rows[0].end(), {"ok", "failed"});
  for (std::size_t k : shown)
    rows[0].push_back(m.kpi_names[k]);
  for (std::size_t p = 0; p < points; ++p) {
    std::vector<std::string> row = {point_label(p)};
    for (const auto& v : m.point_values[p])
      row.push_back(factor_text(v));
    row.push_back(std::to_string(ok[p]));
    row.push_back(std::to_string(failed[p]));
    for (std::size_t k : shown)
      row.push_back(mean_text(stats[p][k]));
    rows.push_back(std::move(row));
  }
  print_table(rows, out);
  if (rank_kpi.empty())
    return;

  // Points without a value for the KPI (no ok run) are listed last, unranked.
  std::vector<std::size_t> order(points);
  for (std::size_t p = 0; p < points; ++p)
    order[p] = p;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Welford &wa = stats[a][rank], &wb = stats[b][rank];
    if ((wa.count() == 0) != (wb.count() == 0))
      return wb.count() == 0;
    if (wa.count() == 0)
      return false;
    return ascending ? wa.mean() < wb.mean() : wa.mean() > wb.mean();
  });
  out << "\nPoints ranked by " << rank_kpi << ", " << (ascending ? "lowest" : "highest") << " first\n";
  rows.clear();
  rows.emplace_back(std::vector<std::string>{"rank", "point"});
  rows[0].insert(rows[0].end(), m.factor_names.begin(), m.factor_names.end());
  rows[0].push_back(rank_kpi);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::size_t p = order[i];
    const bool ranked = stats[p][rank].count() > 0;
    std::vector<std::string> row = {ranked ? std::to_string(i + 1) : "-", point_label(p)};
    for (const auto& v : m.point_values[p])
      row.push_back(factor_text(v));
    row.push_back(mean_text(stats[p][rank]));
    rows.push_back(std::move(row));
  }
  print_table(rows, out);
}

RunTable read_runs(const std::string& db_path)
{
  RunTable t;
  Connection c = open_for_reading(db_path, t.meta);
  const auto& m = t.meta;
  Stmt s(c.get(), db_path,
         "SELECT point, replication, seed, status" + column_list(m.kpi_names) +
             " FROM runs ORDER BY point, replication");
  while (s.step()) {
    RunRow r;
    const sqlite3_int64 p = sqlite3_column_int64(s.get(), 0);
    factors_of(m, p, db_path); // range check
    r.point = static_cast<int>(p);
    r.replication = static_cast<int>(sqlite3_column_int64(s.get(), 1));
    r.seed = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 2));
    r.ok = column_text(s.get(), 3) == "ok";
    for (std::size_t k = 0; k < m.kpi_names.size(); ++k) {
      const int col = static_cast<int>(k) + 4;
      r.kpis.push_back(r.ok && sqlite3_column_type(s.get(), col) != SQLITE_NULL
                           ? sqlite3_column_double(s.get(), col)
                           : std::numeric_limits<double>::quiet_NaN());
    }
    t.runs.push_back(std::move(r));
  }
  return t;
}

nlohmann::ordered_json summary_json(const std::string& db_path)
{
  using J = nlohmann::ordered_json;
  SweepMeta m;
  Connection c = open_for_reading(db_path, m);
  const PointStats st = point_stats(c.get(), db_path, m);
  int total_ok = 0, total_failed = 0;
  J points = J::array();
  for (std::size_t p = 0; p < static_cast<std::size_t>(m.points); ++p) {
    total_ok += st.ok[p];
    total_failed += st.failed[p];
    J mean = J::array(), half = J::array(), n = J::array();
    for (const Welford& w : st.kpis[p]) {
      const Interval ci = ci95(w);
      mean.push_back(w.count() > 0 ? J(ci.mean) : J(nullptr));
      half.push_back(w.count() > 1 ? J(ci.half_width) : J(nullptr));
      n.push_back(w.count());
    }
    J factors = J::array();
    for (const auto& v : m.point_values[p])
      factors.push_back(J::parse(v.dump()));
    points.push_back({{"point", p},
                      {"factors", factors},
                      {"ok", st.ok[p]},
                      {"failed", st.failed[p]},
                      {"mean", mean},
                      {"ci95", half},
                      {"n", n}});
  }
  return {{"sweep", m.sweep_name},
          {"sweep_hash", m.sweep_hash},
          {"gigaline_version", m.gigaline_version},
          {"build", m.build},
          {"design", m.design},
          {"base_point", m.base_point},
          {"points", m.points},
          {"replications", m.replications},
          {"runs_ok", total_ok},
          {"runs_failed", total_failed},
          {"runs_missing", m.points * m.replications - total_ok - total_failed},
          {"factor_names", m.factor_names},
          {"kpi_names", m.kpi_names},
          {"point_summaries", points}};
}

} // namespace gigaline::sweep
