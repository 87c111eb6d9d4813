// gigaline/report/Summary.hpp — KPIs of a scenario run: per replication, then means with 95 % confidence
// intervals over replications; and the writers of the output contract (summary.json, CSVs, KPI table).
#pragma once

#include "gigaline/core/Date.hpp"
#include "gigaline/core/Stats.hpp"
#include "gigaline/report/Observations.hpp"
#include "gigaline/report/Timeline.hpp"
#include "gigaline/run/KpiObserver.hpp"
#include "gigaline/scenario/Scenario.hpp"

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gigaline::report {

using run::ReplicationResult;
using run::Snapshot;
using run::StationCounters;

/// An ordered list of named figures: one CSV row, one JSON object.
using Row = std::vector<std::pair<std::string, double>>;
/// The figure `name` of a row (by name, not by position: rows grow); NaN when the row has none.
double value_of(const Row& row, std::string_view name);

/// KPIs of one replication.
struct ReplicationKpis {
  Row totals;                ///< since the end of the warm-up
  std::vector<Row> stations; ///< per station, since the end of the warm-up
  std::vector<Row> months;   ///< per calendar month of the whole run
  std::vector<Month> month_of;
  std::vector<std::vector<Row>> station_months; ///< [month][station], over the whole run
  std::vector<std::vector<Row>> line_months;    ///< [month][line instance]: maturity, shifts, operators, ...
  double conservation_error = 0;                ///< started - good - scrapped - wip_end, cells
};

ReplicationKpis compute_kpis(const scenario::Scenario& s, const ReplicationResult& r);

/// Means and 95 % half-widths of each figure of a list of rows with the same names.
struct AggregatedRow {
  std::vector<std::string> names;
  std::vector<Interval> values;
  [[nodiscard]] const Interval& at(const std::string& name) const;
  [[nodiscard]] bool has(const std::string& name) const;
};

/// Each figure of `row` as "name" (its mean) and "name_ci95" (its 95 % half-width), appended to the object `o`.
void put_with_ci(nlohmann::ordered_json& o, const AggregatedRow& row);
/// The same into a new object.
nlohmann::ordered_json with_ci(const AggregatedRow& row);
/// summary.json's "monthly": one object per month, {"month": "YYYY-MM"} then its figures with_ci.
nlohmann::ordered_json months_with_ci(const std::vector<Month>& month_of, const std::vector<AggregatedRow>& months);

/// A scenario line with a published nameplate capacity; its copies start sop_stagger_days apart.
struct NameplateLine {
  std::string line;
  int count = 1;
  Date sop_date;
  double sop_stagger_days = 0;
  double gwh_per_year = 0; ///< of one copy
};

/// The scenario's lines that publish a nameplate capacity.
std::vector<NameplateLine> nameplate_lines(const scenario::Scenario& s);

/// Nameplate GWh of a month: each copy's yearly nameplate / 12, pro rata from its start of production.
double nameplate_gwh_in(const std::vector<NameplateLine>& lines, Month m);

struct Summary {
  std::string scenario, scenario_hash;
  std::uint64_t seed = 0;
  int replications = 0;
  engine::PlantLayout layout;
  AggregatedRow totals;
  std::vector<AggregatedRow> stations, months;
  std::vector<Month> month_of;
  std::vector<std::vector<AggregatedRow>> station_months; ///< [month][station]
  std::vector<std::vector<AggregatedRow>> line_months;    ///< [month][line instance]
  std::vector<ReplicationKpis> per_replication;
  std::vector<ObservationFit> observations;
  std::vector<NameplateLine> nameplate;         ///< the lines that give nameplate_gwh_per_year
  std::optional<double> cell_price_eur_per_kwh; ///< cost.cell_price_eur_per_kwh: prices the GWh lost
  std::vector<TimelineEntry> timeline;          ///< dated changes the report marks on its charts
  std::vector<scenario::Source> sources;        ///< the sources the observations cite
  std::uint64_t events = 0;
  double wall_s = 0;
};

Summary summarise(const scenario::Scenario& s, const std::vector<ReplicationResult>& results);

nlohmann::ordered_json to_json(const Summary& sum);
std::string monthly_csv(const Summary& sum);
/// One row per month, each figure followed by its _ci95 column (monthly.csv of a run or of a region).
std::string months_csv(const std::vector<Month>& month_of, const std::vector<AggregatedRow>& months);
std::string stations_csv(const Summary& sum);
/// One row per month and station: states, OEE, throughput, lead time, WIP, energy of that month.
std::string stations_monthly_csv(const Summary& sum);
/// One row per month and line instance: maturity, staffed shifts a week, operators, commissioning availability
/// and good cells, each with its _ci95 column.
std::string lines_monthly_csv(const Summary& sum);
void print_kpi_table(const Summary& sum, std::ostream& out);

} // namespace gigaline::report
