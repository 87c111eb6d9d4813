// src/report/RegionHtml.cpp — the page of a region run (gigaline run REGION --report FILE): the plants together,
// what the run concludes first (each plant's milestones, the years against the regional targets), then GWh a
// month stacked by plant, batteries a year against the target, and the people of every plant.
#include "gigaline/core/Error.hpp"
#include "gigaline/core/Text.hpp"
#include "gigaline/report/Html.hpp"
#include "gigaline/report/Region.hpp"

#include "HtmlPage.hpp"
#include "WebAssets.hpp"

#include <cmath>
#include <map>

namespace gigaline::report {

namespace {
using J = nlohmann::ordered_json;

J nullable(double v)
{
  return std::isfinite(v) ? J(v) : J(nullptr);
}
} // namespace

nlohmann::ordered_json region_report_data(const RegionSummary& sum)
{
  J d = J::object();
  d["region"] = sum.region;
  J months = J::array();
  for (const auto& m : sum.month_of)
    months.push_back(m.to_string());
  d["months"] = months;
  const std::size_t n = sum.month_of.size();
  std::vector<double> nameplate(n, 0.0);
  J plants = J::array();
  J milestones = J::array();
  for (const auto& p : sum.plants) {
    const Summary& s = p.summary;
    std::map<int, std::size_t> at; // month index -> row of the plant's own months
    for (std::size_t k = 0; k < s.month_of.size(); ++k)
      at[s.month_of[k].index()] = k;
    const bool staffed = !s.months.empty() && s.months.front().has("experts") && s.months.front().has("local_staff");
    J gwh = J::array(), experts = J::array(), staff = J::array(), np = J::array();
    std::map<int, double> vehicles_by_year;
    J reached = J::object();
    for (double level : {0.5, 0.8, 1.0})
      reached["nameplate_" + std::to_string(static_cast<int>(std::lround(100 * level)))] = nullptr;
    double cumulative = 0;
    for (std::size_t m = 0; m < n; ++m) {
      const Month month = sum.month_of[m];
      const double cap = nameplate_gwh_in(s.nameplate, month);
      nameplate[m] += cap;
      np.push_back(cap);
      const auto it = at.find(month.index());
      if (it == at.end()) {
        gwh.push_back(0.0);
        experts.push_back(nullptr);
        staff.push_back(nullptr);
        continue;
      }
      const AggregatedRow& row = s.months[it->second];
      const double g = row.at("gwh").mean;
      cumulative += g;
      gwh.push_back(g);
      vehicles_by_year[month.year()] += row.at("vehicles").mean;
      experts.push_back(staffed ? J(row.at("experts").mean) : J(nullptr));
      staff.push_back(staffed ? J(row.at("local_staff").mean) : J(nullptr));
      for (double level : {0.5, 0.8, 1.0}) {
        auto& r = reached["nameplate_" + std::to_string(static_cast<int>(std::lround(100 * level)))];
        if (r.is_null() && cap > 0 && g >= level * cap)
          r = month.to_string();
      }
    }
    J by_year = J::object();
    for (const auto& [y, v] : vehicles_by_year)
      by_year[std::to_string(y)] = v;
    plants.push_back({{"name", p.name},
                      {"gwh", gwh},
                      {"nameplate_gwh", np},
                      {"experts", staffed ? experts : J(nullptr)},
                      {"local_staff", staffed ? staff : J(nullptr)},
                      {"vehicles_by_year", by_year}});
    J ms = {{"plant", p.name}, {"start", p.start_date.to_string()}};
    for (const auto& [k, v] : reached.items())
      ms[k] = v;
    ms["gwh_cumulative"] = cumulative;
    ms["nameplate_gwh_per_year"] = [&] {
      double t = 0;
      for (const auto& l : s.nameplate)
        t += l.gwh_per_year * l.count;
      return t;
    }();
    milestones.push_back(ms);
  }
  d["plants"] = plants;
  d["nameplate_gwh"] = nameplate;
  J headcount = J::array();
  for (const auto& row : sum.months)
    headcount.push_back(nullable(row.at("headcount").mean));
  d["headcount"] = headcount;
  J years = J::array();
  for (const auto& y : sum.years)
    years.push_back({{"year", y.year},
                     {"months", y.months},
                     {"gwh", y.figures.at("gwh").mean},
                     {"vehicles", y.figures.at("vehicles").mean},
                     {"headcount", y.figures.at("headcount").mean}});
  d["years"] = years;
  d["targets"] = sum.targets ? J{{"batteries_per_year", sum.targets->batteries_per_year},
                                 {"direct_jobs", sum.targets->direct_jobs},
                                 {"source", sum.targets->source}}
                             : J(nullptr);
  J jobs = J::array();
  for (const auto& j : sum.jobs)
    if (j.covered)
      jobs.push_back({{"date", j.date.to_string()},
                      {"month", j.month.to_string()},
                      {"observed", j.observed},
                      {"modelled", j.modelled},
                      {"source", j.source}});
  d["jobs_observed"] = jobs;
  d["milestones"] = milestones;
  return d;
}

std::string region_report_html(const RegionSummary& sum, const std::string& chartjs)
{
  const J d = region_report_data(sum);
  std::string html = page::head("gigaline region report: " + sum.region);
  html += "<header><h1>Region: " + escape_html(sum.region) + "</h1>\n<p class=\"meta\">" +
          std::to_string(sum.plants.size()) + " plant(s), " + std::to_string(sum.replications) +
          " replication(s) each, seed " + std::to_string(sum.seed) + ", to " + sum.end_date.to_string() +
          "; region hash " + escape_html(sum.region_hash) +
          ". Means over replications: for the uncertainty of the parameters, see <code>gigaline forecast</code> of "
          "each plant.</p>\n<nav><a href=\"#summary\">Summary</a><a href=\"#charts\">Charts</a></nav></header>\n"
          "<main>\n<section id=\"summary\"><h2>What the run says</h2>\n";
  html += "<table><tr><th class=\"l\">plant</th><th class=\"l\">start</th><th>nameplate GWh a year</th>"
          "<th class=\"l\">first month at 50 % of nameplate</th><th class=\"l\">80 %</th><th class=\"l\">100 %</th>"
          "<th>GWh made</th></tr>\n";
  auto month_text = [](const J& v) {
    return v.is_string() ? escape_html(v.get<std::string>()) : std::string("not within the run");
  };
  for (const auto& m : d.at("milestones"))
    html += "<tr><td class=\"l\">" + escape_html(m.at("plant").get<std::string>()) + "</td><td class=\"l\">" +
            escape_html(m.at("start").get<std::string>()) + "</td><td>" +
            text::grouped(m.at("nameplate_gwh_per_year").get<double>(), 2) + "</td><td class=\"l\">" +
            month_text(m.at("nameplate_50")) + "</td><td class=\"l\">" + month_text(m.at("nameplate_80")) +
            "</td><td class=\"l\">" + month_text(m.at("nameplate_100")) + "</td><td>" +
            text::grouped(m.at("gwh_cumulative").get<double>(), 3) + "</td></tr>\n";
  html += "</table>\n<table><tr><th class=\"l\">year</th><th>months</th><th>GWh</th><th>vehicle batteries</th>";
  if (sum.targets)
    html += "<th>% of the target</th>";
  html += "<th>headcount at the year's end</th>";
  if (sum.targets)
    html += "<th>% of the jobs target</th>";
  html += "</tr>\n";
  for (const auto& y : d.at("years")) {
    html += "<tr><td class=\"l\">" + std::to_string(y.at("year").get<int>()) + "</td><td>" +
            std::to_string(y.at("months").get<int>()) + "</td><td>" + text::grouped(y.at("gwh").get<double>(), 3) +
            "</td><td>" + text::grouped(y.at("vehicles").get<double>(), 0) + "</td>";
    if (sum.targets)
      html += "<td>" +
              (sum.targets->batteries_per_year > 0
                   ? text::grouped(100 * y.at("vehicles").get<double>() / sum.targets->batteries_per_year, 1) + " %"
                   : std::string("-")) +
              "</td>";
    html += "<td>" + text::grouped(y.at("headcount").get<double>(), 0) + "</td>";
    if (sum.targets)
      html += "<td>" +
              (sum.targets->direct_jobs > 0
                   ? text::grouped(100 * y.at("headcount").get<double>() / sum.targets->direct_jobs, 1) + " %"
                   : std::string("-")) +
              "</td>";
    html += "</tr>\n";
  }
  html += "</table>\n";
  if (sum.targets)
    html += "<p class=\"note\">Targets: " + text::grouped(sum.targets->batteries_per_year, 0) +
            " vehicle batteries a year and " + text::grouped(sum.targets->direct_jobs, 0) + " direct jobs (source " +
            escape_html(sum.targets->source) + "). A year the run covers only in part counts its months only.</p>\n";
  html += "</section>\n<section id=\"charts\"><h2>The plants together</h2>\n<div class=\"grid\">\n";
  html += page::figure("chart-gwh", "GWh a month, by plant",
                       "Good cells' GWh each month, stacked by plant, against the nameplate of the lines past their "
                       "SOP (dashed).");
  html += page::figure("chart-batteries", "Vehicle batteries a year, by plant",
                       "Packs each calendar year, stacked by plant, against the regional target (dashed; "
                       "logarithmic axis: a ramp-up is orders of magnitude below it).");
  html += page::figure("chart-people", "People",
                       "Local staff and experts of each plant with a workforce schedule (stacked), the region's "
                       "headcount as the model counts it, and published headcounts.");
  html += "</div>\n</section>\n</main>\n";
  return html + page::tail(d, chartjs, web::text(web::Asset::region_js));
}

} // namespace gigaline::report
