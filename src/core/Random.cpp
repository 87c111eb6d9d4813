// src/core/Random.cpp — seed derivation and samplers written on raw mt19937_64 output (no std:: distributions,
// whose algorithms differ between standard libraries), so that results are bit-identical across compilers.
#include "gigaline/core/Random.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

// Fused multiply-adds would change the last bits of results depending on the compiler and target: keep them off.
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

namespace gigaline {

namespace {

constexpr double two_pi = 6.283185307179586476925286766559;

std::uint64_t splitmix64(std::uint64_t x)
{
  std::uint64_t z = x + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

void require(bool ok, const char* what, double value)
{
  if (!ok)
    throw std::invalid_argument(std::string("RandomStream: invalid ") + what + " " + std::to_string(value));
}

/// fc(k) = ln k! - (k + 1/2) ln(k + 1) + (k + 1) - ln(2 pi) / 2, the Stirling remainder used by BTRD.
double stirling_correction(std::int64_t k)
{
  static constexpr double table[10] = {
      0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509,  0.01664469118982119,
      0.01387612882307075, 0.01189670994589177, 0.01041126526197209, 0.009255462182712733, 0.008330563433362871};
  if (k < 10)
    return table[k];
  const double k1 = static_cast<double>(k) + 1.0;
  const double k1sq = k1 * k1;
  return (1.0 / 12.0 - (1.0 / 360.0 - 1.0 / 1260.0 / k1sq) / k1sq) / k1;
}

} // namespace

std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t replication, std::uint64_t entity)
{
  // Each step is a bijection of its last input, so distinct replications (or entities) never share a seed.
  std::uint64_t h = splitmix64(seed);
  h = splitmix64(h ^ replication);
  return splitmix64(h ^ entity);
}

std::uint64_t entity_id(std::string_view name)
{
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

RandomStream::RandomStream(std::uint64_t seed) : gen_(seed) {}

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t entity)
    : gen_(derive_seed(seed, replication, entity))
{
}

std::uint64_t RandomStream::next_u64()
{
  return gen_();
}

double RandomStream::uniform()
{
  // k / 2^53 with k in [1, 2^53): exact, strictly inside (0,1); k == 0 (probability 2^-53) is redrawn.
  std::uint64_t k;
  do
    k = gen_() >> 11;
  while (k == 0);
  return static_cast<double>(k) * 0x1.0p-53;
}

double RandomStream::exponential(double mean)
{
  require(mean >= 0 && std::isfinite(mean), "exponential mean", mean);
  return -mean * std::log(uniform());
}

double RandomStream::normal()
{
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  const double r = std::sqrt(-2.0 * std::log(uniform()));
  const double angle = two_pi * uniform();
  spare_normal_ = r * std::sin(angle);
  has_spare_normal_ = true;
  return r * std::cos(angle);
}

double RandomStream::lognormal_mean_cv(double mean, double cv)
{
  require(mean > 0 && std::isfinite(mean), "lognormal mean", mean);
  require(cv >= 0 && std::isfinite(cv), "lognormal cv", cv);
  if (cv == 0)
    return mean;
  const double sigma2 = std::log1p(cv * cv);
  const double mu = std::log(mean) - 0.5 * sigma2;
  return std::exp(mu + std::sqrt(sigma2) * normal());
}

double RandomStream::gamma_unit(double shape)
{
  if (shape < 1.0) {
    // Boost: if G ~ Gamma(shape + 1) and U ~ U(0,1), then G * U^(1/shape) ~ Gamma(shape).
    const double g = gamma_unit(shape + 1.0);
    return g * std::exp(std::log(uniform()) / shape);
  }
  // Marsaglia & Tsang (2000), "A simple method for generating gamma variables".
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x;
    double v;
    do {
      x = normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = uniform();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2)
      return d * v;
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v)))
      return d * v;
  }
}

double RandomStream::gamma_mean_cv(double mean, double cv)
{
  require(mean >= 0 && std::isfinite(mean), "gamma mean", mean);
  require(cv >= 0 && std::isfinite(cv), "gamma cv", cv);
  if (cv == 0 || mean == 0)
    return mean;
  const double cv2 = cv * cv;
  return mean * cv2 * gamma_unit(1.0 / cv2); // shape 1/cv^2, scale mean*cv^2
}

double RandomStream::weibull_mean_shape(double mean, double shape)
{
  require(mean >= 0 && std::isfinite(mean), "weibull mean", mean);
  require(shape > 0 && std::isfinite(shape), "weibull shape", shape);
  const double scale = mean / std::tgamma(1.0 + 1.0 / shape);
  return scale * std::pow(-std::log(uniform()), 1.0 / shape);
}

std::int64_t RandomStream::binomial(std::int64_t n, double p)
{
  if (n < 0)
    throw std::invalid_argument("RandomStream: invalid binomial n " + std::to_string(n));
  require(p >= 0 && p <= 1, "binomial p", p); // also rejects NaN
  if (n == 0 || p == 0)
    return 0;
  if (p == 1)
    return n;
  if (p > 0.5) // 1 - p is exact here (Sterbenz)
    return n - binomial(n, 1.0 - p);
  if (static_cast<double>(n) * p < 10.0)
    return binomial_inversion(n, p);
  return binomial_btrd(n, p);
}

