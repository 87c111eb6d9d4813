// src/report/ForecastHtml.cpp — the page of a forecast (forecast.json of `gigaline forecast`): what it
// concludes first (milestones, targets, GWh by year end), then fan charts (P5-P95, P10-P90, median) of the
// monthly and cumulative GWh, the share of nameplate and scrap, and the paired what-if difference.
#include "gigaline/core/Error.hpp"
#include "gigaline/core/Text.hpp"
#include "gigaline/report/Html.hpp"

#include "HtmlPage.hpp"
#include "WebAssets.hpp"

#include <cmath>

namespace gigaline::report {

namespace {
using J = nlohmann::ordered_json;

std::string date_text(const J& v)
{
  return v.is_string() ? v.get<std::string>() : std::string("&ndash;");
}

std::string milestone_name(const std::string& name)
{
  if (name.rfind("nameplate_", 0) == 0)
    return name.substr(10) + " % of nameplate (first month)";
  if (name.rfind("gwh_cumulative_", 0) == 0)
    return name.substr(15) + " GWh made (date)";
  return escape_html(name);
}

std::string milestones_table(const J& ms)
{
  std::string out = "<table><tr><th class=\"l\">milestone</th><th>runs reaching it</th><th>P10</th><th>P50</th>"
                    "<th>P90</th></tr>\n";
  for (const auto& m : ms)
    out += "<tr><td class=\"l\">" + milestone_name(m.at("name").get<std::string>()) + "</td><td>" +
           text::grouped(100 * m.at("reached").get<double>(), 0) + " %</td><td>" + date_text(m.at("p10")) +
           "</td><td>" + date_text(m.at("p50")) + "</td><td>" + date_text(m.at("p90")) + "</td></tr>\n";
  return out + "</table>\n";
}

double at(const J& series, const char* q, std::size_t m)
{
  const J& v = series.at(q).at(m);
  return v.is_number() ? v.get<double>() : std::nan("");
}
} // namespace

std::string forecast_report_html(const nlohmann::ordered_json& f, const std::string& chartjs)
{
  try {
    const std::string name = f.at("scenario").get<std::string>();
    std::string html = page::head("gigaline forecast: " + name);
    html += "<header><h1>Forecast: " + escape_html(name) + "</h1>\n<p class=\"meta\">" +
            std::to_string(f.at("draws").get<int>()) + " parameter draws x " +
            std::to_string(f.at("replications").get<int>()) + " replications; parameters from the " +
            escape_html(f.at("method").get<std::string>()) +
            ". Every band holds both what the data leave unknown (the parameter draws) and run-to-run noise.</p>\n"
            "<nav><a href=\"#summary\">Summary</a><a href=\"#fans\">Fan charts</a></nav></header>\n<main>\n";
    html += "<section id=\"summary\"><h2>What the forecast says</h2>\n";
    html += milestones_table(f.at("milestones"));
    const auto& months = f.at("months");
    const auto& cum = f.at("monthly").at("gwh_cumulative");
    // lost against nameplate to a year end: the nameplate GWh to that month less what was made (a quantile of
    // the made GWh gives the opposite quantile of the lost); priced with the scenario's cell price
    const J& np = f.at("nameplate_gwh");
    const J price = f.value("cell_price_eur_per_kwh", J());
    const bool lost = np.is_array() && np.size() == months.size();
    html += "<table><tr><th class=\"l\">year end</th><th>GWh made, P5</th><th>P50</th><th>P95</th>";
    if (lost)
      html += "<th>GWh lost against nameplate, P50 (P95-P5)</th>";
    if (lost && price.is_number())
      html += "<th>sales lost, EUR M, P50</th>";
    const bool what_if = f.contains("what_if");
    if (what_if)
      html += "<th>what-if minus base, P50</th><th>P5</th><th>P95</th>";
    html += "</tr>\n";
    double nameplate_to_date = 0;
    for (std::size_t m = 0; m < months.size(); ++m) {
      if (lost && np[m].is_number())
        nameplate_to_date += np[m].get<double>();
      const std::string label = months[m].get<std::string>();
      if (label.substr(5) != "12" && m + 1 != months.size())
        continue;
      html += "<tr><td class=\"l\">" + escape_html(label) + "</td><td>" + text::grouped(at(cum, "p5", m), 3) +
              "</td><td>" + text::grouped(at(cum, "p50", m), 3) + "</td><td>" + text::grouped(at(cum, "p95", m), 3) +
              "</td>";
      if (lost)
        html += "<td>" + text::grouped(nameplate_to_date - at(cum, "p50", m), 3) + " (" +
                text::grouped(nameplate_to_date - at(cum, "p95", m), 3) + "-" +
                text::grouped(nameplate_to_date - at(cum, "p5", m), 3) + ")</td>";
      if (lost && price.is_number())
        html += "<td>" + text::grouped((nameplate_to_date - at(cum, "p50", m)) * price.get<double>(), 0) + "</td>";
      if (what_if) {
        const auto& d = f.at("what_if").at("difference").at("gwh_cumulative");
        html += "<td>" + text::grouped(at(d, "p50", m), 3) + "</td><td>" + text::grouped(at(d, "p5", m), 3) +
                "</td><td>" + text::grouped(at(d, "p95", m), 3) + "</td>";
      }
      html += "</tr>\n";
    }
    html += "</table>\n";
    if (!f.at("targets").empty()) {
      html += "<table><tr><th class=\"l\">target</th><th>probability</th>" +
              std::string(what_if ? "<th>under the what-if</th>" : "") + "</tr>\n";
      for (const auto& t : f.at("targets")) {
        html += "<tr><td class=\"l\">" + escape_html(t.at("target").get<std::string>()) + "</td><td>" +
                text::grouped(100 * t.at("probability").get<double>(), 1) + " %</td>";
        if (t.contains("what_if_probability"))
          html += "<td>" + text::grouped(100 * t.at("what_if_probability").get<double>(), 1) + " %</td>";
        html += "</tr>\n";
      }
      html += "</table>\n";
    }
    if (what_if) {
      std::string overrides;
      for (const auto& o : f.at("what_if").at("overrides"))
        overrides += (overrides.empty() ? "" : ", ") + escape_html(o.get<std::string>());
      html += "<p class=\"note\">What-if: " + overrides +
              ", run on the same parameter draws and random numbers as the base, so the difference is paired "
              "run by run and sharper than either forecast.</p>\n";
    }
    html += "</section>\n<section id=\"fans\"><h2>Fan charts</h2>\n<div class=\"grid\">\n";
    html += page::figure("chart-gwh", "GWh a month",
                         "Median, P10-P90 and P5-P95 of the good cells' GWh each month, "
                         "against the nameplate of the lines past their SOP (dashed).");
    html += page::figure("chart-gwh-cumulative", "GWh made since the start", "Cumulative GWh of good cells.");
    html += page::figure("chart-nameplate", "Share of nameplate", "The month's GWh over its nameplate GWh.");
    html += page::figure("chart-scrap", "Scrap rate", "Cells scrapped over cells judged in the month.");
    if (what_if)
      html += page::figure("chart-difference", "What-if minus base",
                           "Cumulative GWh of the what-if minus the base, run by run (paired).");
    html += "</div>\n</section>\n</main>\n";
    return html + page::tail(f, chartjs, web::text(web::Asset::forecast_js));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(std::string("[report.E706] not a forecast (forecast.json of gigaline forecast): ") + e.what());
  }
}

} // namespace gigaline::report
