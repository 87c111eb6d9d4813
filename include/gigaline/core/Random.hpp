// gigaline/core/Random.hpp — reproducible random streams: one per (scenario seed, replication, entity).
// Every sampler is our own code on raw mt19937_64 output, so a seed gives the same numbers on every compiler.
#pragma once

#include <cstdint>
#include <random>
#include <string_view>

namespace gigaline {

/// Stream seed from (scenario seed, replication index, entity id) via splitmix64 mixing of all three.
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t replication, std::uint64_t entity);
/// Stable 64-bit id of a string (FNV-1a), to derive entity ids from names like "L1/stacking/m3".
std::uint64_t entity_id(std::string_view name);

/// A random stream with its own samplers. Invalid parameters (negative or non-finite means, negative cv,
/// shape <= 0, n < 0, p outside [0,1]) throw std::invalid_argument. Results depend only on the seed, the
/// sequence of calls and the C library's log/exp/sin/cos/pow/tgamma (correctly rounded in glibc).
class RandomStream {
public:
  explicit RandomStream(std::uint64_t seed = 1);
  RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t entity);

  std::uint64_t next_u64();
  double uniform();                                     ///< in the open interval (0,1), 53-bit resolution
  double exponential(double mean);                      ///< inverse CDF; mean >= 0
  double normal();                                      ///< standard normal, Box-Muller (caches the 2nd value)
  double lognormal_mean_cv(double mean, double cv);     ///< lognormal with that mean (> 0) and coefficient of variation
  double gamma_mean_cv(double mean, double cv);         ///< shape 1/cv^2; Marsaglia-Tsang, with the shape<1 boost
  double weibull_mean_shape(double mean, double shape); ///< scale = mean / tgamma(1 + 1/shape), inverse CDF
  /// Exact in distribution, always in [0, n]: inversion when min(p,1-p)*n < 10, else BTRD (Hörmann 1993).
  std::int64_t binomial(std::int64_t n, double p);

private:
  double gamma_unit(double shape); ///< Gamma(shape, scale 1)
  std::int64_t binomial_inversion(std::int64_t n, double p);
  std::int64_t binomial_btrd(std::int64_t n, double p);

  std::mt19937_64 gen_;
  double spare_normal_ = 0.0; ///< second Box-Muller value, valid when has_spare_normal_
  bool has_spare_normal_ = false;
};

} // namespace gigaline
