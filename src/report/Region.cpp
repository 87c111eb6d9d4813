// src/report/Region.cpp — combination of plant runs into regional figures (replication by replication, so
// the intervals reflect the spread of the sum), years against targets, observed jobs, and the region outputs.
#include "gigaline/report/Region.hpp"

#include "gigaline/core/Error.hpp"
#include "gigaline/core/Text.hpp"
#include "gigaline/core/Version.hpp"
#include "gigaline/engine/EngineInfo.hpp"
#include "gigaline/model/Skill.hpp"
#include "gigaline/report/Kpis.hpp"
#include "gigaline/scenario/Descriptor.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace gigaline::report {

namespace {

double required_value(const Row& row, const std::string& name)
{
  for (const auto& [n, v] : row)
    if (n == name)
      return v;
  throw ModelError("[report.E501] no figure named \"" + name + "\"");
}

AggregatedRow aggregate(const std::vector<const Row*>& rows)
{
  AggregatedRow out;
  if (rows.empty())
    return out;
  for (std::size_t k = 0; k < rows[0]->size(); ++k) {
    Welford w;
    for (const Row* r : rows)
      w.add((*r)[k].second);
    out.names.push_back((*rows[0])[k].first);
    out.values.push_back(ci95(w));
  }
  return out;
}

/// Experts and local staff of every plant's schedule on a day (0 for a plant without workforce).
double headcount_on(const scenario::LoadedRegion& region, Date d)
{
  int n = 0;
  for (const auto& p : region.plants)
    if (p.scenario.workforce)
      n += model::headcount_on(p.scenario.workforce->experts, d) +
           model::headcount_on(p.scenario.workforce->local_staff, d);
  return n;
}

} // namespace

RegionSummary combine_region(const scenario::LoadedRegion& region, std::vector<Summary> plants)
{
  const scenario::Region& r = region.region;
  if (plants.size() != region.plants.size())
    throw ModelError("[report.E502] a region of " + std::to_string(region.plants.size()) + " plant(s) got " +
                     std::to_string(plants.size()) + " summaries");
  RegionSummary sum;
  sum.region = r.name;
  sum.region_hash = scenario::region_hash(r);
  sum.seed = r.run.seed;
  sum.replications = r.run.replications;
  sum.end_date = r.region.end_date;
  sum.targets = r.region.targets;
  for (std::size_t p = 0; p < plants.size(); ++p) {
    const auto& plant = region.plants[p];
    if (static_cast<int>(plants[p].per_replication.size()) != sum.replications)
      throw ModelError("[report.E502] plant \"" + plant.scenario.name + "\" has " +
                       std::to_string(plants[p].per_replication.size()) + " replication(s), the region " +
                       std::to_string(sum.replications));
    sum.events += plants[p].events;
    sum.wall_s += plants[p].wall_s;
    sum.plants.push_back({plant.scenario.name, plant.ref, plants[p].scenario_hash, plant.scenario.calendar.start_date,
                          std::move(plants[p])});
  }
  if (sum.plants.empty())
    return sum;

  Month first = Month::of(sum.end_date);
  for (const auto& p : sum.plants)
    first = std::min(first, Month::of(p.start_date));
  for (Month m = first; m <= Month::of(sum.end_date); m = m + 1)
    sum.month_of.push_back(m);
  const std::size_t months = sum.month_of.size();

  // where each region month lies in each plant's series (-1: the plant has not started yet)
  std::vector<std::vector<long>> pos(sum.plants.size(), std::vector<long>(months, -1));
  for (std::size_t p = 0; p < sum.plants.size(); ++p) {
    const auto& of = sum.plants[p].summary.month_of;
    for (std::size_t i = 0; i < of.size(); ++i) {
      const int m = of[i] - first;
      if (m >= 0 && static_cast<std::size_t>(m) < months)
        pos[p][static_cast<std::size_t>(m)] = static_cast<long>(i);
    }
  }
  std::vector<double> headcount(months);
  for (std::size_t m = 0; m < months; ++m) {
    const Month month = sum.month_of[m];
    headcount[m] = headcount_on(region, std::min(month.first_day() + (month.days() - 1), sum.end_date));
  }

  for (int rep = 0; rep < sum.replications; ++rep) {
    std::vector<Row> rows;
    std::vector<double> cumulative(sum.plants.size(), 0.0); // a plant's GWh to date, carried over gaps
    for (std::size_t m = 0; m < months; ++m) {
      double good = 0, scrapped = 0, gwh = 0, gwh_cum = 0, vehicles = 0;
      Row plant_gwh;
      for (std::size_t p = 0; p < sum.plants.size(); ++p) {
        double g = 0;
        if (pos[p][m] >= 0) {
          const Row& row =
              sum.plants[p].summary.per_replication[static_cast<std::size_t>(rep)].months[static_cast<std::size_t>(
                  pos[p][m])];
          good += required_value(row, "cells_good");
          scrapped += required_value(row, "cells_scrapped");
          g = required_value(row, "gwh");
          gwh += g;
          vehicles += required_value(row, "vehicles");
          cumulative[p] = required_value(row, "gwh_cumulative");
        }
        gwh_cum += cumulative[p];
        plant_gwh.emplace_back("gwh_" + sum.plants[p].name, g);
      }
      Row row{{"cells_good", good},
              {"cells_scrapped", scrapped},
              {"scrap_rate", good + scrapped > 0 ? scrapped / (good + scrapped) : 0.0},
              {"gwh", gwh},
              {"gwh_cumulative", gwh_cum},
              {"vehicles", vehicles},
              {"headcount", headcount[m]}};
      row.insert(row.end(), plant_gwh.begin(), plant_gwh.end());
      rows.push_back(std::move(row));
    }
    sum.replication.push_back(std::move(rows));
  }
  std::vector<const Row*> rows;
  for (std::size_t m = 0; m < months; ++m) {
    rows.clear();
    for (const auto& rep : sum.replication)
      rows.push_back(&rep[m]);
    sum.months.push_back(aggregate(rows));
  }

  for (std::size_t m = 0; m < months;) {
    const int year = sum.month_of[m].year();
    std::size_t end = m;
    while (end < months && sum.month_of[end].year() == year)
      ++end;
    std::vector<Row> per_rep;
    for (const auto& rep : sum.replication) {
      double gwh = 0, vehicles = 0;
      for (std::size_t i = m; i < end; ++i) {
        gwh += required_value(rep[i], "gwh");
        vehicles += required_value(rep[i], "vehicles");
      }
      const double people = required_value(rep[end - 1], "headcount");
      Row row{{"gwh", gwh}, {"vehicles", vehicles}, {"headcount", people}};
      if (sum.targets) {
        row.emplace_back("batteries_target_ratio", vehicles / sum.targets->batteries_per_year);
        row.emplace_back("jobs_target_ratio", people / sum.targets->direct_jobs);
      }
      per_rep.push_back(std::move(row));
    }
    rows.clear();
    for (const auto& row : per_rep)
      rows.push_back(&row);
    sum.years.push_back({year, static_cast<int>(end - m), sum.month_of[end - 1], aggregate(rows)});
    m = end;
  }

  for (const auto& o : r.region.jobs_observed) {
    JobsFit f;
    f.date = o.date;
    f.month = Month::of(o.date);
    f.observed = o.headcount;
    f.source = o.source;
    const int m = f.month - first;
    f.covered = m >= 0 && static_cast<std::size_t>(m) < months;
    if (f.covered)
      f.modelled = headcount[static_cast<std::size_t>(m)];
    sum.jobs.push_back(f);
  }
  return sum;
}

