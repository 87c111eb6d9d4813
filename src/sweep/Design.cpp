// src/sweep/Design.cpp — levels, inverse distribution functions and the three designs of a sweep.
// The Latin hypercube draws from gigaline's own random streams, so a design is the same on every machine.
#include "gigaline/sweep/Design.hpp"

#include "gigaline/core/Random.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gigaline::sweep {

namespace {

using scenario::DistKind;
using scenario::Factor;

/// Inverse of the standard normal distribution function (Acklam's rational approximation, relative error
/// below 1.2e-9: far below what a sweep's levels need).
double normal_quantile(double p)
{
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double lo = 0.02425, hi = 1 - lo;
  if (p < lo) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > hi) {
    const double q = std::sqrt(-2 * std::log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

Json number(const Factor& f, double v)
{
  if (f.integer)
    return Json(static_cast<std::int64_t>(std::llround(v)));
  return Json(v);
}

} // namespace

/// An integer factor on a linear scale: the integers of [min, max], each with the same share of u (rounding
/// a continuous value would give the two end levels half the weight of the others).
std::optional<Json> integer_level(const Factor& f, double u)
{
  double lo = 0, hi = 0;
  if (f.range && f.range->scale != scenario::RangeScale::log) {
    lo = f.range->min;
    hi = f.range->max;
  } else if (f.distribution && f.distribution->kind == DistKind::uniform) {
    lo = f.distribution->min;
    hi = f.distribution->max;
  } else {
    return std::nullopt;
  }
  const double first = std::ceil(std::min(lo, hi)), last = std::floor(std::max(lo, hi));
  if (last < first)
    return std::nullopt; // no integer inside: the nearest one, as before
  const double levels = last - first + 1;
  return Json(static_cast<std::int64_t>(first + std::min(levels - 1, std::floor(u * levels))));
}

Json factor_at(const Factor& f, double u)
{
  if (f.integer)
    if (auto level = integer_level(f, u))
      return *level;
  if (f.values) {
    const auto n = f.values->size();
    const auto i = std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)));
    const Json& v = (*f.values)[i];
    return v.is_number() && f.integer ? number(f, v.get<double>()) : v; // as written, unless rounding
  }
  if (f.range) {
    const auto& r = *f.range;
    if (r.scale == scenario::RangeScale::log)
      return number(f, std::exp(std::log(r.min) + u * (std::log(r.max) - std::log(r.min))));
    return number(f, r.min + u * (r.max - r.min));
  }
  const auto& d = *f.distribution;
  switch (d.kind) {
  case DistKind::uniform:
    return number(f, d.min + u * (d.max - d.min));
  case DistKind::loguniform:
    return number(f, std::exp(std::log(d.min) + u * (std::log(d.max) - std::log(d.min))));
  case DistKind::normal:
    return number(f, d.mean + d.sd * normal_quantile(u));
  case DistKind::triangular: {
    const double w = d.max - d.min, fc = (d.mode - d.min) / w;
    return number(f, u < fc ? d.min + std::sqrt(u * w * (d.mode - d.min))
                            : d.max - std::sqrt((1 - u) * w * (d.max - d.mode)));
  }
  }
  return Json(); // unreachable: every kind is handled
}

std::vector<Json> factor_levels(const Factor& f)
{
  std::vector<Json> levels;
  if (f.values) {
    for (const auto& v : *f.values)
      levels.push_back(v.is_number() && f.integer ? number(f, v.get<double>()) : v);
  } else if (f.range) {
    const auto& r = *f.range;
    for (int i = 0; i < r.steps; ++i) {
      const double t = static_cast<double>(i) / (r.steps - 1);
      levels.push_back(r.scale == scenario::RangeScale::log
                           ? number(f, std::exp(std::log(r.min) + t * (std::log(r.max) - std::log(r.min))))
                           : number(f, r.min + t * (r.max - r.min)));
    }
    levels.front() = number(f, r.min); // exact ends, whatever the rounding of exp(log)
    levels.back() = number(f, r.max);
  } else {
    for (int i = 0; i < f.levels; ++i)
      levels.push_back(factor_at(f, (i + 0.5) / f.levels));
  }
  // integer rounding can merge levels: keep each once, in order
  std::vector<Json> unique;
  for (auto& v : levels)
    if (std::find(unique.begin(), unique.end(), v) == unique.end())
      unique.push_back(std::move(v));
  return unique;
}

