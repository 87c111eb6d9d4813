// tests/plants/test_plants.cpp — the three Battery Valley plant scenarios: each runs (shortened) with
// cells conserved, and the committed calibration reproduces every public observation within 2 sigma.
#include "gigaline/report/Observations.hpp"
#include "gigaline/report/Summary.hpp"
#include "gigaline/run/Replications.hpp"
#include "gigaline/scenario/Loader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>

using namespace gigaline;

namespace {
const std::string src = GIGALINE_SOURCE_DIR;
const char* const plants[] = {"acc_billy_berclau", "aesc_douai", "verkor_bourbourg"};

scenario::Scenario load(const std::string& plant, const std::vector<std::string>& sets = {})
{
  return scenario::load_scenario_file(src + "/scenarios/" + plant + ".json", sets);
}
} // namespace

TEST_CASE("each plant scenario runs a shortened horizon with cells conserved", "[quick][plants]")
{
  for (const std::string plant : plants) {
    INFO(plant);
    const auto s = load(plant, {"/calendar/horizon_days=400", "/run/replications=2"});
    const auto sum = report::summarise(s, run::run_replications(s));
    CHECK(sum.totals.at("cells_good").mean > 0);
    for (const auto& rep : sum.per_replication)
      CHECK(std::abs(rep.conservation_error) < 1e-6);
    const double started = sum.totals.at("cells_started").mean;
    const double accounted =
        sum.totals.at("cells_good").mean + sum.totals.at("cells_scrapped").mean + sum.totals.at("cells_wip_end").mean;
    CHECK(std::abs(started - accounted) <= 1e-6 * started);
  }
}

TEST_CASE("each plant cites a source for every observation and marks its assumptions", "[quick][plants]")
{
  for (const std::string plant : plants) {
    INFO(plant);
    const auto s = load(plant);
    std::set<std::string> assumptions, published;
    for (const auto& src_entry : s.sources)
      (src_entry.kind == scenario::SourceKind::assumption ? assumptions : published).insert(src_entry.id);
    CHECK(!assumptions.empty());
    CHECK(!published.empty());
    CHECK(!s.observations.empty());
    // Verkor publishes no output or scrap figure: a projection by analogy fits nothing, its parameters are
    // ranges a forecast draws from; the calibrated plants carry their fit's posterior
    const bool projection = plant == std::string("verkor_bourbourg");
    CHECK(!s.calibration.parameters.empty());
    CHECK(s.calibration.posterior.has_value() == !projection);
    for (const auto& o : s.observations) {
      CHECK((assumptions.count(o.source) + published.count(o.source)) == 1);
      if (projection)
        CHECK_FALSE(o.fit);
      // a plan is at most a bound
      if (o.basis == scenario::Basis::plan)
        CHECK(o.bound != scenario::Bound::point);
    }
  }
}

TEST_CASE("no committed fitted parameter rests on a bound of its range", "[quick][plants]")
{
  for (const std::string plant : plants) {
    const auto doc = scenario::load_scenario_document(src + "/scenarios/" + plant + ".json", {});
    const auto s = scenario::from_json(doc, plant);
    if (!s.calibration.posterior)
      continue; // ranges of a projection, not fitted values
    for (const auto& p : s.calibration.parameters) {
      const double v = scenario::number_at(doc, p.path);
      const double x = p.log ? std::log(v) : v, lo = p.log ? std::log(p.min) : p.min,
                   hi = p.log ? std::log(p.max) : p.max;
      INFO(plant << " " << p.path << " = " << v << " in [" << p.min << ", " << p.max << "]");
      CHECK((x - lo) / (hi - lo) > 0.03);
      CHECK((hi - x) / (hi - lo) > 0.03);
    }
  }
}

TEST_CASE("the calibrated plants reproduce every observation within two standard deviations", "[slow][plants]")
{
  // the fit of docs/scenarios/<plant>.md: calibration.replications replications at the scenario's seed
  for (const std::string plant : plants) {
    auto s = load(plant);
    s.run.replications = s.calibration.replications;
    const auto fits = report::compare_observations(s, run::run_replications(s));
    REQUIRE(fits.size() == s.observations.size());
    for (const auto& f : fits) {
      INFO(plant << " " << f.id << ": observed " << report::observed_text(f) << ", simulated " << f.simulated.mean
                 << ", z " << f.z);
      CHECK(f.covered);
      if (f.fit) // a figure shown but not fitted is compared in the plant's doc
        CHECK(std::abs(f.z) <= 2.0);
    }
  }
}
