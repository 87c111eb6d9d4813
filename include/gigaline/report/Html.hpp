// gigaline/report/Html.hpp — the HTML reports for people: one self-contained page per run (ramp-up, scrap,
// OEE and states per stage, observations, energy, KPIs) or per sweep (KPIs per factor, ranking), charts by
// Chart.js inlined at report time. The data goes in as a JSON blob; script in the page draws the charts.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace gigaline::report {

/// Text safe in HTML and XML, in elements and in quoted attributes: & < > " ' as entities.
std::string escape_html(const std::string& s);

/// The file named by $GIGALINE_CHARTJS when it is set and not empty; "" otherwise (the copy built into gigaline).
std::string chartjs_path();

/// The text of Chart.js's UMD build, ready to inline (its source-map comment removed). InputError
/// "[report.E704] <path>: Chart.js not found; set GIGALINE_CHARTJS to a chart.umd.js, or unset it to use the copy
/// built into gigaline" when the file cannot be read.
std::string load_chartjs(const std::string& path);

/// Chart.js for a page: load_chartjs(chartjs_path()) when $GIGALINE_CHARTJS is set, otherwise the copy compiled
/// into gigaline at build time (web/node_modules/chart.js of the source tree), so an installed binary needs no
/// source tree.
std::string chartjs();

/// What a run's report is drawn from: the summary.json of `gigaline run --out` (or of a run in memory).
struct RunReportInput {
  nlohmann::ordered_json summary; ///< summary.json of the run (report::to_json), with its stages and bottleneck
  std::string origin;             ///< where it comes from, for messages (a directory, or "run")
};

/// Reads DIR/summary.json, checked against DIR/manifest.json. A missing file: InputError "[report.E701]
/// <DIR>/<file>: no such file; expected the results of gigaline run FILE --out <DIR>"; a file that is not
/// what gigaline writes: [report.E702]; a region's results: [report.E703].
RunReportInput read_results_dir(const std::string& dir);

/// The JSON blob of a run's page: months, monthly series with 95 % half-widths, nameplate per month, per
/// stage (stations of the same name summed over lines) scrap, OEE and machine states by month, the
/// bottleneck of each month, and the observations with the chart each one is drawn on.
nlohmann::ordered_json run_report_data(const RunReportInput& in);

/// The page of a run; `chartjs` is the text of chart.umd.js (load_chartjs).
std::string run_report_html(const RunReportInput& in, const std::string& chartjs);

struct SweepReportOptions {
  std::string rank_kpi = "gwh"; ///< the KPI the ranking table sorts by
  bool ascending = false;       ///< lowest first
  std::size_t table_rows = 100; ///< rows of the ranking table; the rest are counted, not listed
};

/// The page of a sweep from sweep::summary_json(): each KPI's point means against each factor; with the key
/// "analysis" (sweep::analysis_json()), the tornado of the differences from the base or the sensitivity bars,
/// their data in the page's JSON as `analysis`; and the points ranked by a KPI. An unknown KPI: InputError
/// "[report.E705] unknown KPI "<name>"; known: ...".
std::string sweep_report_html(const nlohmann::ordered_json& sweep_summary, const SweepReportOptions& options,
                              const std::string& chartjs);

/// The page of a forecast from forecast::to_json(): milestones, targets and GWh by year end first, then fan
/// charts (P5-P95, P10-P90, median) of the monthly and cumulative GWh, share of nameplate, scrap and the
/// what-if's paired difference. A document that is not a forecast: InputError [report.E706].
std::string forecast_report_html(const nlohmann::ordered_json& forecast, const std::string& chartjs);

} // namespace gigaline::report