RegionSummary summarise_region(const scenario::LoadedRegion& region,
                               const std::vector<std::vector<run::ReplicationResult>>& runs)
{
  std::vector<Summary> plants;
  for (std::size_t p = 0; p < region.plants.size(); ++p)
    plants.push_back(summarise(region.plants[p].scenario, runs.at(p)));
  return combine_region(region, std::move(plants));
}

nlohmann::ordered_json to_json(const RegionSummary& sum)
{
  using J = nlohmann::ordered_json;
  J j = J::object();
  j["region"] = sum.region;
  J hashes = J::array();
  for (const auto& p : sum.plants)
    hashes.push_back({{"name", p.name}, {"scenario_hash", p.scenario_hash}});
  j["provenance"] = {
      {"region_hash", sum.region_hash}, {"plants", hashes},    {"seed", sum.seed},
      {"gigaline_version", version()},  {"build", build_id()}, {"simgrid_version", engine::simgrid_version()},
      {"compiler", compiler_version()}};
  j["replications"] = sum.replications;
  j["end_date"] = sum.end_date.to_string();
  J plants = J::array();
  for (const auto& p : sum.plants)
    plants.push_back({{"name", p.name},
                      {"file", p.file},
                      {"scenario_hash", p.scenario_hash},
                      {"start_date", p.start_date.to_string()},
                      {"totals", with_ci(p.summary.totals)}});
  j["plants"] = plants;
  if (sum.targets)
    j["targets"] = {{"batteries_per_year", sum.targets->batteries_per_year},
                    {"direct_jobs", sum.targets->direct_jobs},
                    {"source", sum.targets->source}};
  else
    j["targets"] = nullptr;
  j["monthly"] = months_with_ci(sum.month_of, sum.months);
  J annual = J::array();
  for (const auto& y : sum.years) {
    J o = {{"year", y.year}, {"months", y.months}, {"headcount_month", y.last_month.to_string()}};
    put_with_ci(o, y.figures);
    annual.push_back(o);
  }
  j["annual"] = annual;
  J jobs = J::array();
  for (const auto& f : sum.jobs) {
    J o = {{"date", f.date.to_string()},
           {"month", f.month.to_string()},
           {"observed", f.observed},
           {"source", f.source},
           {"covered", f.covered}};
    if (f.covered)
      o["modelled"] = f.modelled;
    jobs.push_back(o);
  }
  j["jobs_observed"] = jobs;
  j["engine"] = {{"events", sum.events}, {"wall_s", sum.wall_s}};
  return j;
}

