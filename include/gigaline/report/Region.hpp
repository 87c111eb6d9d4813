// gigaline/report/Region.hpp — combined figures of a region: its plants' replications summed month by month
// (replication r of every plant together), years against the regional targets, observed jobs; and the writers.
#pragma once

#include "gigaline/core/Date.hpp"
#include "gigaline/core/Stats.hpp"
#include "gigaline/report/Summary.hpp"
#include "gigaline/scenario/Region.hpp"

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace gigaline::report {

/// One plant of a region run: its own summary, as `gigaline run` makes it.
struct RegionPlantRun {
  std::string name, file, scenario_hash; ///< file: as written in the region file
  Date start_date;
  Summary summary;
};

/// Figures of one calendar year (or the part of it the run covers), means over replications.
struct RegionYear {
  int year = 0;
  int months = 0;   ///< months of the year covered by the run
  Month last_month; ///< the headcount is the one at the end of this month (December for a whole year)
  AggregatedRow figures;
};

/// A published regional headcount next to the model's headcount at the end of that month.
struct JobsFit {
  Date date;
  Month month;
  double observed = 0;
  double modelled = 0;
  std::string source;
  bool covered = true; ///< false when the month lies outside the run
};

struct RegionSummary {
  std::string region, region_hash;
  std::uint64_t seed = 0;
  int replications = 0;
  Date end_date;
  std::optional<scenario::RegionTargets> targets;
  std::vector<RegionPlantRun> plants;
  std::vector<Month> month_of;               ///< from the earliest plant's start month to end_date's month
  std::vector<std::vector<Row>> replication; ///< [replication][month]: the combined figures of that replication
  std::vector<AggregatedRow> months;         ///< means and 95 % half-widths over replications
  std::vector<RegionYear> years;
  std::vector<JobsFit> jobs;
  std::uint64_t events = 0;
  double wall_s = 0;
};

/// Combines the plants' summaries (in the region's plant order, each with the region's replications).
/// Per replication and month: cells_good, cells_scrapped, gwh, gwh_cumulative and vehicles are the sums of the
/// plants' own figures (0 before a plant's start), scrap_rate = scrapped / (good + scrapped), headcount the
/// experts and local staff of every plant's workforce schedule on the month's last simulated day, and
/// gwh_<plant> each plant's GWh.
RegionSummary combine_region(const scenario::LoadedRegion& region, std::vector<Summary> plants);
/// Summarises each plant's replications (run::run_region gives them, in the region's plant order) and combines.
RegionSummary summarise_region(const scenario::LoadedRegion& region,
                               const std::vector<std::vector<run::ReplicationResult>>& runs);

nlohmann::ordered_json to_json(const RegionSummary& sum);
/// One row per month: the combined figures, each with its _ci95 column, then gwh_<plant> per plant.
std::string region_monthly_csv(const RegionSummary& sum);
void print_region_table(const RegionSummary& sum, std::ostream& out);

/// The region page's data: months, each plant's GWh, nameplate, experts and local staff a month and batteries
/// a year, the region's headcount, years, targets, published headcounts, and each plant's milestones (the
/// first month at 50, 80 and 100 % of its nameplate).
nlohmann::ordered_json region_report_data(const RegionSummary& sum);
/// The region's page (RegionHtml.cpp), self-contained like the run report.
std::string region_report_html(const RegionSummary& sum, const std::string& chartjs);

} // namespace gigaline::report
