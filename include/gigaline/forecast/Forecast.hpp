// gigaline/forecast/Forecast.hpp — forecasts with parameter uncertainty: K parameter sets drawn from the
// calibration's posterior (or from the parameters' ranges) x R replications each, reduced to monthly
// prediction quantiles, milestone distributions, target probabilities and paired what-if differences.
#pragma once

#include "gigaline/core/Date.hpp"
#include "gigaline/scenario/Loader.hpp"
#include "gigaline/scenario/Region.hpp"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace gigaline::forecast {

/// "gwh_cumulative>=5@2026-12-31": a figure, a comparison and a date (a month's figure: the month of the date).
struct Target {
  std::string text;
  std::string metric; ///< gwh_cumulative, cells_cumulative (by the end of the date); gwh, cells_good,
                      ///< scrap_rate, nameplate_share (in the date's month)
  bool at_least = true;
  double value = 0;
  Date date;
};
/// Throws InputError "[forecast.E801] --target "...": expected ..." on a malformed target.
Target parse_target(const std::string& text);

struct Options {
  int draws = 200;      ///< parameter sets
  int replications = 4; ///< replications per parameter set (the same seeds for every set)
  int jobs = 2;         ///< worker processes
  std::vector<std::string> targets;
  std::vector<std::string> what_if; ///< PATH=VALUE overrides of the alternative, run on the same draws
  std::ostream* progress = nullptr; ///< runs done: a bar (progress_bar, a terminal) or a line every 5 s
  bool progress_bar = false;
};

/// P5, P10, P50, P90, P95 of a figure over the K x R runs.
struct Quantiles {
  double p5 = 0, p10 = 0, p50 = 0, p90 = 0, p95 = 0, mean = 0;
};
Quantiles quantiles_of(std::vector<double> values);

struct Series {
  std::string name;
  std::vector<Quantiles> months;
};

/// When a run first reaches a level: a month (share of nameplate) or a date (cumulative GWh).
struct Milestone {
  std::string name;                  ///< "nameplate_50", "gwh_cumulative_5", ...
  double reached = 0;                ///< share of runs that reach it within the horizon
  std::optional<Date> p10, p50, p90; ///< quantiles of the date among all runs (absent: fewer than that share reach it)
};

struct TargetResult {
  std::string text;
  double probability = 0;        ///< share of runs meeting the target
  std::optional<double> what_if; ///< the same under the what-if
};

struct Run {
  std::vector<std::vector<double>>
      series; ///< [figure][month]: cells_good, gwh, scrap_rate, gwh_cumulative, nameplate_share
};

struct Result {
  std::string scenario;
  std::vector<Month> months;
  std::vector<std::string> paths;         ///< the parameters drawn
  std::vector<std::vector<double>> draws; ///< [draw][parameter] values
  std::string method;                     ///< "posterior (Laplace)" or "prior ranges"
  int draws_count = 0, replications = 0;
  std::vector<Series> series; ///< the figures' monthly quantiles
  std::vector<Milestone> milestones;
  std::vector<TargetResult> targets;
  std::vector<std::string> what_if;
  std::vector<Series> what_if_series;    ///< the alternative's quantiles
  std::vector<Series> difference_series; ///< paired: alternative minus base, run by run (same draw, same seeds)
  std::vector<Milestone> what_if_milestones;
  std::vector<double> nameplate_gwh;            ///< per month
  std::optional<double> cell_price_eur_per_kwh; ///< cost.cell_price_eur_per_kwh (a region: the plants' common one)
  double wall_s = 0;
  /// Each base run's good and scrapped cells a month ([run][2 month], NaN outside the run) and the cell's Wh:
  /// what a region forecast adds up plant by plant (not written to forecast.json)
  std::vector<std::vector<double>> run_counts;
  double cell_wh = 0;
};

/// Draws K parameter sets of a scenario document: from /calibration/posterior (a Gaussian in u around the
/// document's current values, mapped back through the bounds; an unidentified parameter from its range) or,
/// without a posterior, each parameter uniformly (log-uniformly for log ones) within its range; then each of
/// /calibration/assumptions from its range. One value per parameter, then per assumption.
std::vector<std::vector<double>> draw_parameters(const scenario::Scenario& s, const scenario::Json& doc, int draws,
                                                 std::uint64_t seed);

Result forecast(const scenario::Json& doc, const std::string& origin, const Options& options);

/// The forecast of a region: each plant forecast on its own (its own draws, with a seed derived from the
/// region's and the plant's place, so the plants' parameters are independent), then run k of every plant added
/// up month by month (GWh, cells, scrap over the cells judged, cumulative GWh, share of the plants' nameplate)
/// into the region's quantiles, milestones and targets. No what-if (it names one plant's parameters: forecast
/// that plant) and no cells_cumulative target (cells of different energies): [forecast.E804].
Result forecast_region(const scenario::LoadedRegion& region, const Options& options);

scenario::Json to_json(const Result& r);
/// One row per month: each figure's mean and quantiles (and the what-if's and the paired difference's).
std::string monthly_csv(const Result& r);
void print(const Result& r, std::ostream& out);

} // namespace gigaline::forecast
