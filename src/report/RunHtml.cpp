// src/report/RunHtml.cpp — a run's page: the tables written here (KPIs, stations, observations, what the run
// says), the charts drawn in the page by web/run.js from the data blob of RunData.cpp. No timestamp: the same
// results give the same page.
#include "gigaline/core/Date.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/core/Text.hpp"
#include "gigaline/report/Html.hpp"
#include "gigaline/report/Stages.hpp"
#include "gigaline/report/Summary.hpp"

#include "HtmlPage.hpp"
#include "WebAssets.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace gigaline::report {

namespace {
using J = nlohmann::ordered_json;

std::string kpi_table(const J& totals)
{
  std::string out = "<table><tr><th class=\"l\">KPI</th><th>mean</th><th>95 % interval</th></tr>\n";
  for (const auto& [key, value] : totals.items()) {
    if (key.size() > 5 && key.compare(key.size() - 5, 5, "_ci95") == 0)
      continue;
    const double scale = page::scale_of(key);
    const double mean = value.is_number() ? value.get<double>() * scale : std::nan("");
    const double ci = page::number_at(totals, key + "_ci95") * scale;
    const int d = text::decimals_for(std::max(std::abs(mean), std::isfinite(ci) ? ci : 0.0));
    out += "<tr><td class=\"l\">" + escape_html(page::label_text(key)) + "</td><td>" +
           (std::isfinite(mean) ? text::grouped(mean, d) : "-") + "</td><td>" +
           (std::isfinite(ci) ? "&plusmn; " + text::grouped(ci, d) : "-") + "</td></tr>\n";
  }
  return out + "</table>\n";
}

std::string stations_table(const J& stations)
{
  std::string out = "<div class=\"wide\"><table><tr><th class=\"l\">line</th><th class=\"l\">station</th>"
                    "<th>machines</th>";
  for (const char* s : page::state_names)
    out += std::string("<th>") + s + "</th>";
  out += "<th>OEE</th><th>out per h</th><th>lead h</th><th>scrap found</th><th>scrap caused</th></tr>\n";
  for (const auto& st : stations) {
    const bool store = st.value("machines", 0) == 0;
    auto pct = [&](const char* k) { return store ? std::string("-") : text::grouped(100 * page::number_at(st, k), 1); };
    out += "<tr><td class=\"l\">" + escape_html(st.value("line", std::string())) + "</td><td class=\"l\">" +
           escape_html(st.value("station", std::string())) + "</td><td>" + std::to_string(st.value("machines", 0)) +
           "</td>";
    for (const char* s : page::state_names)
      out += "<td>" + pct(s) + "</td>";
    out += "<td>" + pct("oee") + "</td><td>" + page::number(page::number_at(st, "throughput_cells_per_h")) +
           "</td><td>" + page::number(page::number_at(st, "lead_time_h")) + "</td><td>" +
           text::grouped(page::number_at(st, "scrap_found"), 0) + "</td><td>" +
           text::grouped(page::number_at(st, "scrap_caused"), 0) + "</td></tr>\n";
  }
  return out + "</table></div>\n";
}

std::string source_text(const std::string& id, const J& sources)
{
  for (const auto& src : sources)
    if (src.value("id", std::string()) == id) {
      const std::string citation = src.value("citation", id), url = src.value("url", std::string());
      const std::string text = escape_html(citation.empty() ? id : citation);
      return url.empty() ? text : "<a href=\"" + escape_html(url) + "\">" + text + "</a>";
    }
  return escape_html(id);
}

std::string observations_table(const J& observations, const J& sources)
{
  std::string out = "<div class=\"wide\"><table><tr><th class=\"l\">id</th><th class=\"l\">metric</th>"
                    "<th class=\"l\">line</th><th class=\"l\">when</th><th>observed &plusmn; 2&sigma;</th>"
                    "<th>simulated &plusmn; 95 %</th><th>z</th><th class=\"l\">source</th></tr>\n";
  for (const auto& o : observations) {
    const double obs = page::number_at(o, "observed"), sigma = page::number_at(o, "sigma");
    const bool covered = o.value("covered", false);
    out += "<tr><td class=\"l\">" + escape_html(o.at("id").get<std::string>()) + "</td><td class=\"l\">" +
           escape_html(o.at("metric").get<std::string>()) + "</td><td class=\"l\">" +
           (o.value("line", std::string()).empty() ? "plant" : escape_html(o.value("line", std::string()))) +
           "</td><td class=\"l\">" + escape_html(o.at("when").get<std::string>()) + "</td><td>" +
           (o.value("bound", std::string("point")) == "point"
                ? page::interval(obs, 2 * sigma)
                : escape_html(o.value("observed_text", std::string())) + " (&sigma; " + text::grouped(sigma, 3) + ")") +
           (o.value("basis", std::string("observed")) == "plan" ? " plan" : "") +
           (o.value("fit", true) ? "" : " (not fitted)") + "</td><td>" +
           (covered ? page::interval(page::number_at(o, "simulated"), page::number_at(o, "simulated_ci95"))
                    : std::string("not covered by the run")) +
           "</td><td>" + (covered ? text::grouped(page::number_at(o, "z"), 2) : std::string("-")) +
           "</td><td class=\"l\">" + source_text(o.value("source", std::string()), sources) + "</td></tr>\n";
  }
  return out + "</table></div>\n";
}

/// "stacking in 9 of 14 months, formation in 5" from the bottleneck of each month.
std::string bottleneck_text(const J& bottleneck)
{
  std::vector<std::pair<std::string, int>> counts;
  int months = 0;
  for (const auto& b : bottleneck) {
    if (b.is_null())
      continue;
    ++months;
    const auto name = b.get<std::string>();
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == name; });
    if (it == counts.end())
      counts.emplace_back(name, 1);
    else
      ++it->second;
  }
  if (counts.empty())
    return "No stage was scheduled in any month.";
  std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out = "Bottleneck (the stage busiest for its scheduled time): <b>" + escape_html(counts[0].first) +
                    "</b> in " + std::to_string(counts[0].second) + " of " + std::to_string(months) + " month(s)";
  for (std::size_t k = 1; k < counts.size(); ++k)
    out += ", " + escape_html(counts[k].first) + " in " + std::to_string(counts[k].second);
  return out + ".";
}

} // namespace