std::vector<std::vector<Json>> design_points(const scenario::LoadedSweep& s)
{
  const auto& factors = s.sweep.factors;
  const std::size_t nf = factors.size();
  std::vector<std::vector<Json>> points;
  switch (s.sweep.design.kind) {
  case scenario::DesignKind::grid: {
    std::vector<std::vector<Json>> levels;
    for (const auto& f : factors)
      levels.push_back(factor_levels(f));
    std::vector<std::size_t> idx(nf, 0);
    while (true) {
      std::vector<Json> p;
      for (std::size_t j = 0; j < nf; ++j)
        p.push_back(levels[j][idx[j]]);
      points.push_back(std::move(p));
      std::size_t j = nf;
      while (j > 0 && ++idx[j - 1] == levels[j - 1].size())
        idx[--j] = 0;
      if (j == 0)
        break;
    }
    break;
  }
  case scenario::DesignKind::one_at_a_time: {
    std::vector<Json> base;
    for (const auto& f : factors)
      base.push_back(s.base.at(Json::json_pointer(f.path)));
    points.push_back(base);
    for (std::size_t j = 0; j < nf; ++j)
      for (const auto& v : factor_levels(factors[j]))
        if (v != base[j]) {
          auto p = base;
          p[j] = v;
          points.push_back(std::move(p));
        }
    break;
  }
  case scenario::DesignKind::latin_hypercube: {
    const auto n = static_cast<std::size_t>(s.sweep.design.samples);
    points.assign(n, std::vector<Json>(nf));
    for (std::size_t j = 0; j < nf; ++j) {
      RandomStream rng(derive_seed(s.sweep.design.seed, j, entity_id(factors[j].name)));
      std::vector<std::size_t> perm(n);
      std::iota(perm.begin(), perm.end(), std::size_t{0});
      for (std::size_t i = n; i > 1; --i) // Fisher-Yates on our own uniforms
        std::swap(perm[i - 1], perm[static_cast<std::size_t>(rng.uniform() * static_cast<double>(i))]);
      for (std::size_t i = 0; i < n; ++i)
        points[i][j] = factor_at(factors[j], (static_cast<double>(perm[i]) + rng.uniform()) / static_cast<double>(n));
    }
    break;
  }
  case scenario::DesignKind::sobol: {
    for (const auto& row : sobol_uniforms(s.sweep.design.samples, nf, s.sweep.design.seed)) {
      std::vector<Json> p;
      for (std::size_t j = 0; j < nf; ++j)
        p.push_back(factor_at(factors[j], row[j]));
      points.push_back(std::move(p));
    }
    break;
  }
  }
  return points;
}

std::vector<std::vector<double>> sobol_uniforms(int rows, std::size_t factors, std::uint64_t seed)
{
  std::vector<std::vector<double>> u;
  for (int i = 0; i < rows; ++i) {
    RandomStream rng(derive_seed(seed, static_cast<std::uint64_t>(i), entity_id("sweep/sobol")));
    std::vector<double> a(factors), b(factors);
    for (auto& x : a)
      x = rng.uniform();
    for (auto& x : b)
      x = rng.uniform();
    u.push_back(a);
    u.push_back(b);
    for (std::size_t j = 0; j < factors; ++j) {
      auto ab = a;
      ab[j] = b[j];
      u.push_back(std::move(ab));
    }
  }
  return u;
}

int base_point(const scenario::LoadedSweep& s, const std::vector<std::vector<Json>>& points)
{
  if (s.sweep.design.kind != scenario::DesignKind::grid)
    return 0;
  std::vector<Json> base;
  for (const auto& f : s.sweep.factors)
    base.push_back(s.base.at(Json::json_pointer(f.path)));
  for (std::size_t p = 0; p < points.size(); ++p) {
    bool same = true;
    for (std::size_t j = 0; j < base.size() && same; ++j)
      same = points[p][j] == base[j] ||
             (points[p][j].is_number() && base[j].is_number() && points[p][j].get<double>() == base[j].get<double>());
    if (same)
      return static_cast<int>(p);
  }
  return 0;
}

Json point_document(const scenario::LoadedSweep& s, const std::vector<Json>& point)
{
  Json doc = s.base;
  for (std::size_t j = 0; j < point.size(); ++j)
    doc[Json::json_pointer(s.sweep.factors[j].path)] = point[j];
  return doc;
}

} // namespace gigaline::sweep