std::int64_t RandomStream::binomial_inversion(std::int64_t n, double p)
{
  // Sequential search from 0 with P(k+1)/P(k) = ((n+1)/(k+1) - 1) * p/q; expected n*p + 1 < 11 steps.
  const double s = p / (1.0 - p);
  const double a = (static_cast<double>(n) + 1.0) * s;
  const double p0 = std::exp(static_cast<double>(n) * std::log1p(-p)); // q^n >= e^-10 for n*p < 10, p <= 1/2
  for (;;) {
    double u = uniform();
    double pk = p0;
    std::int64_t k = 0;
    while (u > pk) {
      u -= pk;
      ++k;
      if (k > n)
        break; // u exceeded the rounded total mass (probability ~1e-16): draw again
      pk *= a / static_cast<double>(k) - s;
    }
    if (k <= n)
      return k;
  }
}

std::int64_t RandomStream::binomial_btrd(std::int64_t n, double p)
{
  // W. Hörmann (1993), "The generation of binomial random variates", J. Stat. Comput. Simul. 46, algorithm BTRD:
  // transformed rejection with a squeeze, exact for n*p >= 10 and p <= 1/2.
  const double nd = static_cast<double>(n);
  const double q = 1.0 - p;
  const auto m = static_cast<std::int64_t>(std::floor((nd + 1.0) * p));
  const double md = static_cast<double>(m);
  const double r = p / q;
  const double nr = (nd + 1.0) * r;
  const double npq = nd * p * q;
  const double sqrt_npq = std::sqrt(npq);
  const double b = 1.15 + 2.53 * sqrt_npq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = nd * p + 0.5;
  const double alpha = (2.83 + 5.1 / b) * sqrt_npq;
  const double v_r = 0.92 - 4.2 / b;
  const double u_rv_r = 0.86 * v_r;
  // Candidates are floor()ed doubles; beyond 2^53 they are inexact, so the final k <= n check stays in integers.
  const double kd_max = std::min(nd, 0x1.fffffffffffffp62); // below 2^63: the conversion to int64 is defined

  for (;;) {
    // Step 1: immediate acceptance in the central part of the hat.
    double v = uniform();
    double u;
    if (v <= u_rv_r) {
      u = v / v_r - 0.43;
      const double kd = std::floor((2.0 * a / (0.5 - std::fabs(u)) + b) * u + c);
      if (kd >= 0.0 && kd <= kd_max && static_cast<std::int64_t>(kd) <= n) // always true when n*p >= 10
        return static_cast<std::int64_t>(kd);
      continue;
    }
    // Step 2: a point (u, v) under the hat.
    if (v >= v_r) {
      u = uniform() - 0.5;
    } else {
      u = v / v_r - 0.93;
      u = (u < 0.0 ? -0.5 : 0.5) - u;
      v = uniform() * v_r;
    }
    // Step 3.0
    const double us = 0.5 - std::fabs(u);
    if (us <= 0.0)
      continue;
    const double kd = std::floor((2.0 * a / us + b) * u + c);
    if (kd < 0.0 || kd > kd_max || static_cast<std::int64_t>(kd) > n)
      continue;
    const auto k = static_cast<std::int64_t>(kd);
    v = v * alpha / (a / (us * us) + b);
    const std::int64_t km = k > m ? k - m : m - k;
    if (km <= 15) {
      // Step 3.1: f(k)/f(m) by the recursion f(i)/f(i-1) = nr/i - r.
      double f = 1.0;
      if (m < k) {
        for (std::int64_t i = m + 1; i <= k; ++i)
          f *= nr / static_cast<double>(i) - r;
      } else if (m > k) {
        for (std::int64_t i = k + 1; i <= m; ++i)
          v *= nr / static_cast<double>(i) - r;
      }
      if (v <= f)
        return k;
      continue;
    }
    // Step 3.2: squeeze on log f(k)/f(m).
    v = std::log(v);
    const double kmd = static_cast<double>(km);
    const double rho = (kmd / npq) * (((kmd / 3.0 + 0.625) * kmd + 1.0 / 6.0) / npq + 0.5);
    const double t = -kmd * kmd / (2.0 * npq);
    if (v < t - rho)
      return k;
    if (v > t + rho)
      continue;
    // Steps 3.3 and 3.4: final test with Stirling's formula.
    const double nm = nd - md + 1.0;
    const double h = (md + 0.5) * std::log((md + 1.0) / (r * nm)) + stirling_correction(m) + stirling_correction(n - m);
    const double nk = nd - kd + 1.0;
    if (v <= h + (nd + 1.0) * std::log(nm / nk) + (kd + 0.5) * std::log(nk * r / (kd + 1.0)) - stirling_correction(k) -
                 stirling_correction(n - k))
      return k;
  }
}

} // namespace gigaline