/// What the run says, in a table readable without script: the first month at 50, 80 and 100 % of nameplate
/// (means over replications), the GWh made against nameplate and the share lost, the material of the scrap,
/// and where the bottleneck was month by month.
std::string executive_summary(const J& data, const J& s)
{
  const auto& months = data.at("months");
  const auto& gwh = data.at("monthly").at("gwh").at("mean");
  const J& nameplate = data.at("nameplate_gwh");
  std::string rows;
  double made = 0, possible = 0;
  for (std::size_t m = 0; m < months.size(); ++m)
    if (gwh[m].is_number()) {
      made += gwh[m].get<double>();
      if (nameplate.is_array() && nameplate[m].is_number())
        possible += nameplate[m].get<double>();
    }
  if (nameplate.is_array()) {
    for (double level : {0.5, 0.8, 1.0}) {
      std::string when = "not within the run";
      for (std::size_t m = 0; m < months.size(); ++m)
        if (gwh[m].is_number() && nameplate[m].is_number() && nameplate[m].get<double>() > 0 &&
            gwh[m].get<double>() >= level * nameplate[m].get<double>()) {
          when = escape_html(months[m].get<std::string>()) + " (" + std::to_string(m) + " months after the start)";
          break;
        }
      rows += "<tr><td class=\"l\">first month at " + text::grouped(100 * level, 0) +
              " % of nameplate</td><td class=\"l\">" + when + "</td></tr>\n";
    }
    rows += "<tr><td class=\"l\">GWh made against nameplate</td><td class=\"l\">" + text::grouped(made, 3) + " of " +
            text::grouped(possible, 3) + " GWh (" +
            (possible > 0 ? text::grouped(100 * (1 - made / possible), 1) : std::string("-")) + " % lost)</td></tr>\n";
    const J np = s.value("nameplate", J());
    if (np.is_object() && np.contains("eur_lost") && np.at("eur_lost").is_number())
      rows += "<tr><td class=\"l\">sales lost against nameplate</td><td class=\"l\">EUR " +
              text::grouped(np.at("eur_lost").get<double>() / 1e6, 1) + " M (" +
              text::grouped(np.value("gwh_lost", 0.0), 3) + " GWh at the scenario's cell price)</td></tr>\n";
  }
  const J& totals = s.at("totals");
  if (totals.contains("scrap_material_eur") && totals.at("scrap_material_eur").is_number())
    rows += "<tr><td class=\"l\">material of the cells scrapped</td><td class=\"l\">EUR " +
            text::grouped(totals.at("scrap_material_eur").get<double>(), 0) + " (after the warm-up)</td></tr>\n";
  // the scrap's material by the stage that made the defect, stations of the same name summed over lines
  const J by_stage = s.value("scrap_by_stage", J::object());
  if (by_stage.contains("caused_eur")) {
    std::map<std::string, double> eur;
    double all = 0;
    for (const auto& [key, v] : by_stage.at("caused_eur").items()) {
      const auto slash = key.find('/');
      eur[slash == std::string::npos ? key : key.substr(slash + 1)] += page::number_at(by_stage.at("caused_eur"), key);
      all += page::number_at(by_stage.at("caused_eur"), key);
    }
    std::vector<std::pair<double, std::string>> ranked;
    for (const auto& [name, v] : eur)
      if (v > 0)
        ranked.emplace_back(-v, name);
    std::sort(ranked.begin(), ranked.end());
    std::string text;
    for (std::size_t k = 0; k < ranked.size() && k < 4; ++k)
      text += (k ? ", " : "") + escape_html(ranked[k].second) + " EUR " + text::grouped(-ranked[k].first, 0) + " (" +
              text::grouped(100 * -ranked[k].first / all, 0) + " %)";
    if (!text.empty())
      rows += "<tr><td class=\"l\">scrap's material by the stage that made the defect</td><td class=\"l\">" + text +
              "</td></tr>\n";
  }
  const std::string bottleneck = bottleneck_text(data.at("bottleneck"));
  if (!bottleneck.empty())
    rows += "<tr><td class=\"l\">where the bottleneck was</td><td class=\"l\">" + bottleneck + "</td></tr>\n";
  if (rows.empty())
    return "";
  return "<section id=\"summary\"><h2>What the run says</h2>\n<table>" + rows +
         "</table>\n<p class=\"note\">Means over replications; for the uncertainty of the parameters, see "
         "<code>gigaline forecast</code>.</p>\n</section>\n";
}