std::string region_monthly_csv(const RegionSummary& sum)
{
  return months_csv(sum.month_of, sum.months);
}

void print_region_table(const RegionSummary& sum, std::ostream& out)
{
  char buf[256];
  out << "Plants\n";
  for (const auto& p : sum.plants) {
    std::snprintf(buf, sizeof buf, "  %-24s from %s  %-32s %12s GWh to %s\n", p.name.c_str(),
                  p.start_date.to_string().c_str(), p.file.c_str(),
                  text::fixed(p.summary.totals.at("gwh").mean, 3).c_str(), sum.end_date.to_string().c_str());
    out << buf;
  }

  out << "\nRegion by month (means over " << sum.replications << " replication(s); headcount at the month's end)\n";
  std::vector<int> widths;
  for (const auto& p : sum.plants)
    widths.push_back(std::max<int>(10, static_cast<int>(p.name.size())));
  // the plant KPIs summed over the region, with the catalogue's headers and formats; then the region's own
  const std::array<const Kpi*, 4> kpis{find_kpi("gwh"), find_kpi("gwh_cumulative"), find_kpi("vehicles"),
                                       find_kpi("scrap_rate")};
  std::snprintf(buf, sizeof buf, "  %-8s", "month");
  out << buf;
  for (const Kpi* k : kpis) {
    std::snprintf(buf, sizeof buf, " %10s", std::string(k->column).c_str());
    out << buf;
  }
  std::snprintf(buf, sizeof buf, " %10s", "headcount");
  out << buf;
  for (std::size_t p = 0; p < sum.plants.size(); ++p) {
    std::snprintf(buf, sizeof buf, " %*s", widths[p], sum.plants[p].name.c_str());
    out << buf;
  }
  out << "\n";
  for (std::size_t m = 0; m < sum.months.size(); ++m) {
    const auto& r = sum.months[m];
    std::snprintf(buf, sizeof buf, "  %-8s", sum.month_of[m].to_string().c_str());
    out << buf;
    for (const Kpi* k : kpis) {
      std::snprintf(buf, sizeof buf, " %10s", format_kpi(*k, r.at(std::string(k->key)).mean).c_str());
      out << buf;
    }
    std::snprintf(buf, sizeof buf, " %10s", text::thousands(r.at("headcount").mean).c_str());
    out << buf;
    for (std::size_t p = 0; p < sum.plants.size(); ++p) {
      std::snprintf(buf, sizeof buf, " %*s", widths[p],
                    format_kpi(*kpis[0], r.at("gwh_" + sum.plants[p].name).mean).c_str());
      out << buf;
    }
    out << "\n";
  }

  out << "\nRegion by year (means, 95 % interval; batteries = vehicle packs; headcount at the end of the year";
  if (sum.targets)
    out << ";\ntargets: " << text::thousands(sum.targets->batteries_per_year) << " batteries per year, "
        << text::thousands(sum.targets->direct_jobs) << " direct jobs, source " << sum.targets->source;
  out << ")\n";
  std::snprintf(buf, sizeof buf, "  %-6s %6s %10s %8s %12s %10s %10s %10s %10s\n", "year", "months", "GWh", "+/-",
                "batteries", "+/-", "% target", "headcount", "% jobs");
  out << buf;
  for (const auto& y : sum.years) {
    const auto& f = y.figures;
    const std::string ratio = sum.targets ? text::fixed(100 * f.at("batteries_target_ratio").mean, 1) : "-";
    const std::string jobs = sum.targets ? text::fixed(100 * f.at("jobs_target_ratio").mean, 1) : "-";
    std::snprintf(buf, sizeof buf, "  %-6d %6d %10s %8s %12s %10s %10s %10s %10s\n", y.year, y.months,
                  text::fixed(f.at("gwh").mean, 3).c_str(), text::fixed(f.at("gwh").half_width, 3).c_str(),
                  text::thousands(f.at("vehicles").mean).c_str(), text::thousands(f.at("vehicles").half_width).c_str(),
                  ratio.c_str(), text::thousands(f.at("headcount").mean).c_str(), jobs.c_str());
    out << buf;
  }

  if (sum.jobs.empty())
    return;
  out << "\nJobs observed (the model's headcount at the end of that month)\n";
  std::snprintf(buf, sizeof buf, "  %-10s %10s %10s  %s\n", "date", "observed", "model", "source");
  out << buf;
  for (const auto& f : sum.jobs) {
    const std::string model = f.covered ? text::thousands(f.modelled) : "not covered by the run";
    std::snprintf(buf, sizeof buf, "  %-10s %10s %10s  %s\n", f.date.to_string().c_str(),
                  text::thousands(f.observed).c_str(), model.c_str(), f.source.c_str());
    out << buf;
  }
}

} // namespace gigaline::report
