// tests/sweep/test_analysis.cpp — the analyses of sweep results: paired and unpaired differences from the base, the
// tornado's order, SRC and PRCC of a known linear function, Sobol indices of the Ishigami function.
#include "gigaline/core/Error.hpp"
#include "gigaline/sweep/Analysis.hpp"
#include "gigaline/sweep/Design.hpp"
#include "gigaline/sweep/ResultsDb.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <unistd.h>

using namespace gigaline;
namespace fs = std::filesystem;

namespace {

std::string scratch(const std::string& name)
{
  const auto dir = fs::temp_directory_path() / ("gigaline-test-analysis-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

const std::vector<double> base_values = {10, 12, 11, 13};
const std::vector<double> point_values = {10.5, 12.9, 11.2, 13.8}; // differences 0.5 0.9 0.2 0.8

/// A one-at-a-time database: base (f=1, g=a), f=2, f=3, g=b; KPI y per replication, seeds shared or not.
std::string oat_db(const std::string& dir, bool common)
{
  sweep::SweepMeta m;
  m.sweep_name = "oat";
  m.sweep_hash = common ? "00000000000000aa" : "00000000000000bb";
  m.gigaline_version = "0.1.0";
  m.points = 4;
  m.replications = 4;
  m.factor_names = {"f", "g"};
  m.point_values = {{1, "a"}, {2, "a"}, {3, "a"}, {1, "b"}};
  m.kpi_names = {"y"};
  m.design = "one_at_a_time";
  m.base_point = 0;
  const std::string path = dir + (common ? "/crn.sqlite" : "/indep.sqlite");
  sweep::ResultsDb db(path, m);
  std::vector<sweep::RunRecord> runs;
  for (int p = 0; p < 4; ++p)
    for (int r = 0; r < 4; ++r) {
      sweep::RunRecord rec;
      rec.point = p;
      rec.replication = r;
      rec.seed = common ? 7 : 100 + static_cast<std::uint64_t>(p);
      const double shift[] = {0, 0, 2, -0.1}; // point 2: f=3 is +2 above point 1's effect
      rec.kpis = {p == 0 ? base_values[static_cast<std::size_t>(r)]
                         : point_values[static_cast<std::size_t>(r)] + shift[p]};
      runs.push_back(rec);
    }
  db.write(runs);
  return path;
}

} // namespace

TEST_CASE("paired differences equal the per-replication differences' mean and interval", "[quick][sweep]")
{
  const auto d = sweep::paired_difference(point_values, base_values);
  CHECK(d.n == 4);
  CHECK(d.mean == Approx(0.6).epsilon(1e-12));
  // sd of (0.5, 0.9, 0.2, 0.8) is sqrt(0.1); t(0.975, 3) = 3.182446305
  CHECK(d.half_width == Approx(3.182446305284263 * std::sqrt(0.1) / 2).epsilon(1e-9));
  // a missing replication drops its pair
  const auto gap = sweep::paired_difference({10.5, NAN, 11.2, 13.8}, base_values);
  CHECK(gap.n == 3);
  CHECK(gap.mean == Approx((0.5 + 0.2 + 0.8) / 3).epsilon(1e-12));

  // Welch: s1^2 = 2.3, s2^2 = 5/3, each over 4; df 5.85 -> 5, t = 2.570581836
  const auto u = sweep::unpaired_difference(point_values, base_values);
  CHECK_FALSE(u.paired);
  CHECK(u.mean == Approx(0.6).epsilon(1e-12));
  CHECK(u.half_width == Approx(2.570581835636314 * std::sqrt(2.3 / 4 + 5.0 / 12)).epsilon(1e-9));
  CHECK(u.half_width > 5 * d.half_width); // the pairing removes the shared noise

  const auto dir = scratch("vsbase");
  const auto crn = sweep::vs_base_json(sweep::read_runs(oat_db(dir, true)));
  CHECK(crn["paired"] == true);
  REQUIRE(crn["rows"].size() == 3);
  const auto& r1 = crn["rows"][0];
  CHECK(r1["point"] == 1);
  CHECK(r1["changed"] == nlohmann::json{"f"});
  CHECK(r1["diff"][0]["mean"].get<double>() == Approx(0.6).epsilon(1e-12));
  CHECK(r1["diff"][0]["ci95"].get<double>() == Approx(d.half_width).epsilon(1e-12));
  CHECK(r1["diff"][0]["n"] == 4);
  // tornado: f (levels 2 and 3: +0.6, +2.6, span 2.6) before g (one level: +0.5, span 0.5)
  const auto& t = crn["tornado"][0];
  REQUIRE(t.size() == 2);
  CHECK(t[0]["factor"] == "f");
  CHECK(t[0]["span"].get<double>() == Approx(2.6).epsilon(1e-12));
  CHECK(t[0]["levels"][1]["value"] == 3);
  CHECK(t[0]["levels"][1]["mean"].get<double>() == Approx(2.6).epsilon(1e-12));
  CHECK(t[1]["factor"] == "g");
  CHECK(t[1]["levels"][0]["mean"].get<double>() == Approx(0.5).epsilon(1e-12));

  // common random numbers off: every point has its own seed, the interval is Welch's and says so
  const auto indep = sweep::vs_base_json(sweep::read_runs(oat_db(dir, false)));
  CHECK(indep["paired"] == false);
  CHECK(indep["rows"][0]["diff"][0]["ci95"].get<double>() == Approx(u.half_width).epsilon(1e-12));
  std::ostringstream out;
  sweep::print_vs_base(dir + "/indep.sqlite", {}, out);
  CHECK(out.str().find("unpaired (Welch)") != std::string::npos);
  std::ostringstream paired;
  sweep::print_vs_base(dir + "/crn.sqlite", {}, paired);
  INFO(paired.str());
  CHECK(paired.str().find("0 (base)") != std::string::npos);
  CHECK(paired.str().find("f=2  +0.6000 +/- 0.5032") != std::string::npos);
  // a one-at-a-time design has no sensitivity indices
  CHECK_THROWS_WITH(sweep::print_sensitivity(dir + "/crn.sqlite", {}, out),
                    Catch::Contains("[sweep.E418] --sensitivity:"));
  fs::remove_all(dir);
}

TEST_CASE("SRC and PRCC of a linear function are its standardized slopes and near-perfect rank correlations",
          "[quick][sweep]")
{
  // y = 3 x1 + x2 + 0 x3 on independent uniforms: SRC = (3, 1, 0) / sqrt(10) up to the sample's correlations
  const auto u = sweep::sobol_uniforms(200, 3, 11);
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  for (std::size_t i = 0; i < u.size(); i += 5) { // the A rows: independent points
    x.push_back(u[i]);
    y.push_back(3 * u[i][0] + u[i][1]);
  }
  const auto r = sweep::regression_sensitivity(x, y);
  CHECK(r.n == 200);
  CHECK(r.r2 == Approx(1).epsilon(1e-12));
  CHECK(r.src[0] == Approx(3 / std::sqrt(10.0)).margin(0.05));
  CHECK(r.src[1] == Approx(1 / std::sqrt(10.0)).margin(0.05));
  CHECK(std::abs(r.src[2]) < 1e-9);
  CHECK(r.prcc[0] > 0.95);
  CHECK(r.prcc[1] > 0.7);
  CHECK(std::abs(r.prcc[2]) < 0.15);
}

TEST_CASE("Sobol indices of the Ishigami function: the bootstrap intervals hold the analytic values", "[quick][sweep]")
{
  // f = sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1 on [-pi, pi]^3 (Ishigami and Homma 1990)
  const double a = 7, b = 0.1, pi = std::acos(-1.0);
  const double v1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2), v2 = a * a / 8,
               v13 = std::pow(b, 2) * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50), v = v1 + v2 + v13;
  const std::vector<double> s1 = {v1 / v, v2 / v, 0}, st = {(v1 + v13) / v, v2 / v, v13 / v};
  // 0.3139 0.4424 0, totals 0.5576 0.4424 0.2437
  CHECK(s1[0] == Approx(0.3139).margin(1e-4));
  CHECK(st[2] == Approx(0.2437).margin(1e-4));
  // 20 independent designs of N = 4096 rows (N x 5 = 20,480 evaluations each): a 95 % interval may miss now and
  // then (one of six indices in a quarter of the designs), so each index's interval must hold its analytic value in
  // at least 17 of the 20 designs, and the estimates average to it
  const int n = 4096, designs = 20;
  std::vector<int> first_in(3, 0), total_in(3, 0);
  std::vector<double> first_sum(3, 0), total_sum(3, 0);
  for (int seed = 1; seed <= designs; ++seed) {
    std::vector<double> f;
    for (const auto& u : sweep::sobol_uniforms(n, 3, static_cast<std::uint64_t>(seed))) {
      const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
      f.push_back(std::sin(x1) + a * std::pow(std::sin(x2), 2) + b * std::pow(x3, 4) * std::sin(x1));
    }
    REQUIRE(f.size() == static_cast<std::size_t>(n) * 5);
    const auto s = sweep::sobol_indices(f, 3);
    CHECK(s.rows == static_cast<std::size_t>(n));
    for (std::size_t j = 0; j < 3; ++j) {
      INFO("design " << seed << ", factor " << j + 1 << ": S1 " << s.first[j] << " [" << s.first_lo[j] << ", "
                     << s.first_hi[j] << "] analytic " << s1[j] << "; ST " << s.total[j] << " [" << s.total_lo[j]
                     << ", " << s.total_hi[j] << "] analytic " << st[j]);
      first_in[j] += s.first_lo[j] <= s1[j] && s1[j] <= s.first_hi[j] ? 1 : 0;
      total_in[j] += s.total_lo[j] <= st[j] && st[j] <= s.total_hi[j] ? 1 : 0;
      first_sum[j] += s.first[j];
      total_sum[j] += s.total[j];
      CHECK(s.first_hi[j] - s.first_lo[j] < 0.15); // and the intervals say something
      CHECK(s.total_hi[j] - s.total_lo[j] < 0.15);
    }
  }
  for (std::size_t j = 0; j < 3; ++j) {
    INFO("factor " << j + 1 << ": S1 in its interval in " << first_in[j] << " of " << designs << " designs, mean "
                   << first_sum[j] / designs << " (analytic " << s1[j] << "); ST in " << total_in[j] << ", mean "
                   << total_sum[j] / designs << " (analytic " << st[j] << ")");
    CHECK(first_in[j] >= 17);
    CHECK(total_in[j] >= 17);
    CHECK(first_sum[j] / designs == Approx(s1[j]).margin(0.015));
    CHECK(total_sum[j] / designs == Approx(st[j]).margin(0.01));
  }
  WARN("Ishigami, 20 designs of 4096 rows: S1 in interval "
       << first_in[0] << "/" << first_in[1] << "/" << first_in[2] << ", ST " << total_in[0] << "/" << total_in[1] << "/"
       << total_in[2] << "; mean S1 " << first_sum[0] / designs << " " << first_sum[1] / designs << " "
       << first_sum[2] / designs << ", mean ST " << total_sum[0] / designs << " " << total_sum[1] / designs << " "
       << total_sum[2] / designs);
}
