// gigaline/sweep/Curves.hpp — a sweep's points month by month: each point's monthly curves (mean and 95 % band over
// its replications) and where its bottleneck was, from the monthly and stage_monthly tables.
#pragma once

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace gigaline::sweep {

/// The monthly figures the sweep page draws as curves (those of the database's monthly table).
const std::vector<std::string>& curve_figures();

/// At most this many points carry curves in curves_json (the base, best and worst always among them).
inline constexpr int max_curve_points = 200;

/// The curves and bottlenecks of a database's points, for the sweep page:
/// - months ("YYYY-MM"), figures (curve_figures() the database has), stages (names in flow order), rank_kpi,
///   ascending;
/// - base (the base point of one_at_a_time and grid designs, else null), best and worst (highest and lowest mean
///   of rank_kpi over the ok runs, the other way round when ascending; null when no point has a value or the KPI
///   is unknown);
/// - points: one object per point shown (all of them up to max_curve_points; beyond, the base, best and worst and
///   then the points in rank order), in point order: point, changed (names of the factors that differ from the
///   base's, [] for the base or without one), runs (ok runs), mean and ci95 ([figure][month], over the ok runs;
///   ci95 null below two runs), bottleneck ([month]: index in stages of the stage busiest for its scheduled time
///   computed from the means over the runs, as a run page of that point would; null when none was scheduled),
///   busy_share ([month]: that stage's busy / scheduled machine time) and bottleneck_runs ([month]: how many of the
///   runs had that stage as their own bottleneck);
/// - left_out: points without curves.
nlohmann::ordered_json curves_json(const std::string& db_path, const std::string& rank_kpi, bool ascending);

/// `gigaline sweep summary DB --bottleneck`: per point, its bottleneck stages with their months (most first) and
/// the last month's bottleneck with its busy share.
void print_bottlenecks(const std::string& db_path, std::ostream& out);

} // namespace gigaline::sweep
