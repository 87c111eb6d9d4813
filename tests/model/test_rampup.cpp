// tests/model/test_rampup.cpp — learning forms (limits, monotonicity, closed forms), skill transfer,
// process changes, output caps and the work calendar, without the engine.
#include "gigaline/model/Maturity.hpp"
#include "gigaline/model/RampUp.hpp"
#include "gigaline/model/Skill.hpp"
#include "gigaline/model/WorkCalendar.hpp"
#include "gigaline/scenario/Loader.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace gigaline;
using namespace gigaline::model;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("time-based learning: 0 at SOP, 1 - 1/e at tau, increasing to 1", "[quick][model]")
{
  CHECK(time_maturity(-5, 100) == 0);
  CHECK(time_maturity(0, 100) == 0);
  CHECK_THAT(time_maturity(100, 100), WithinRel(1 - std::exp(-1.0), 1e-12));
  CHECK_THAT(time_maturity(55, 110), WithinAbs(0.393469, 1e-6)); // docs/model.md example
  double prev = 0;
  for (double d = 1; d < 2000; d *= 1.5) {
    CHECK(time_maturity(d, 100) > prev);
    prev = time_maturity(d, 100);
  }
  CHECK(time_maturity(5000, 100) > 0.999999);
}

TEST_CASE("Wright learning: immaturity falls by the progress ratio per doubling", "[quick][model]")
{
  CHECK(experience_maturity(0, 1000, 0.8) == 0);
  CHECK_THAT(1 - experience_maturity(1000, 1000, 0.8), WithinRel(0.8, 1e-12));  // one doubling
  CHECK_THAT(1 - experience_maturity(3000, 1000, 0.8), WithinRel(0.64, 1e-12)); // two doublings
  CHECK_THAT(experience_maturity(300000, 100000, 0.8), WithinAbs(0.36, 1e-12)); // docs/model.md example
  CHECK(experience_maturity(1e6, 1000, 0.8) < experience_maturity(2e6, 1000, 0.8));
  CHECK(experience_maturity(1e9, 1000, 1.0) == 0); // no learning at ratio 1
}

TEST_CASE("forms combine by product of immaturities or by the minimum", "[quick][model]")
{
  CHECK_THAT(combine({0.5, 0.5}, scenario::Combine::product), WithinRel(0.75, 1e-12));
  CHECK(combine({0.2, 0.9}, scenario::Combine::min) == 0.2);
  CHECK(combine({}, scenario::Combine::product) == 1.0);
  CHECK_THAT(interpolate(0.10, 0.015, 0.393469), WithinAbs(0.015 + 0.085 * 0.606531, 1e-9));
}

namespace {
scenario::Workforce workforce(int experts, int leave_day)
{
  scenario::Workforce w;
  const Date start = *Date::parse("2025-01-01");
  w.experts = {{start, experts}, {start + leave_day, 0}};
  w.local_staff = {{start, 400}};
  w.initial_local_skill = 0.1;
  w.training_rate_per_day = 0.02;
  w.practice_tau_days = 0;
  return w;
}
} // namespace

TEST_CASE("skill transfer: closed form while headcounts hold, experts leaving expose local skill", "[quick][model]")
{
  SkillModel m(workforce(100, 200), *Date::parse("2025-01-01"));
  m.advance_to(100, false);
  // ds/dt = 0.02 x 100/400 x (1 - s): s(100) = 1 - 0.9 exp(-0.5)
  const double local = 1 - 0.9 * std::exp(-0.5);
  CHECK_THAT(m.local_skill(), WithinRel(local, 1e-12));
  CHECK_THAT(m.effective_skill(), WithinRel((100 * 1.0 + 400 * local) / 500, 1e-12));
  m.advance_to(200, false);
  CHECK(m.experts() == 0);
  CHECK_THAT(m.effective_skill(), WithinRel(m.local_skill(), 1e-12));
  const double after = m.local_skill();
  m.advance_to(400, false); // without experts nor practice, local skill stays
  CHECK(m.local_skill() == after);
  m.advance_to(500, true); // practice alone needs a time constant: none here
  CHECK(m.local_skill() == after);
}

TEST_CASE("a process change loses the stated fraction of maturity, then relearns", "[quick][model]")
{
  auto s = scenario::load_scenario_file(
      std::string(GIGALINE_SOURCE_DIR) + "/tests/data/minimal.json",
      {"/ramp_up/time/tau_days=100",
       R"(/events=[{"id":"pc","kind":"process_change","date":"2025-04-11","maturity_loss":0.3}])",
       R"(/events/-={"id":"cap","kind":"output_cap","date":"2025-02-01","end_date":"2025-03-01","max_cells_per_day":500})"});
  RampUpModel r(s, {{0, 0.0}});
  r.advance_to(99, {0});
  const double before = time_maturity(99, 100);
  CHECK_THAT(r.maturity(0), WithinRel(before, 1e-12));
  r.advance_to(100, {0}); // 2025-04-11 is day 100
  CHECK_THAT(r.maturity(0), WithinRel(0.7 * time_maturity(100, 100), 1e-9));
  r.advance_to(400, {0});
  CHECK(r.maturity(0) > 0.7 * time_maturity(100, 100));
  CHECK(r.maturity(0) < time_maturity(400, 100));
  CHECK(std::isinf(r.daily_cap(0, 30)));
  CHECK(r.daily_cap(0, 31) == 500);
  CHECK(r.daily_cap(0, 58) == 500);
  CHECK(std::isinf(r.daily_cap(0, 59)));
}

TEST_CASE("work calendar: shifts, night shifts past midnight, maintenance windows", "[quick][model]")
{
  scenario::Calendar c;
  c.start_date = *Date::parse("2025-01-06"); // a Monday
  c.horizon_days = 30;
  c.shifts = scenario::Shifts{};
  c.shifts->working_days = {scenario::Weekday::fri};
  c.shifts->start_h = 22;
  c.shifts->hours_per_day = 8;
  c.maintenance.push_back({*Date::parse("2025-01-18"), 2, 7}); // Saturdays 00:00-02:00 from the 2nd week
  const WorkCalendar cal(c);
  const double h = 3600, d = 86400;
  CHECK_FALSE(cal.working(4 * d + 21 * h));
  CHECK(cal.working(4 * d + 23 * h));
  CHECK(cal.working(5 * d + 5 * h)); // Saturday morning: Friday's night shift
  CHECK_FALSE(cal.working(5 * d + 6 * h));
  // working() is constant between consecutive edges (edges may be spurious, never missing)
  int changes = 0;
  for (double t = 0; t < 21 * d;) {
    const double e = cal.next_edge(t);
    REQUIRE(e > t);
    for (double x = t; x < e && x < 21 * d; x += 0.25 * h)
      REQUIRE(cal.working(x) == cal.working(t));
    changes += cal.working(e) != cal.working(t);
    t = e;
  }
  CHECK(changes == 10);              // 3 night shifts on and off (6); windows on 18 and 25 Jan cut two of them (+4)
  CHECK(cal.working(5 * d + 1 * h)); // first Saturday: no maintenance yet
  CHECK(cal.next_edge(11 * d + 22 * h) == 12 * d); // maintenance starts inside the night shift
  CHECK_FALSE(cal.working(12 * d + 1 * h));
  CHECK(cal.working(12 * d + 3 * h));
  CHECK_FALSE(cal.working(19 * d + 1 * h)); // weekly
}
