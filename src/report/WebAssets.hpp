// src/report/WebAssets.hpp — the reports' own style sheet and scripts (web/*.css, web/*.js), compiled into the
// binary at build time by cmake/EmbedFile.cmake (internal to report/). Chart.js is report::chartjs() (Html.hpp).
#pragma once

#include <string>

namespace gigaline::report::web {

enum class Asset {
  style,          ///< web/report.css: every page's <style>
  common_js,      ///< web/common.js: first script of every page
  run_js,         ///< web/run.js
  sweep_js,       ///< web/sweep.js
  sweep_analysis, ///< web/sweep_analysis.js
  sweep_curves,   ///< web/sweep_curves.js
  forecast_js,    ///< web/forecast.js
  region_js,      ///< web/region.js
};

/// The text of one asset, exactly as in its file.
const std::string& text(Asset a);

} // namespace gigaline::report::web
