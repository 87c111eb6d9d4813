// tests/model/test_sampling.cpp — the line model's random draws without the engine: lot times, failure and
// repair times, defects, against their closed forms (exact for deterministic times, moments otherwise).
#include "gigaline/model/Sampling.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

using namespace gigaline;
using scenario::Dist;

namespace {
double mean_of(int n, const std::function<double()>& draw)
{
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += draw();
  return sum / n;
}
} // namespace

TEST_CASE("a deterministic lot takes its changeover plus its cells at the current speed", "[quick]")
{
  RandomStream rng(1);
  model::LotTiming t{2.0, 600.0, Dist::deterministic, 0.0, 0.5};
  CHECK(model::lot_time(rng, t, 100) == 600.0 + 100 * 2.0 / 0.5);
  // a formation tray (no per-cell time) takes its formation time, slowed as a whole
  model::LotTiming tray{0.0, 36000.0, Dist::deterministic, 0.0, 0.8};
  CHECK(model::lot_time(rng, tray, 250) == 36000.0 / 0.8);
}

TEST_CASE("random lot times have the mean of their cells' times and a cv shrinking as one over root cells", "[quick]")
{
  RandomStream rng(7);
  const int n = 200000;
  for (Dist d : {Dist::exponential, Dist::lognormal, Dist::gamma}) {
    model::LotTiming t{3.0, 0.0, d, d == Dist::exponential ? 1.0 : 0.4, 1.0};
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; ++i) {
      const double x = model::lot_time(rng, t, 16);
      sum += x;
      sum2 += x * x;
    }
    const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
    CHECK(mean == Approx(48.0).epsilon(0.005));
    CHECK(sd / mean == Approx(t.cv / 4.0).epsilon(0.02));
  }
}

TEST_CASE("times to failure and repair have the requested mean in every family", "[quick]")
{
  RandomStream rng(3);
  CHECK(mean_of(200000, [&] { return model::draw_duration(rng, Dist::exponential, 5.0, 1.0, 1.0); }) ==
        Approx(5.0).epsilon(0.01));
  CHECK(mean_of(200000, [&] { return model::draw_duration(rng, Dist::weibull, 5.0, 2.5, 1.0); }) ==
        Approx(5.0).epsilon(0.01));
  CHECK(mean_of(200000, [&] { return model::draw_duration(rng, Dist::lognormal, 5.0, 1.0, 0.5); }) ==
        Approx(5.0).epsilon(0.01));
}

TEST_CASE("defects are binomial per cell, or whole modules at module assembly", "[quick]")
{
  RandomStream rng(11);
  CHECK(model::draw_defects(rng, 1000, 0.0, 0) == 0);
  CHECK(model::draw_defects(rng, 1000, 1.0, 0) == 1000);
  CHECK(mean_of(20000, [&] { return static_cast<double>(model::draw_defects(rng, 1000, 0.05, 0)); }) ==
        Approx(50.0).epsilon(0.01));
  for (int i = 0; i < 100; ++i) // 10 modules of 24 cells: defects come in multiples of 24
    CHECK(model::draw_defects(rng, 240, 0.3, 10) % 24 == 0);
  CHECK(mean_of(20000, [&] { return static_cast<double>(model::draw_defects(rng, 240, 0.3, 10)); }) ==
        Approx(72.0).epsilon(0.01));
}
