// src/report/SweepAnalysisHtml.cpp — the analysis sections of the sweep page: a tornado of the differences from the
// base (one-at-a-time, grid) and the sensitivity bars (SRC, PRCC, Sobol indices) of sampled designs, with tables.
#include "gigaline/core/Text.hpp"

#include "HtmlPage.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace gigaline::report::page {

namespace {
using J = nlohmann::ordered_json;

double value(const J& v)
{
  return v.is_number() ? v.get<double>() : NAN;
}

double at(const J& a, std::size_t i)
{
  return a.is_array() && i < a.size() ? value(a[i]) : NAN;
}

std::string value_text(const J& v)
{
  return escape(text::factor_text(v));
}

std::string three(double v)
{
  return std::isfinite(v) ? text::grouped(v, 3) : "-";
}
} // namespace

std::string sweep_analysis_sections(const J& analysis, std::size_t kpi, const std::string& label, double scale)
{
  std::string html;
  const J& vb = analysis.contains("vs_base") ? analysis["vs_base"] : J();
  if (vb.is_object() && vb.contains("tornado")) {
    const bool paired = vb.value("paired", true);
    html += "<section id=\"vs-base\"><h2>Differences from the base</h2>\n<p class=\"note\">Each factor's levels "
            "run alone, minus the base point (point " +
            vb["base_point"].dump() + ") for the KPI chosen above, factors by decreasing span. " +
            (paired ? "Intervals are paired: with common random numbers, replication r of every point draws the "
                      "same random numbers, so the 95 % interval is that of the per-replication differences."
                    : "Intervals are unpaired (Welch): common random numbers are off, the points do not share "
                      "their random numbers.") +
            " Every point against the base: <code>gigaline sweep summary DB --vs-base</code>.</p>\n" +
            figure("chart-tornado", "Tornado: difference from the base",
                   "Bars from 0 to each level's mean difference from the base. The table below gives them with "
                   "their 95 % intervals for " +
                       escape(label) + ", the ranking's KPI.") +
            "<div class=\"wide\"><table id=\"tornado-table\"><tr><th class=\"l\">factor</th><th>base</th>"
            "<th>level</th><th>point</th><th>" +
            escape(label) + " minus base</th></tr>\n";
    if (vb["tornado"].size() > kpi)
      for (const auto& bar : vb["tornado"][kpi])
        for (const auto& l : bar["levels"])
          html += "<tr><td class=\"l\">" + escape(bar["factor"].get<std::string>()) + "</td><td>" +
                  value_text(bar["base_value"]) + "</td><td>" + value_text(l["value"]) + "</td><td>" +
                  l["point"].dump() + "</td><td>" +
                  (std::isfinite(value(l["mean"])) ? (value(l["mean"]) >= 0 ? "+" : "") +
                                                         interval(value(l["mean"]) * scale, value(l["ci95"]) * scale)
                                                   : std::string("-")) +
                  "</td></tr>\n";
    html += "</table></div>\n</section>\n";
  }
  const J& se = analysis.contains("sensitivity") ? analysis["sensitivity"] : J();
  if (se.is_object() && se.contains("kpis") && se["kpis"].size() > kpi) {
    const bool sobol = se.contains("rows");
    const J& k = se["kpis"][kpi];
    html += "<section id=\"sensitivity\"><h2>Sensitivity</h2>\n<p class=\"note\">For the KPI chosen above: SRC, "
            "the standardized regression coefficient of a linear fit on the point means (R&sup2; " +
            three(value(k["r2"])) +
            " says how much of the variation the fit explains), and PRCC, the partial rank correlation "
            "(monotone effects)." +
            (sobol ? " S1 and ST: first-order (Saltelli 2010) and total (Jansen 1999) Sobol indices over " +
                         se["rows"].dump() + " base rows, 95 % intervals from " + se["bootstrap"].dump() +
                         " bootstrap resamples of the rows."
                   : std::string()) +
            "</p>\n" +
            figure("chart-sensitivity", "Sensitivity of the KPI to each factor",
                   "Per factor, the indices of the KPI chosen above; the table below gives them for " + escape(label) +
                       ", the ranking's KPI.") +
            "<div class=\"wide\"><table id=\"sensitivity-table\"><tr><th class=\"l\">factor</th><th>SRC</th>"
            "<th>PRCC</th>" +
            (sobol ? "<th>S1</th><th>95 % interval</th><th>ST</th><th>95 % interval</th>" : "") + "</tr>\n";
    const auto& names = se["factor_names"];
    const auto& all = sobol ? se["all_factor_names"] : names;
    for (std::size_t f = 0; f < all.size(); ++f) {
      std::size_t ni = 0;
      while (ni < names.size() && names[ni] != all[f])
        ++ni;
      html += "<tr><td class=\"l\">" + escape(all[f].get<std::string>()) + "</td><td>" + three(at(k["src"], ni)) +
              "</td><td>" + three(at(k["prcc"], ni)) + "</td>";
      if (sobol)
        html += "<td>" + three(at(k["first"], f)) + "</td><td>[" + three(at(k["first_lo"], f)) + ", " +
                three(at(k["first_hi"], f)) + "]</td><td>" + three(at(k["total"], f)) + "</td><td>[" +
                three(at(k["total_lo"], f)) + ", " + three(at(k["total_hi"], f)) + "]</td>";
      html += "</tr>\n";
    }
    html += "</table></div>\n</section>\n";
  }
  return html;
}

} // namespace gigaline::report::page
