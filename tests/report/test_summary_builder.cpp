// tests/report/test_summary_builder.cpp — a run's summary built one replication at a time: the same bits as
// holding every replication, packed or not, whatever the number of worker processes; what it keeps; bad packs.
#include "gigaline/core/Error.hpp"
#include "gigaline/report/Html.hpp"
#include "gigaline/report/SummaryBuilder.hpp"
#include "gigaline/run/Replications.hpp"
#include "gigaline/scenario/Loader.hpp"

#include "support/TestSupport.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace gigaline;

namespace {
const std::string src = GIGALINE_SOURCE_DIR;

scenario::Scenario plant(int replications)
{
  return scenario::load_scenario_file(src + "/scenarios/aesc_douai.json",
                                      {"/run/replications=" + std::to_string(replications)});
}

/// summary.json without the engine's wall time (the one figure that is not the model's).
std::string text_of(const report::Summary& sum)
{
  auto j = report::to_json(sum);
  j.erase("engine");
  return j.dump();
}
} // namespace

TEST_CASE("a summary built replication by replication equals the one of every replication held", "[quick][report]")
{
  const auto s = plant(3);
  const auto results = run::run_replications(s);
  const auto held = report::summarise(s, results);

  report::SummaryBuilder streamed(s, report::KeepPerReplication::totals);
  for (const auto& r : results)
    streamed.add_packed(report::SummaryBuilder::pack(s, r));
  CHECK(streamed.replications() == 3);
  const auto sum = streamed.finish();
  CHECK(text_of(sum) == text_of(held));
  CHECK(report::monthly_csv(sum) == report::monthly_csv(held));
  CHECK(report::stations_csv(sum) == report::stations_csv(held));
  CHECK(report::stations_monthly_csv(sum) == report::stations_monthly_csv(held));
  CHECK(report::lines_monthly_csv(sum) == report::lines_monthly_csv(held));
  CHECK(sum.events == held.events);

  // what stays of a replication: its totals (per_replication of summary.json), its months only when asked
  REQUIRE(sum.per_replication.size() == 3);
  CHECK(sum.per_replication[1].totals == held.per_replication[1].totals);
  CHECK(sum.per_replication[1].months.empty());
  CHECK(sum.per_replication[1].station_months.empty());
  CHECK(held.per_replication[1].months.size() == held.month_of.size());
  CHECK(held.per_replication[1].station_months.empty());
}

TEST_CASE("replications run by worker processes give the same bits for any number of them", "[quick][report]")
{
  const auto s = plant(5);
  auto with_jobs = [&](int jobs) {
    report::SummaryBuilder b(s, report::KeepPerReplication::months);
    std::vector<int> progress;
    run::for_each_replication(
        s, jobs, [&](const run::ReplicationResult& r) { return report::SummaryBuilder::pack(s, r); },
        [&](std::string&& packed) { b.add_packed(packed); }, [&](int done) { progress.push_back(done); });
    CHECK(progress.back() == 5);
    CHECK(std::is_sorted(progress.begin(), progress.end()));
    return b.finish();
  };
  const auto one = with_jobs(1), two = with_jobs(2), four = with_jobs(4);
  CHECK(text_of(two) == text_of(one));
  CHECK(text_of(four) == text_of(one));
  CHECK(report::stations_monthly_csv(four) == report::stations_monthly_csv(one));
  for (std::size_t r = 0; r < 5; ++r)
    CHECK(four.per_replication[r].months == one.per_replication[r].months);
}

TEST_CASE("a pack cut short, or with bytes left over, is an engine error, not a crash", "[quick][report]")
{
  const auto s = plant(1);
  const std::string packed = report::SummaryBuilder::pack(s, run::run_replication(s, 0));
  report::SummaryBuilder b(s, report::KeepPerReplication::totals);
  CHECK_THROWS_AS(b.add_packed(packed.substr(0, packed.size() / 2)), EngineError);
  CHECK_THROWS_AS(b.add_packed(packed + "x"), EngineError);
  CHECK_THROWS_AS(b.add_packed(std::string(16, '\xff')), EngineError);
  CHECK(b.replications() == 0);
}

TEST_CASE("run --jobs writes the same results as one process, and --quiet silences stderr", "[quick][cli]")
{
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("gigaline-run-jobs-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const auto one = test::run_cli(
      {"run", src + "/scenarios/aesc_douai.json", "--replications", "3", "--out", (dir / "one").string(), "--quiet"});
  const auto three = test::run_cli({"run", src + "/scenarios/aesc_douai.json", "--replications", "3", "--jobs", "3",
                                    "--out", (dir / "three").string(), "--quiet"});
  REQUIRE(one.code == 0);
  REQUIRE(three.code == 0);
  CHECK(one.err.empty());
  CHECK(three.err.empty());
  for (const char* f : {"monthly.csv", "stations.csv", "stations_monthly.csv", "lines_monthly.csv"})
    CHECK(test::slurp((dir / "one" / f).string()) == test::slurp((dir / "three" / f).string()));
  auto a = nlohmann::json::parse(test::slurp((dir / "one/summary.json").string()));
  auto b = nlohmann::json::parse(test::slurp((dir / "three/summary.json").string()));
  a.erase("engine");
  b.erase("engine");
  CHECK(a == b);
  const auto check = test::run_cli({"check", src + "/scenarios/bench/tandem4.json", "--baseline",
                                    src + "/tests/baselines/tandem4.json", "--jobs", "2", "--quiet"});
  CHECK(check.code == 0);
  CHECK(check.err.empty());
  fs::remove_all(dir);
}

TEST_CASE("GWh and sales lost against nameplate: the nameplate months less the months made, at the cell price",
          "[quick][report]")
{
  const auto s = plant(2);
  REQUIRE(s.cost);
  REQUIRE(s.cost->cell_price_eur_per_kwh);
  const auto sum = report::summarise(s, run::run_replications(s));
  double possible = 0, made = 0;
  for (std::size_t m = 0; m < sum.month_of.size(); ++m) {
    possible += report::nameplate_gwh_in(sum.nameplate, sum.month_of[m]);
    made += sum.months[m].at("gwh").mean;
  }
  const auto j = report::to_json(sum);
  const auto& np = j.at("nameplate");
  CHECK(np.at("gwh_possible").get<double>() == possible);
  CHECK(np.at("gwh_made").get<double>() == made);
  CHECK(np.at("gwh_lost").get<double>() == possible - made);
  CHECK(np.at("eur_lost").get<double>() == Approx((possible - made) * 1e6 * *s.cost->cell_price_eur_per_kwh));
  CHECK(possible > made);
  // without a price: the GWh, not the EUR
  auto unpriced = s;
  unpriced.cost->cell_price_eur_per_kwh.reset();
  const auto j2 = report::to_json(report::summarise(unpriced, run::run_replications(unpriced)));
  CHECK(j2.at("nameplate").contains("gwh_lost"));
  CHECK_FALSE(j2.at("nameplate").contains("eur_lost"));
  // the run page says it in its summary
  const report::RunReportInput in{j, "aesc_douai.json"};
  CHECK(report::run_report_html(in, "").find("sales lost against nameplate") != std::string::npos);
}
