// src/report/HtmlPage.hpp — the parts every report page shares (internal to report/, HtmlPage.cpp): the head with
// the style sheet, the tail with the data blob, Chart.js and the common script, a chart figure, number formats, labels.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <string>

namespace gigaline::report::page {

using J = nlohmann::ordered_json;

/// JSON to put inside a <script> element: '<', '>' and '&' as \u escapes, so that no string of the data can close it.
std::string json_for_script(const J& j);
/// A script safe inside a <script> element ("</script" and "<!--" escaped).
std::string script_safe(std::string js);

/// A number with 4 significant digits and thousands separators; "-" when not a number.
std::string number(double v);
/// "12.3 &plusmn; 0.4" with the decimals of the larger; "-" when not a number.
std::string interval(double mean, double half_width);
/// A ranking table's mean with its half-width on a second, smaller line.
std::string ranking_cell(double mean, double half_width);
/// A finite number rounded to 6 significant digits for the page's data, null otherwise.
J num(double v);
/// The number at o[key] or a[k]; NaN when absent or not a number.
double number_at(const J& o, const std::string& key);
double number_at(const J& a, std::size_t k);

/// The display scale of a KPI of summary.json from the KPI catalogue (report/Kpis.hpp): 100 for fractions shown
/// as percentages; 1 for a key the catalogue does not have.
double scale_of(const std::string& key);
/// Its label, or the key itself.
std::string label_text(const std::string& key);

/// Machine states in the order of the stations' columns, and their colours on the page.
inline constexpr std::array<const char*, 6> state_names{"busy", "idle", "starved", "blocked", "down", "off"};
inline constexpr std::array<const char*, 6> state_colours{"#2e7d32", "#9aa5b1", "#f2b01e",
                                                          "#e8710a", "#c62828", "#d9dee3"};

/// InputError "[report.E702] <where>: <what>": results that are not what gigaline wrote.
[[noreturn]] void malformed(const std::string& where, const std::string& what);

/// The head of a page, with its style sheet (web/report.css).
std::string head(const std::string& title);
/// The footer, the data blob, Chart.js and the shared script (web/common.js) followed by the page's own script.
std::string tail(const J& data, const std::string& chartjs, const std::string& page_js);
/// A chart: a canvas in a figure with its caption.
std::string figure(const std::string& id, const std::string& title, const std::string& caption);
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
