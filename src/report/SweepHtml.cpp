// src/report/SweepHtml.cpp — a sweep's page: the KPI of each point against each factor (web/sweep.js), the
// ranking, and the analysis and curves sections of SweepAnalysisHtml.cpp and SweepCurvesHtml.cpp.
#include "gigaline/core/Error.hpp"
#include "gigaline/core/Text.hpp"
#include "gigaline/report/Html.hpp"

#include "HtmlPage.hpp"
#include "WebAssets.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace gigaline::report {

namespace {
using J = nlohmann::ordered_json;
} // namespace

std::string sweep_report_html(const nlohmann::ordered_json& sw, const SweepReportOptions& options,
                              const std::string& chartjs)
{
  const auto kpi_names = sw.at("kpi_names").get<std::vector<std::string>>();
  const auto factor_names = sw.at("factor_names").get<std::vector<std::string>>();
  const auto it = std::find(kpi_names.begin(), kpi_names.end(), options.rank_kpi);
  if (it == kpi_names.end()) {
    std::string known;
    for (const auto& k : kpi_names)
      known += (known.empty() ? "" : ", ") + k;
    throw InputError("[report.E705] unknown KPI " + text::quoted(options.rank_kpi) + "; known: " + known);
  }
  const auto rank = static_cast<std::size_t>(it - kpi_names.begin());
  const auto& points = sw.at("point_summaries");

  J data = J::object();
  data["kind"] = "sweep";
  data["sweep"] = sw.at("sweep");
  data["design"] = sw.value("design", std::string());
  const J analysis = sw.contains("analysis") ? J(sw.at("analysis")) : J::object();
  data["analysis"] = analysis;
  data["curves"] = page::sweep_curves_data(sw.contains("curves") ? J(sw.at("curves")) : J());
  J factors = J::array();
  for (std::size_t f = 0; f < factor_names.size(); ++f) {
    bool numeric = true, integer = true;
    for (const auto& p : points) {
      numeric = numeric && p.at("factors").at(f).is_number();
      integer = integer && p.at("factors").at(f).is_number_integer();
    }
    factors.push_back({{"name", factor_names[f]}, {"numeric", numeric}, {"integer", numeric && integer}});
  }
  data["factors"] = factors;
  J kpis = J::array();
  for (const auto& k : kpi_names) {
    kpis.push_back({{"name", k}, {"label", page::label_text(k)}, {"scale", page::scale_of(k)}});
  }
  data["kpis"] = kpis;
  data["kpi"] = rank;
  J pts = J::array();
  for (const auto& p : points) {
    J mean = J::array(), ci = J::array();
    for (const auto& v : p.at("mean"))
      mean.push_back(v.is_number() ? page::num(v.get<double>()) : J());
    for (const auto& v : p.at("ci95"))
      ci.push_back(v.is_number() ? page::num(v.get<double>()) : J());
    pts.push_back({{"point", p.at("point")}, {"factors", p.at("factors")}, {"mean", mean}, {"ci95", ci}});
  }
  data["points"] = pts;

  const std::string name = sw.at("sweep").get<std::string>();
  const std::string curves_html = page::sweep_curves_sections(data["curves"], page::label_text(options.rank_kpi));
  std::string html = page::head("gigaline sweep report: " + name);
  html +=
      "<header>\n<h1>Sweep " + escape_html(name) + "</h1>\n<p class=\"meta\">" +
      std::to_string(sw.at("points").get<int>()) + " point(s) &times; " +
      std::to_string(sw.at("replications").get<int>()) +
      " replication(s): " + std::to_string(sw.at("runs_ok").get<int>()) + " run(s) ok, " +
      std::to_string(sw.at("runs_failed").get<int>()) + " failed, " + std::to_string(sw.at("runs_missing").get<int>()) +
      " not run; sweep hash " + escape_html(sw.at("sweep_hash").get<std::string>()) + ", results of gigaline " +
      escape_html(sw.at("gigaline_version").get<std::string>()) +
      (sw.value("build", std::string()).empty() ? std::string()
                                                : " (build " + escape_html(sw.value("build", std::string())) + ")") +
      ".</p>\n<nav><a href=\"#factors\">KPI per factor</a>" +
      (analysis.contains("vs_base") && !analysis["vs_base"].is_null()
           ? "<a href=\"#vs-base\">Differences from the base</a>"
           : "") +
      (analysis.contains("sensitivity") && !analysis["sensitivity"].is_null()
           ? "<a href=\"#sensitivity\">Sensitivity</a>"
           : "") +
      (curves_html.empty() ? "" : "<a href=\"#curves\">Curves per point</a><a href=\"#bottleneck\">Bottleneck</a>") +
      "<a href=\"#ranking\">Ranking</a></nav>\n</header>\n"
      "<main>\n<section id=\"factors\"><h2>KPI per factor</h2>\n<p><label for=\"kpi\">KPI </label><select "
      "id=\"kpi\">";
  for (std::size_t k = 0; k < kpi_names.size(); ++k)
    html += "<option value=\"" + std::to_string(k) + "\"" + (k == rank ? " selected" : "") + ">" +
            escape_html(page::label_text(kpi_names[k])) + "</option>";
  html += "</select></p>\n<p class=\"note\">One chart per factor: each point of the design at its value of the "
          "factor, the KPI's mean over the point's ok runs with its 95 % interval. In a grid, the black line joins the "
          "means over the other factors: the factor's main effect (a one-at-a-time design's effects are its "
          "differences from the base, below).</p>\n<div class=\"grid\">\n";
  for (std::size_t f = 0; f < factor_names.size(); ++f)
    html += page::figure("chart-factor-" + std::to_string(f), "KPI against " + factor_names[f],
                         "The chosen KPI at each value of " + escape_html(factor_names[f]) + ".");
  html += "</div>\n</section>\n";
  html += page::sweep_analysis_sections(analysis, rank, page::label_text(options.rank_kpi),
                                        page::scale_of(options.rank_kpi));
  html += curves_html;

  // the ranking: points with a value first, best first; the others last, unranked
  std::vector<std::size_t> order(points.size());
  for (std::size_t p = 0; p < order.size(); ++p)
    order[p] = p;
  auto mean_of = [&](std::size_t p, std::size_t k) { return page::number_at(points[p].at("mean"), k); };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double va = mean_of(a, rank), vb = mean_of(b, rank);
    if (std::isfinite(va) != std::isfinite(vb))
      return std::isfinite(va);
    if (!std::isfinite(va))
      return false;
    return options.ascending ? va < vb : va > vb;
  });
  std::vector<std::size_t> shown = {rank};
  for (const char* k : {"gwh", "scrap_rate", "oee", "cost_eur_per_kwh"}) {
    const auto at = std::find(kpi_names.begin(), kpi_names.end(), k);
    const auto ki = static_cast<std::size_t>(at - kpi_names.begin());
    bool any = false;
    for (std::size_t p = 0; p < points.size() && at != kpi_names.end(); ++p)
      any = any || std::isfinite(mean_of(p, ki));
    if (any && ki != rank)
      shown.push_back(ki);
  }
  html += "<section id=\"ranking\"><h2>Ranking by " + escape_html(page::label_text(options.rank_kpi)) +
          "</h2>\n"
          "<p class=\"note\">Points ordered by the mean of " +
          escape_html(options.rank_kpi) + ", " + (options.ascending ? "lowest" : "highest") +
          " first, over their ok runs (95 % intervals, Student t); points without an ok run last.</p>\n"
          "<div class=\"wide\"><table class=\"ranking\"><tr><th>rank</th><th>point</th>";
  for (const auto& f : factor_names) { // long factor names may break after their underscores
    std::string header;
    for (char c : escape_html(f))
      header += c == '_' ? std::string("_<wbr>") : std::string(1, c);
    html += "<th>" + header + "</th>";
  }
  html += "<th>ok</th><th>failed</th>";
  for (std::size_t k : shown)
    html += "<th>" + escape_html(page::label_text(kpi_names[k])) + "</th>";
  html += "</tr>\n";
  const std::size_t rows = std::min(order.size(), options.table_rows);
  for (std::size_t i = 0; i < rows; ++i) {
    const auto& p = points[order[i]];
    html += "<tr><td>" + (std::isfinite(mean_of(order[i], rank)) ? std::to_string(i + 1) : std::string("-")) +
            "</td><td>" + p.at("point").dump() + "</td>";
    for (const auto& v : p.at("factors"))
      html += "<td>" + escape_html(text::factor_text(v)) + "</td>";
    html += "<td>" + p.at("ok").dump() + "</td><td>" + p.at("failed").dump() + "</td>";
    for (std::size_t k : shown) {
      const double scale = page::scale_of(kpi_names[k]);
      html +=
          "<td>" + page::ranking_cell(mean_of(order[i], k) * scale, page::number_at(p.at("ci95"), k) * scale) + "</td>";
    }
    html += "</tr>\n";
  }
  html += "</table></div>\n";
  if (rows < order.size())
    html += "<p class=\"note\">" + std::to_string(order.size() - rows) +
            " more point(s) not listed; gigaline sweep summary DB --rank " + escape_html(options.rank_kpi) +
            " lists them all.</p>\n";
  html += "</section>\n</main>\n";
  static const std::string js =
      web::text(web::Asset::sweep_js) + web::text(web::Asset::sweep_analysis) + web::text(web::Asset::sweep_curves);
  return html + page::tail(data, chartjs, js.c_str());
}

} // namespace gigaline::report
