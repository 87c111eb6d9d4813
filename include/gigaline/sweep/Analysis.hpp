// gigaline/sweep/Analysis.hpp — what a sweep's results say: each point's difference from the base (paired over
// common-random-number replications), a tornado per KPI, and sensitivity indices of sampled designs (SRC, PRCC, Sobol).
#pragma once

#include "gigaline/sweep/ResultsDb.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace gigaline::sweep {

/// A difference of means with its 95 % half-width (NaN when it cannot be estimated) over n pairs or runs.
struct Difference {
  double mean = 0, half_width = 0;
  std::size_t n = 0;
  bool paired = true;
};

/// Pairs (point[r], base[r]) where both are finite: mean of point[r] - base[r] and t_{0.975, n-1} * sd / sqrt(n)
/// (NaN below two pairs). point and base are indexed by replication.
Difference paired_difference(const std::vector<double>& point, const std::vector<double>& base);
/// Independent samples (NaN values left out): difference of the means, Welch's interval
/// t_{0.975, df} * sqrt(s1^2/n1 + s2^2/n2), df by Welch-Satterthwaite rounded down.
Difference unpaired_difference(const std::vector<double>& point, const std::vector<double>& base);

/// First-order (Saltelli 2010: mean of (f_B - mean) (f_ABj - f_A) over V) and total (Jansen 1999: mean of
/// (f_A - f_ABj)^2 / 2 over V) Sobol indices, V the variance over the A and B rows, with percentile bootstrap
/// 95 % intervals over the N base rows (each resample recomputes mean, V and the indices).
struct SobolIndices {
  std::size_t rows = 0; ///< base rows used (rows with a missing value are left out)
  double variance = 0;  ///< of the output over the A and B rows
  std::vector<double> first, first_lo, first_hi, total, total_lo, total_hi;
};
/// f: the output at each point of a Sobol design, N x (k + 2) values in Design.hpp's order (A_i, B_i, A_B^j_i).
SobolIndices sobol_indices(const std::vector<double>& f, std::size_t k, int bootstrap = 1000, std::uint64_t seed = 1);

/// Standardized regression coefficients (least squares of the standardized output on the standardized inputs)
/// and partial rank correlation coefficients; r2 of the linear fit. NaN where it cannot be estimated (fewer
/// points than factors + 2, a constant input).
struct Regression {
  std::size_t n = 0;
  double r2 = 0;
  std::vector<double> src, prcc;
};
/// x: [point][factor], y: [point]; points with a non-finite value are left out.
Regression regression_sensitivity(const std::vector<std::vector<double>>& x, const std::vector<double>& y);

/// The KPIs shown when none is asked for: gwh, cells_good, scrap_rate, oee and cost_eur_per_kwh, those the
/// database has a value of (all its KPIs when it has none of these).
std::vector<std::string> headline_kpis(const RunTable& t);

/// Differences from the base point of every other point, per KPI (kpi_names order): base_point, design,
/// paired (true when every comparison pairs replications of equal seeds, i.e. common random numbers),
/// kpi_names, factor_names, base (values and per KPI mean), rows [{point, factors, changed (names of the
/// factors that differ from the base), diff [{mean, ci95, n}] per KPI}], and tornado: per KPI, the factors
/// varied alone, each with its levels' differences [{value, point, mean, ci95, n}] (increasing value), and
/// span (max - min of the differences and 0), sorted by decreasing span.
nlohmann::ordered_json vs_base_json(const RunTable& t);

/// Sensitivity of a latin_hypercube or sobol design, per KPI: factor_names (numeric factors), and per KPI
/// src, prcc, r2, n; a sobol design adds first, first_lo, first_hi, total, total_lo, total_hi, rows and
/// bootstrap. null for other designs.
nlohmann::ordered_json sensitivity_json(const RunTable& t);

/// Both, for the sweep page: {"vs_base": vs_base_json or null for sampled designs, "sensitivity": ...}.
nlohmann::ordered_json analysis_json(const std::string& db_path);

/// `gigaline sweep summary DB --vs-base`: the base point's means and each point's differences from it.
void print_vs_base(const std::string& db_path, const std::vector<std::string>& kpis, std::ostream& out);
/// `gigaline sweep summary DB --sensitivity`: per KPI, SRC, PRCC (and Sobol indices) per factor.
/// A database of another design: InputError [sweep.E418].
void print_sensitivity(const std::string& db_path, const std::vector<std::string>& kpis, std::ostream& out);

} // namespace gigaline::sweep
