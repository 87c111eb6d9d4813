// src/report/HtmlPage.hpp — the parts every report page shares (internal to report/): the head with the style
// sheet, the tail with the data blob, Chart.js and the common script, a chart figure and number formats.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace gigaline::report::page {

std::string head(const std::string& title);
/// The footer, the data blob, Chart.js and the shared script followed by the page's own script.
std::string tail(const nlohmann::ordered_json& data, const std::string& chartjs, const std::string& page_js);
std::string figure(const std::string& id, const std::string& title, const std::string& caption);
/// "12.3 &plusmn; 0.4" with the decimals of the larger; "-" when not a number.
std::string interval(double mean, double half_width);
std::string escape(const std::string& text);

/// The sweep page's analysis sections (SweepAnalysisHtml.cpp): the tornado of the differences from the base
/// (one-at-a-time and grid designs) and the sensitivity bars (latin_hypercube, sobol), their tables for the KPI
/// `kpi` (shown with `label`, values times `scale`); "" when the analysis has neither. Its script,
/// web/sweep_analysis.js, follows web/sweep.js.
std::string sweep_analysis_sections(const nlohmann::ordered_json& analysis, std::size_t kpi, const std::string& label,
                                    double scale);

/// The sweep page's curves (SweepCurvesHtml.cpp): sweep::curves_json() with its figures labelled and its numbers
/// rounded for the page (null when there is none); the sections "Curves per point" and "Bottleneck by point" of
/// that data ("" without curves); their script, web/sweep_curves.js, follows web/sweep_analysis.js.
nlohmann::ordered_json sweep_curves_data(const nlohmann::ordered_json& curves);
std::string sweep_curves_sections(const nlohmann::ordered_json& curves_data, const std::string& rank_label);

} // namespace gigaline::report::page