std::string run_report_html(const RunReportInput& in, const std::string& chartjs)
{
  const J data = run_report_data(in);
  const J& s = in.summary;
  try {
    const std::string name = s.at("scenario").get<std::string>();
    const auto& months = data.at("months");
    const J provenance = s.value("provenance", J::object());
    std::string html = page::head("gigaline report: " + name);
    html += "<header>\n<h1>" + escape_html(name) + "</h1>\n<p class=\"meta\">Scenario run, " +
            std::to_string(s.value("replications", 0)) + " replication(s), seed " +
            escape_html(provenance.value("seed", J()).dump()) + "; ";
    if (!months.empty())
      html += escape_html(months.front().get<std::string>()) + " to " + escape_html(months.back().get<std::string>()) +
              " (" + std::to_string(months.size()) + " months); ";
    html += "scenario hash " + escape_html(provenance.value("scenario_hash", std::string("-"))) + ", gigaline " +
            escape_html(provenance.value("gigaline_version", std::string("-"))) +
            (provenance.contains("build") ? " (build " + escape_html(provenance.value("build", std::string())) + ")"
                                          : std::string()) +
            ", SimGrid " + escape_html(provenance.value("simgrid_version", std::string("-"))) +
            ".</p>\n<nav><a href=\"#summary\">Summary</a><a href=\"#kpis\">KPIs</a><a href=\"#ramp-up\">Ramp-up</a><a "
            "href=\"#scrap\">Scrap</a>"
            "<a href=\"#oee\">OEE and states</a><a href=\"#observations\">Observations</a>"
            "<a href=\"#energy\">Energy</a><a href=\"#stations\">Stations</a></nav>\n</header>\n<main>\n";

    html += executive_summary(data, s);
    html += "<section id=\"kpis\"><h2>Headline KPIs</h2>\n<p class=\"note\">Totals after the warm-up, means over " +
            std::to_string(s.value("replications", 0)) +
            " replication(s) with their 95 % half-widths (Student t).</p>\n" + kpi_table(s.at("totals")) +
            "</section>\n";

    const std::string band = "The shaded band is the 95 % confidence interval of the mean over replications.";
    std::string observed_note;
    if (!s.value("observations", J::array()).empty())
      observed_note = " Black diamonds: observations with &plusmn; 2&sigma; error bars; red circles: the "
                      "simulated value at each observation with its 95 % interval.";
    html += "<section id=\"ramp-up\"><h2>Ramp-up</h2>\n";
    html += page::figure("chart-cells", "Good cells per month",
                         "Cells that left the line good (finished and graded). " + band + observed_note);
    std::string nameplate = "No line of the scenario gives a nameplate capacity.";
    if (!data.at("nameplate_gwh").is_null())
      nameplate = "Dashed: nameplate, " + page::number(data.at("nameplate_gwh_per_year").get<double>()) +
                  " GWh per year over all lines, one twelfth a month for each line once it has started "
                  "production (its SOP).";
    const std::string timeline =
        data.at("timeline").empty()
            ? std::string()
            : " Dotted verticals: the timeline, labelled here and drawn on every monthly chart (SOP green, experts "
              "purple, output caps red, process changes brown, call-offs teal, maintenance and shutdowns grey).";
    html += page::figure("chart-gwh", "GWh per month against nameplate",
                         "Energy of the good cells made in the month. " + nameplate + " " + band + observed_note +
                             " A month cut by the horizon is partial." + timeline);
    html += page::figure("chart-gwh-cumulative", "Cumulative GWh",
                         "At the end of each month. Observations dated within a month are drawn at that month. " +
                             band + observed_note);
    html += "</section>\n<section id=\"scrap\"><h2>Scrap</h2>\n";
    html += page::figure("chart-scrap", "Plant scrap rate per month",
                         "Cells scrapped / (good + scrapped) in the month. " + band + observed_note);
    html +=
        page::figure("chart-scrap-stages", "Scrap rate found at each stage",
                     "Cells scrapped at the stage / cells it passed on or scrapped, month by month (stations of the "
                     "same name summed over lines). A defect made upstream and found here counts here.");
    html += page::figure("chart-scrap-caused", "Cells scrapped by stage of origin",
                         "Cells scrapped anywhere in the month because of a defect made at each stage: where the scrap "
                         "comes from, latent defects included.");
    html += "</section>\n<section id=\"oee\"><h2>OEE and machine states</h2>\n<p class=\"note\">" +
            bottleneck_text(data.at("bottleneck")) + "</p>\n";
    html += page::figure("chart-oee", "OEE per stage",
                         "Availability &times; performance &times; quality of each stage by month (stages on several "
                         "lines weighted by scheduled machine time); black: the plant OEE, good output at the "
                         "bottleneck's ideal rate over scheduled time, with its 95 % band.");
    html += page::figure("chart-busy", "Busy share of scheduled time per stage",
                         "Machine time busy / machine time not off. The stage at the top is the bottleneck of the "
                         "month; stages well below it starve or block.");
    html += "<p class=\"legend\">Machine states:";
    for (std::size_t k = 0; k < page::state_names.size(); ++k)
      html += std::string(" <span data-state=\"") + page::state_names[k] + "\" data-colour=\"" +
              page::state_colours[k] + "\"><i style=\"background:" + page::state_colours[k] + "\"></i>" +
              page::state_names[k] + "</span>";
    html += "</p>\n<div class=\"grid\">\n";
    const auto& stages = data.at("stages");
    for (std::size_t i = 0; i < stages.size(); ++i)
      if (!stages[i].at("store").get<bool>())
        html +=
            page::figure("chart-states-" + std::to_string(i), "States of " + stages[i].at("name").get<std::string>(),
                         std::to_string(stages[i].at("machines").get<int>()) +
                             " machine(s): share of machine time busy, idle, starved, blocked, down and off, month by "
                             "month.");
    html += "</div>\n</section>\n<section id=\"observations\"><h2>Observations</h2>\n";
    const auto& observations = data.at("observations");
    bool relative = false;
    for (const auto& o : observations)
      relative = relative ||
                 (o.at("covered").get<bool>() && o.at("simulated").is_number() && o.at("observed").get<double>() > 0);
    if (observations.empty()) {
      html += "<p class=\"note\">The scenario has no observations.</p>\n";
    } else {
      if (relative)
        html +=
            page::figure("chart-observations", "Every observation against the simulation",
                         "Each observation scaled to 1 with its &plusmn; 2&sigma; error bar, and the simulated value "
                         "over the observed one with its 95 % interval: a red circle whose bar misses the black one "
                         "is a misfit. Line-specific observations and every metric are here; the curves above show "
                         "the plant-wide ones.");
      html += observations_table(s.at("observations"), s.value("sources", J::array()));
    }
    const auto& state = data.at("state");
    if (state.contains("local_staff") || state.contains("qualified") || state.contains("demand_cells")) {
      html += "</section>\n<section id=\"people\"><h2>People, shifts and customers</h2>\n";
      if (state.contains("local_staff") || state.contains("qualified"))
        html +=
            page::figure("chart-people", "Workforce and skill",
                         "Local staff hired, qualified locals, experts on site and the operators the staffed shifts "
                         "take (monthly means), with the plant's skill on the right axis: experts arriving raise it "
                         "at once, experts leaving expose the local skill.");
      if (!data.at("line_shifts").empty())
        html += page::figure("chart-shifts", "Staffed shifts per line",
                             "Shifts a week each line can staff (monthly means over replications; 21 is around the "
                             "clock in 8-hour shifts, 0 a line without a crew).");
      if (state.contains("demand_cells"))
        html += page::figure("chart-demand", "Demand against output",
                             "Cells called off by customers, good cells made and shipped, and the mean finished-goods "
                             "stock: when the store is full, the plant holds its starts to the call-offs.");
    }
    html += "</section>\n<section id=\"energy\"><h2>Energy</h2>\n";
    html += page::figure("chart-energy", "Factory energy per kWh of cells",
                         "Factory energy (base load, busy and idle power, energy per cell) over the energy of the good "
                         "cells made in the month, on a log scale: high while output is low, falling as it ramps up. "
                         "Months without good cells are left out.");
    html += "</section>\n<section id=\"stations\"><h2>Stations</h2>\n<p class=\"note\">Whole run after the "
            "warm-up, means over replications: shares of machine time in each state (%), OEE (%), cells passed on "
            "per hour, lead time (hours) and scrap counts, in cells of the station's own material; machines 0 is "
            "a store.</p>\n" +
            stations_table(s.value("stations", J::array())) + "</section>\n</main>\n";
    return html + page::tail(data, chartjs, web::text(web::Asset::run_js));
  } catch (const nlohmann::json::exception& e) {
    page::malformed(in.origin + "/summary.json", std::string("not a summary of gigaline run: ") + e.what());
  }
}

} // namespace gigaline::report
