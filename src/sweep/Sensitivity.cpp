// src/sweep/Sensitivity.cpp — the sensitivity estimators of sampled designs: SRC and PRCC (Eigen least squares on
// standardized values and ranks), Sobol first-order and total indices with percentile bootstrap intervals.
#include "gigaline/core/Random.hpp"
#include "gigaline/sweep/Analysis.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace gigaline::sweep {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// Average ranks (1-based; ties share their mean rank).
Eigen::VectorXd ranks(const Eigen::VectorXd& v)
{
  const auto n = static_cast<std::size_t>(v.size());
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return v(static_cast<Eigen::Index>(a)) < v(static_cast<Eigen::Index>(b));
  });
  Eigen::VectorXd r(v.size());
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && v(static_cast<Eigen::Index>(order[j + 1])) == v(static_cast<Eigen::Index>(order[i])))
      ++j;
    for (std::size_t m = i; m <= j; ++m)
      r(static_cast<Eigen::Index>(order[m])) = (static_cast<double>(i + j) / 2.0) + 1.0;
    i = j + 1;
  }
  return r;
}

/// Residual of v after least squares on [1, Z].
Eigen::VectorXd residual(const Eigen::MatrixXd& z, const Eigen::VectorXd& v)
{
  Eigen::MatrixXd a(z.rows(), z.cols() + 1);
  a.col(0).setOnes();
  a.rightCols(z.cols()) = z;
  const Eigen::VectorXd beta = a.colPivHouseholderQr().solve(v);
  return v - a * beta;
}

} // namespace

SobolIndices sobol_indices(const std::vector<double>& f, std::size_t k, int bootstrap, std::uint64_t seed)
{
  SobolIndices out;
  const std::size_t width = k + 2, n_all = f.size() / width;
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < n_all; ++i) {
    bool ok = true;
    for (std::size_t c = 0; c < width; ++c)
      ok = ok && std::isfinite(f[i * width + c]);
    if (ok)
      rows.push_back(i);
  }
  out.rows = rows.size();
  auto estimate = [&](const std::vector<std::size_t>& idx, std::vector<double>& first, std::vector<double>& total) {
    first.assign(k, nan);
    total.assign(k, nan);
    const double n = static_cast<double>(idx.size());
    double mean = 0;
    for (std::size_t i : idx)
      mean += f[i * width] + f[i * width + 1];
    mean /= 2 * n;
    double var = 0;
    for (std::size_t i : idx)
      var += (f[i * width] - mean) * (f[i * width] - mean) + (f[i * width + 1] - mean) * (f[i * width + 1] - mean);
    var /= 2 * n;
    if (!(var > 0))
      return var;
    for (std::size_t j = 0; j < k; ++j) {
      double s = 0, st = 0;
      for (std::size_t i : idx) {
        const double a = f[i * width], b = f[i * width + 1], ab = f[i * width + 2 + j];
        s += (b - mean) * (ab - a);    // Saltelli et al. 2010 on the centred output (as SALib does:
                                       // the same expectation, far less variance when the mean is large)
        st += (a - ab) * (a - ab) / 2; // Jansen 1999
      }
      first[j] = s / n / var;
      total[j] = st / n / var;
    }
    return var;
  };
  if (rows.size() < 2) {
    out.first.assign(k, nan);
    out.total = out.first_lo = out.first_hi = out.total_lo = out.total_hi = out.first;
    out.variance = nan;
    return out;
  }
  out.variance = estimate(rows, out.first, out.total);
  std::vector<std::vector<double>> bs_first(k), bs_total(k);
  RandomStream rng(derive_seed(seed, 0, entity_id("sweep/sobol-bootstrap")));
  std::vector<std::size_t> idx(rows.size());
  std::vector<double> first, total;
  for (int b = 0; b < bootstrap; ++b) {
    for (auto& i : idx)
      i = rows[std::min(rows.size() - 1, static_cast<std::size_t>(rng.uniform() * static_cast<double>(rows.size())))];
    estimate(idx, first, total);
    for (std::size_t j = 0; j < k; ++j) {
      if (std::isfinite(first[j]))
        bs_first[j].push_back(first[j]);
      if (std::isfinite(total[j]))
        bs_total[j].push_back(total[j]);
    }
  }
  auto quantile = [](std::vector<double>& v, double q) {
    if (v.empty())
      return nan;
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(v.size() - 1, lo + 1);
    return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
  };
  for (std::size_t j = 0; j < k; ++j) {
    out.first_lo.push_back(quantile(bs_first[j], 0.025));
    out.first_hi.push_back(quantile(bs_first[j], 0.975));
    out.total_lo.push_back(quantile(bs_total[j], 0.025));
    out.total_hi.push_back(quantile(bs_total[j], 0.975));
  }
  return out;
}

