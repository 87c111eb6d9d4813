// gigaline/core/Stats.hpp — running statistics for KPIs: Welford moments, Student-t 95% intervals across
// replications, and time averages of piecewise-constant signals (queue lengths, WIP, machine states).
#pragma once

#include <cstddef>

namespace gigaline {

/// Running count, mean, variance, min and max (Welford's update); all are 0 while empty.
class Welford {
public:
  void add(double x);
  [[nodiscard]] std::size_t count() const { return n_; }
  [[nodiscard]] double mean() const { return mean_; }
  [[nodiscard]] double variance() const; ///< sample variance (n-1); 0 if n < 2
  [[nodiscard]] double stddev() const;
  [[nodiscard]] double min() const { return min_; }
  [[nodiscard]] double max() const { return max_; }

private:
  std::size_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0; ///< sum of squared deviations from the running mean
  double min_ = 0.0;
  double max_ = 0.0;
};

/// Two-sided 95% quantile of Student's t with df degrees of freedom (exact table for df 1..30, then a
/// Cornish-Fisher expansion converging to 1.959964). Throws std::invalid_argument on df == 0.
double student_t_975(std::size_t df);

struct Interval {
  double mean = 0, half_width = 0;
};

/// half_width = t_{0.975,n-1} * s / sqrt(n); 0 when n < 2.
Interval ci95(const Welford& w);

/// Time-average of a piecewise-constant signal. Times must not go backwards (std::invalid_argument).
class TimeWeighted {
public:
  void reset(double t, double value); ///< start (or restart after warm-up) at time t with this value
  void set(double t, double value);   ///< the signal changes to `value` at time t (t non-decreasing)
  [[nodiscard]] double value() const { return value_; }
  [[nodiscard]] double integral(double t_end) const; ///< integral from reset time to t_end (t_end >= last change)
  [[nodiscard]] double mean(double t_end) const;     ///< integral / (t_end - t_start); 0 if no time elapsed

private:
  double t_start_ = 0.0;
  double t_last_ = 0.0;   ///< time of the last change
  double value_ = 0.0;    ///< value since t_last_
  double integral_ = 0.0; ///< integral from t_start_ to t_last_
};

} // namespace gigaline
