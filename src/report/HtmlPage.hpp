// src/report/HtmlPage.hpp — the parts every report page shares (internal to report/): the head with the style
// sheet, the tail with the data blob, Chart.js and the common script, a chart figure and number formats.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace gigaline::report::page {

std::string head(const std::string& title);
/// The footer, the data blob, Chart.js and the shared script followed by the page's own script.
std::string tail(const nlohmann::ordered_json& data, const std::string& chartjs, const char* page_js);
std::string figure(const std::string& id, const std::string& title, const std::string& caption);
/// "1,234.5" with `decimals` digits.
std::string fixed(double v, int decimals);

} // namespace gigaline::report::page
