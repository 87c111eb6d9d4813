// src/report/WebAssets.cpp — the embedded web assets: the reports' style sheet and scripts, and Chart.js (or the
// file $GIGALINE_CHARTJS names), joined from the pieces cmake/EmbedFile.cmake generated.
#include "WebAssets.hpp"

#include "gigaline/core/AtomicFile.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/report/Html.hpp"

#include <array>
#include <cstddef>
#include <cstdlib>

// Each asset as raw-string pieces under 65,536 characters (generated/<name>.cpp, cmake/EmbedFile.cmake).
#define GIGALINE_EMBEDDED(name)                                                                                        \
  extern const char* const name[];                                                                                     \
  extern const std::size_t name##_count;
namespace gigaline::embedded {
GIGALINE_EMBEDDED(chartjs)
GIGALINE_EMBEDDED(web_report_css)
GIGALINE_EMBEDDED(web_common_js)
GIGALINE_EMBEDDED(web_run_js)
GIGALINE_EMBEDDED(web_sweep_js)
GIGALINE_EMBEDDED(web_sweep_analysis_js)
GIGALINE_EMBEDDED(web_sweep_curves_js)
GIGALINE_EMBEDDED(web_forecast_js)
GIGALINE_EMBEDDED(web_region_js)
} // namespace gigaline::embedded
#undef GIGALINE_EMBEDDED

namespace gigaline::report {

namespace {
std::string joined(const char* const pieces[], std::size_t count)
{
  std::string text;
  for (std::size_t i = 0; i < count; ++i)
    text += pieces[i];
  return text;
}

/// The page has no source map beside it: a browser's developer tools would ask for one.
std::string without_source_map(std::string text)
{
  const std::size_t map = text.rfind("//# sourceMappingURL=");
  if (map != std::string::npos && text.find('\n', map) == std::string::npos)
    text.erase(map);
  return text;
}
} // namespace

const std::string& web::text(Asset a)
{
  using namespace embedded;
  static const std::array<std::string, 8> assets{
      joined(web_report_css, web_report_css_count),
      joined(web_common_js, web_common_js_count),
      joined(web_run_js, web_run_js_count),
      joined(web_sweep_js, web_sweep_js_count),
      joined(web_sweep_analysis_js, web_sweep_analysis_js_count),
      joined(web_sweep_curves_js, web_sweep_curves_js_count),
      joined(web_forecast_js, web_forecast_js_count),
      joined(web_region_js, web_region_js_count),
  };
  return assets.at(static_cast<std::size_t>(a));
}

std::string chartjs_path()
{
  const char* env = std::getenv("GIGALINE_CHARTJS");
  return env != nullptr && *env != '\0' ? std::string(env) : std::string();
}

std::string load_chartjs(const std::string& path)
{
  const auto text = read_file(path);
  if (!text || text->empty())
    throw InputError("[report.E704] " + path +
                     ": Chart.js not found; set GIGALINE_CHARTJS to a chart.umd.js, or unset it to use the copy "
                     "built into gigaline");
  return without_source_map(*text);
}

std::string chartjs()
{
  if (const std::string path = chartjs_path(); !path.empty())
    return load_chartjs(path);
  return without_source_map(joined(embedded::chartjs, embedded::chartjs_count));
}

} // namespace gigaline::report
