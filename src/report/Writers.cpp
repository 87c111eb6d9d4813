// src/report/Writers.cpp — a summary written out: summary.json, monthly.csv, stations.csv, stations_monthly.csv,
// lines_monthly.csv and the terminal's KPI and station tables (docs/outputs.md says what each holds).
#include "gigaline/core/Text.hpp"
#include "gigaline/core/Version.hpp"
#include "gigaline/engine/EngineInfo.hpp"
#include "gigaline/report/Kpis.hpp"
#include "gigaline/report/Stages.hpp"
#include "gigaline/report/Summary.hpp"
#include "gigaline/scenario/Loader.hpp"
#include "gigaline/scenario/ScenarioDescriptors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <vector>

namespace gigaline::report {

namespace {
/// Numbers in CSV: shortest text that reads back to the same double.
std::string csv_number(double v)
{
  return scenario::format_number(v);
}
} // namespace

void put_with_ci(nlohmann::ordered_json& o, const AggregatedRow& row)
{
  for (std::size_t k = 0; k < row.names.size(); ++k) {
    o[row.names[k]] = row.values[k].mean;
    o[row.names[k] + "_ci95"] = row.values[k].half_width;
  }
}

nlohmann::ordered_json months_with_ci(const std::vector<Month>& month_of, const std::vector<AggregatedRow>& months)
{
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (std::size_t m = 0; m < months.size() && m < month_of.size(); ++m) {
    nlohmann::ordered_json o = {{"month", month_of[m].to_string()}};
    put_with_ci(o, months[m]);
    out.push_back(o);
  }
  return out;
}

nlohmann::ordered_json with_ci(const AggregatedRow& row)
{
  nlohmann::ordered_json o = nlohmann::ordered_json::object();
  put_with_ci(o, row);
  return o;
}

nlohmann::ordered_json to_json(const Summary& sum)
{
  using J = nlohmann::ordered_json;
  J j = J::object();
  j["scenario"] = sum.scenario;
  j["provenance"] = {{"scenario_hash", sum.scenario_hash},
                     {"seed", sum.seed},
                     {"gigaline_version", version()},
                     {"build", build_id()},
                     {"simgrid_version", engine::simgrid_version()},
                     {"compiler", compiler_version()}};
  j["replications"] = sum.replications;
  if (sum.nameplate.empty()) {
    j["nameplate"] = nullptr;
  } else {
    J lines = J::array();
    double total = 0;
    for (const auto& l : sum.nameplate) {
      lines.push_back({{"line", l.line},
                       {"count", l.count},
                       {"sop_date", l.sop_date.to_string()},
                       {"sop_stagger_days", l.sop_stagger_days},
                       {"gwh_per_year", l.gwh_per_year}});
      total += l.gwh_per_year * l.count;
    }
    // over the whole run, months of the mean: what the lines could have made, what they made, the difference
    double possible = 0, made = 0;
    for (std::size_t m = 0; m < sum.months.size() && m < sum.month_of.size(); ++m) {
      possible += nameplate_gwh_in(sum.nameplate, sum.month_of[m]);
      made += sum.months[m].at("gwh").mean;
    }
    j["nameplate"] = {{"gwh_per_year", total},
                      {"lines", lines},
                      {"gwh_possible", possible},
                      {"gwh_made", made},
                      {"gwh_lost", possible - made}};
    if (sum.cell_price_eur_per_kwh)
      j["nameplate"]["eur_lost"] = (possible - made) * 1e6 * *sum.cell_price_eur_per_kwh;
  }
  j["totals"] = with_ci(sum.totals);
  J per = J::array();
  for (const auto& k : sum.per_replication) {
    J o = J::object();
    for (const auto& [name, v] : k.totals)
      o[name] = v;
    o["conservation_error"] = k.conservation_error;
    per.push_back(o);
  }
  j["per_replication"] = per;
  J found = J::object(), caused = J::object();
  for (std::size_t i = 0; i < sum.stations.size(); ++i) {
    const auto& info = sum.layout.stations[i];
    const std::string key = sum.layout.lines[static_cast<std::size_t>(info.line)].id + "/" + info.name;
    found[key] = sum.stations[i].at("scrap_found").mean;
    caused[key] = sum.stations[i].at("scrap_caused").mean;
  }
  j["scrap_by_stage"] = {{"found", found}, {"caused", caused}};
  // with a cost section: the material of the cells scrapped, by the stage that made the defect (cell-equivalents:
  // a k-way join's material counts 1/k, so the stages add up to scrap_material_eur)
  if (sum.totals.has("scrap_material_eur") && sum.totals.has("cells_scrapped") &&
      sum.totals.at("cells_scrapped").mean > 0) {
    const double per_cell = sum.totals.at("scrap_material_eur").mean / sum.totals.at("cells_scrapped").mean;
    J eur = J::object();
    for (std::size_t i = 0; i < sum.stations.size(); ++i) {
      const auto& info = sum.layout.stations[i];
      eur[sum.layout.lines[static_cast<std::size_t>(info.line)].id + "/" + info.name] =
          sum.stations[i].at("scrap_caused").mean * info.weight * per_cell;
    }
    j["scrap_by_stage"]["caused_eur"] = eur;
  }
  J stations = J::array();
  for (std::size_t i = 0; i < sum.stations.size(); ++i) {
    const auto& info = sum.layout.stations[i];
    J o = {{"line", sum.layout.lines[static_cast<std::size_t>(info.line)].id},
           {"station", info.name},
           {"machines", info.machines}};
    put_with_ci(o, sum.stations[i]);
    stations.push_back(o);
  }
  j["stations"] = stations;
  j["monthly"] = months_with_ci(sum.month_of, sum.months);
  // per line and month: the staffed shifts, maturity, operators, availability and good cells of each line
  J lines_monthly = J::object();
  if (!sum.line_months.empty()) {
    J names = J::array();
    for (const auto& li : sum.layout.lines)
      names.push_back(li.id);
    lines_monthly["lines"] = names;
    for (std::size_t k = 0; k < sum.line_months[0][0].names.size(); ++k) {
      J series = J::array(); // [line][month]
      for (std::size_t l = 0; l < sum.layout.lines.size(); ++l) {
        J per_month = J::array();
        for (std::size_t m = 0; m < sum.line_months.size(); ++m)
          per_month.push_back(sum.line_months[m][l].values[k].mean);
        series.push_back(per_month);
      }
      lines_monthly[sum.line_months[0][0].names[k]] = series;
    }
  }
  j["lines_monthly"] = lines_monthly;
  const auto stages = stages_of(sum);
  j["stages"] = stages_json(stages);
  j["bottleneck"] = bottleneck_json(stages, sum.month_of.size());
  J observations = J::array();
  for (const auto& f : sum.observations) {
    J o = {{"id", f.id},       {"metric", f.metric}, {"line", f.line},      {"when", f.when}, {"observed", f.observed},
           {"sigma", f.sigma}, {"source", f.source}, {"covered", f.covered}};
    o["bound"] = scenario::enum_name(f.bound);
    if (f.bound == scenario::Bound::between)
      o["upper"] = f.upper;
    o["basis"] = scenario::enum_name(f.basis);
    o["fit"] = f.fit;
    o["observed_text"] = observed_text(f);
    if (!f.note.empty())
      o["note"] = f.note;
    if (f.covered) {
      o["simulated"] = f.simulated.mean;
      o["simulated_ci95"] = f.simulated.half_width;
      o["z"] = f.z;
    }
    observations.push_back(o);
  }
  j["observations"] = observations;
  J timeline = J::array();
  for (const auto& e : sum.timeline)
    timeline.push_back({{"date", e.date.to_string()}, {"kind", e.kind}, {"label", e.label}});
  j["timeline"] = timeline;
  J sources = J::array();
  for (const auto& src : sum.sources)
    sources.push_back({{"id", src.id},
                       {"kind", scenario::enum_name(src.kind)},
                       {"citation", src.citation},
                       {"url", src.url},
                       {"note", src.note}});
  j["sources"] = sources;
  j["engine"] = {{"events", sum.events}, {"wall_s", sum.wall_s}};
  return j;
}

std::string months_csv(const std::vector<Month>& month_of, const std::vector<AggregatedRow>& months)
{
  std::string out = "month";
  if (!months.empty())
    for (const auto& n : months[0].names)
      out += "," + n + "," + n + "_ci95";
  out += "\n";
  for (std::size_t m = 0; m < months.size(); ++m) {
    out += month_of[m].to_string();
    for (const auto& v : months[m].values)
      out += "," + csv_number(v.mean) + "," + csv_number(v.half_width);
    out += "\n";
  }
  return out;
}

std::string monthly_csv(const Summary& sum)
{
  return months_csv(sum.month_of, sum.months);
}

std::string stations_csv(const Summary& sum)
{
  std::string out = "line,station,machines";
  if (!sum.stations.empty())
    for (const auto& n : sum.stations[0].names)
      out += "," + n;
  out += "\n";
  for (std::size_t i = 0; i < sum.stations.size(); ++i) {
    const auto& info = sum.layout.stations[i];
    out += sum.layout.lines[static_cast<std::size_t>(info.line)].id + "," + info.name + "," +
           std::to_string(info.machines);
    for (const auto& v : sum.stations[i].values)
      out += "," + csv_number(v.mean);
    out += "\n";
  }
  return out;
}

namespace {
void print_summary_tables(const Summary& sum, std::ostream& out)
{
  out << "Totals after warm-up (mean over " << sum.replications << " replication(s), 95 % interval)\n";
  for (const Kpi& k : kpi_catalogue()) {
    const std::string key(k.key);
    if (!(k.scopes & per_run) || !sum.totals.has(key)) // a plant without a cost section has no cost
      continue;
    const Interval& v = sum.totals.at(key);
    char buf[200];
    std::snprintf(buf, sizeof buf, "  %-40s %16s  +/- %s\n", std::string(k.label).c_str(),
                  format_kpi(k, v.mean).c_str(), format_kpi(k, v.half_width).c_str());
    out << buf;
  }

  out << "\nStations (fractions of machine time, %; OEE %; throughput cells/h; lead time h; mean WIP cells)\n";
  char buf[256];
  std::snprintf(buf, sizeof buf, "  %-24s %3s %6s %6s %6s %6s %6s %6s %6s %10s %8s %10s\n", "station", "m", "busy",
                "idle", "starv", "block", "down", "off", "OEE", "thru/h", "lead h", "WIP");
  out << buf;
  for (std::size_t i = 0; i < sum.stations.size(); ++i) {
    const auto& info = sum.layout.stations[i];
    const auto& r = sum.stations[i];
    const std::string name = sum.layout.lines[static_cast<std::size_t>(info.line)].id + "/" + info.name;
    auto pct = [&](const char* n) { return info.is_store ? std::string("-") : text::fixed(100 * r.at(n).mean, 1); };
    std::snprintf(buf, sizeof buf, "  %-24s %3d %6s %6s %6s %6s %6s %6s %6s %10s %8s %10s\n", name.c_str(),
                  info.machines, pct("busy").c_str(), pct("idle").c_str(), pct("starved").c_str(),
                  pct("blocked").c_str(), pct("down").c_str(), pct("off").c_str(), pct("oee").c_str(),
                  text::fixed(r.at("throughput_cells_per_h").mean, 1).c_str(),
                  text::fixed(r.at("lead_time_h").mean, 2).c_str(), text::thousands(r.at("wip_mean").mean).c_str());
    out << buf;
  }
  // the ramp-up curves `gigaline check` guards, month by month
  out << "\nRamp-up by month (means)\n";
  std::vector<const Kpi*> curves;
  for (const Kpi& k : kpi_catalogue())
    if (k.scopes & guarded_curve)
      curves.push_back(&k);
  std::snprintf(buf, sizeof buf, "  %-8s", "month");
  out << buf;
  for (const Kpi* k : curves) {
    std::snprintf(buf, sizeof buf, " %12s", std::string(k->column).c_str());
    out << buf;
  }
  out << "\n";
  for (std::size_t m = 0; m < sum.months.size(); ++m) {
    std::snprintf(buf, sizeof buf, "  %-8s", sum.month_of[m].to_string().c_str());
    out << buf;
    for (const Kpi* k : curves) {
      std::snprintf(buf, sizeof buf, " %12s", format_kpi(*k, sum.months[m].at(std::string(k->key)).mean).c_str());
      out << buf;
    }
    out << "\n";
  }
}

} // namespace

std::string stations_monthly_csv(const Summary& sum)
{
  std::string out = "month,line,station,machines";
  if (!sum.station_months.empty() && !sum.station_months[0].empty())
    for (const auto& n : sum.station_months[0][0].names)
      out += "," + n;
  out += "\n";
  for (std::size_t m = 0; m < sum.station_months.size(); ++m)
    for (std::size_t i = 0; i < sum.station_months[m].size(); ++i) {
      const auto& info = sum.layout.stations[i];
      out += sum.month_of[m].to_string() + "," + sum.layout.lines[static_cast<std::size_t>(info.line)].id + "," +
             info.name + "," + std::to_string(info.machines);
      for (const auto& v : sum.station_months[m][i].values)
        out += "," + csv_number(v.mean);
      out += "\n";
    }
  return out;
}

std::string lines_monthly_csv(const Summary& sum)
{
  std::string out = "month,line";
  if (!sum.line_months.empty() && !sum.line_months[0].empty())
    for (const auto& n : sum.line_months[0][0].names)
      out += "," + n + "," + n + "_ci95";
  out += "\n";
  for (std::size_t m = 0; m < sum.line_months.size(); ++m)
    for (std::size_t l = 0; l < sum.line_months[m].size(); ++l) {
      out += sum.month_of[m].to_string() + "," + sum.layout.lines[l].id;
      for (const auto& v : sum.line_months[m][l].values)
        out += "," + csv_number(v.mean) + "," + csv_number(v.half_width);
      out += "\n";
    }
  return out;
}

void print_kpi_table(const Summary& sum, std::ostream& out)
{
  print_summary_tables(sum, out);
  print_observations(sum.observations, out);
}

} // namespace gigaline::report
