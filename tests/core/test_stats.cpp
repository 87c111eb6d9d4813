// tests/core/test_stats.cpp — running statistics: Welford against a two-pass computation, Student-t quantiles,
// 95% confidence intervals, and time averages of a hand-computed step signal.
#include "gigaline/core/Random.hpp"
#include "gigaline/core/Stats.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

using gigaline::ci95;
using gigaline::student_t_975;
using gigaline::TimeWeighted;
using gigaline::Welford;

TEST_CASE("Welford matches a two-pass computation", "[quick][stats]")
{
  Welford empty;
  CHECK(empty.count() == 0);
  CHECK(empty.mean() == 0.0);
  CHECK(empty.variance() == 0.0);
  CHECK(empty.min() == 0.0);
  CHECK(empty.max() == 0.0);

  Welford one;
  one.add(-3.5);
  CHECK(one.count() == 1);
  CHECK(one.mean() == -3.5);
  CHECK(one.variance() == 0.0);
  CHECK(one.min() == -3.5);
  CHECK(one.max() == -3.5);

  // A large offset with a small spread is where the naive sum-of-squares formula loses every digit.
  gigaline::RandomStream rng(99);
  std::vector<double> xs;
  Welford w;
  for (int i = 0; i < 10'000; ++i) {
    xs.push_back(1e9 + 3.0 * rng.normal());
    w.add(xs.back());
  }
  double mean = 0;
  for (double x : xs)
    mean += x;
  mean /= static_cast<double>(xs.size());
  double ss = 0;
  for (double x : xs)
    ss += (x - mean) * (x - mean);
  const double variance = ss / static_cast<double>(xs.size() - 1);

  CHECK(w.count() == xs.size());
  CHECK(w.mean() == Approx(mean).epsilon(1e-14));
  CHECK(w.variance() == Approx(variance).epsilon(1e-8));
  CHECK(w.stddev() == Approx(std::sqrt(variance)).epsilon(1e-8));
  CHECK(w.min() == *std::min_element(xs.begin(), xs.end()));
  CHECK(w.max() == *std::max_element(xs.begin(), xs.end()));
}

TEST_CASE("Student t 97.5% quantiles", "[quick][stats]")
{
  CHECK(student_t_975(1) == Approx(12.706).margin(5e-4));
  CHECK(student_t_975(2) == Approx(4.303).margin(5e-4));
  CHECK(student_t_975(10) == Approx(2.228).margin(5e-4));
  CHECK(student_t_975(30) == Approx(2.0423).margin(5e-5));
  CHECK(student_t_975(40) == Approx(2.021075).margin(1e-6));
  CHECK(student_t_975(120) == Approx(1.979930).margin(1e-6));
  CHECK(student_t_975(1000) == Approx(1.962339).margin(1e-6));
  CHECK(student_t_975(100'000'000) == Approx(1.959964).margin(1e-6));
  std::size_t first_not_decreasing = 0; // the quantile decreases with df, also across the table's end at 30
  for (std::size_t df = 1; df < 2000 && first_not_decreasing == 0; ++df)
    if (!(student_t_975(df + 1) < student_t_975(df)))
      first_not_decreasing = df;
  CHECK(first_not_decreasing == 0);
  CHECK_THROWS_AS(student_t_975(0), std::invalid_argument);
}

TEST_CASE("95% confidence interval of a known sample", "[quick][stats]")
{
  Welford w;
  for (double x : {1.0, 2.0, 3.0, 4.0, 5.0})
    w.add(x);
  const auto ci = ci95(w);
  CHECK(ci.mean == 3.0);
  // s = sqrt(2.5), t(4) = 2.776445: 2.776445 * sqrt(2.5) / sqrt(5) = 1.963243
  CHECK(ci.half_width == Approx(1.963243).margin(1e-6));

  Welford single;
  single.add(7.0);
  CHECK(ci95(single).mean == 7.0);
  CHECK(ci95(single).half_width == 0.0);
  CHECK(ci95(Welford{}).half_width == 0.0);
}

TEST_CASE("time-weighted average of a step signal, with a warm-up reset", "[quick][stats]")
{
  TimeWeighted tw;
  tw.reset(0.0, 2.0);
  CHECK(tw.mean(0.0) == 0.0); // no time elapsed
  tw.set(3.0, 5.0);
  tw.set(4.0, 0.0);
  tw.set(4.0, 7.0); // two changes at the same instant: the 0 lasts no time
  tw.set(6.0, 1.0);
  CHECK(tw.value() == 1.0);
  // 2*3 + 5*1 + 7*2 + 1*4 = 29 over [0, 10]
  CHECK(tw.integral(6.0) == Approx(25.0));
  CHECK(tw.integral(10.0) == Approx(29.0));
  CHECK(tw.mean(10.0) == Approx(2.9));

  // Warm-up ends at 10: restart with the current value; only what follows counts.
  tw.reset(10.0, tw.value());
  CHECK(tw.integral(10.0) == 0.0);
  CHECK(tw.mean(10.0) == 0.0);
  tw.set(13.0, 4.0);
  // 1*3 + 4*5 = 23 over [10, 18]
  CHECK(tw.integral(18.0) == Approx(23.0));
  CHECK(tw.mean(18.0) == Approx(23.0 / 8.0));
  CHECK(tw.value() == 4.0);

  CHECK_THROWS_AS(tw.set(12.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(tw.integral(12.0), std::invalid_argument);
}