Regression regression_sensitivity(const std::vector<std::vector<double>>& x, const std::vector<double>& y)
{
  const std::size_t p = x.empty() ? 0 : x[0].size();
  Regression out;
  out.src.assign(p, nan);
  out.prcc.assign(p, nan);
  out.r2 = nan;
  std::vector<std::size_t> keep;
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
    bool ok = std::isfinite(y[i]);
    for (double v : x[i])
      ok = ok && std::isfinite(v);
    if (ok)
      keep.push_back(i);
  }
  out.n = keep.size();
  const auto n = static_cast<Eigen::Index>(keep.size());
  Eigen::MatrixXd xm(n, static_cast<Eigen::Index>(p));
  Eigen::VectorXd yv(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < p; ++j)
      xm(i, static_cast<Eigen::Index>(j)) = x[keep[static_cast<std::size_t>(i)]][j];
    yv(i) = y[keep[static_cast<std::size_t>(i)]];
  }
  // constant inputs explain nothing and would make the fit singular: left out (NaN)
  std::vector<std::size_t> cols;
  for (std::size_t j = 0; j < p; ++j)
    if (n > 1 && (xm.col(static_cast<Eigen::Index>(j)).array() != xm(0, static_cast<Eigen::Index>(j))).any())
      cols.push_back(j);
  const auto q = static_cast<Eigen::Index>(cols.size());
  if (n < q + 2 || q == 0)
    return out;
  auto standardize = [n](Eigen::VectorXd v) {
    v.array() -= v.mean();
    const double sd = std::sqrt(v.squaredNorm() / static_cast<double>(n - 1));
    return sd > 0 ? Eigen::VectorXd(v / sd) : Eigen::VectorXd(v);
  };
  const Eigen::VectorXd ys = standardize(yv);
  if (ys.squaredNorm() == 0)
    return out; // the output does not vary
  Eigen::MatrixXd xs(n, q), xr(n, q);
  for (Eigen::Index c = 0; c < q; ++c) {
    xs.col(c) = standardize(xm.col(static_cast<Eigen::Index>(cols[static_cast<std::size_t>(c)])));
    xr.col(c) = ranks(xm.col(static_cast<Eigen::Index>(cols[static_cast<std::size_t>(c)])));
  }
  const Eigen::VectorXd beta = xs.colPivHouseholderQr().solve(ys);
  out.r2 = 1 - (ys - xs * beta).squaredNorm() / ys.squaredNorm();
  const Eigen::VectorXd yr = ranks(yv);
  for (Eigen::Index c = 0; c < q; ++c) {
    const std::size_t j = cols[static_cast<std::size_t>(c)];
    out.src[j] = beta(c);
    Eigen::MatrixXd others(n, q - 1);
    for (Eigen::Index o = 0, w = 0; o < q; ++o)
      if (o != c)
        others.col(w++) = xr.col(o);
    const Eigen::VectorXd ex = residual(others, xr.col(c)), ey = residual(others, yr);
    const double den = std::sqrt(ex.squaredNorm() * ey.squaredNorm());
    out.prcc[j] = den > 0 ? ex.dot(ey) / den : nan;
  }
  return out;
}

} // namespace gigaline::sweep
