// src/core/Stats.cpp — Welford's running moments, Student-t quantiles and confidence intervals, and time
// averages of piecewise-constant signals.
#include "gigaline/core/Stats.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace gigaline {

void Welford::add(double x)
{
  ++n_;
  if (n_ == 1) {
    mean_ = x;
    m2_ = 0.0;
    min_ = x;
    max_ = x;
    return;
  }
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(n_);
  m2_ += delta * (x - mean_);
  if (x < min_)
    min_ = x;
  if (x > max_)
    max_ = x;
}

double Welford::variance() const
{
  return n_ < 2 ? 0.0 : m2_ / static_cast<double>(n_ - 1);
}

double Welford::stddev() const
{
  return std::sqrt(variance());
}

double student_t_975(std::size_t df)
{
  static constexpr double table[30] = {12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851,
                                       2.364624252,  2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830,
                                       2.160368656,  2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040,
                                       2.093024054,  2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562,
                                       2.059538553,  2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456};
  if (df == 0)
    throw std::invalid_argument("student_t_975: df must be at least 1");
  if (df <= 30)
    return table[df - 1];
  // Cornish-Fisher expansion of the t quantile around the normal one (Abramowitz & Stegun 26.7.5); its error
  // is below 1e-7 from df = 30 on.
  const double z = 1.959963984540054;
  const double z2 = z * z;
  const double v = static_cast<double>(df);
  const double g1 = z * (z2 + 1.0) / 4.0;
  const double g2 = z * ((5.0 * z2 + 16.0) * z2 + 3.0) / 96.0;
  const double g3 = z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) / 384.0;
  const double g4 = z * ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) / 92160.0;
  return z + (g1 + (g2 + (g3 + g4 / v) / v) / v) / v;
}

Interval ci95(const Welford& w)
{
  Interval ci;
  ci.mean = w.mean();
  if (w.count() >= 2)
    ci.half_width = student_t_975(w.count() - 1) * w.stddev() / std::sqrt(static_cast<double>(w.count()));
  return ci;
}

namespace {
void require_not_before(double t, double t_last, const char* what)
{
  if (!(t >= t_last))
    throw std::invalid_argument(std::string("TimeWeighted::") + what + ": time " + std::to_string(t) +
                                " is before the last change at " + std::to_string(t_last));
}
} // namespace

void TimeWeighted::reset(double t, double value)
{
  t_start_ = t;
  t_last_ = t;
  value_ = value;
  integral_ = 0.0;
}

void TimeWeighted::set(double t, double value)
{
  require_not_before(t, t_last_, "set");
  integral_ += value_ * (t - t_last_);
  t_last_ = t;
  value_ = value;
}

double TimeWeighted::integral(double t_end) const
{
  require_not_before(t_end, t_last_, "integral");
  return integral_ + value_ * (t_end - t_last_);
}

double TimeWeighted::mean(double t_end) const
{
  const double elapsed = t_end - t_start_;
  return elapsed > 0.0 ? integral(t_end) / elapsed : 0.0;
}

} // namespace gigaline
