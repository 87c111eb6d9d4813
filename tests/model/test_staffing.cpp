// tests/model/test_staffing.cpp — the staffing, shift-pattern and demand models without the engine: windows and
// edges of a shift pattern, the two allocation orders, call-off units and the finished-goods store.
#include "gigaline/model/Demand.hpp"
#include "gigaline/model/ShiftPattern.hpp"
#include "gigaline/model/Staffing.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace gigaline;

namespace {
constexpr double hour = 3600.0, day = 86400.0;

scenario::Staffing ladder_staffing()
{
  scenario::Staffing st;
  st.operators_per_shift = 10;
  st.initially_qualified = 1e9;
  return st; // default ladder 1x5, 2x5, 3x5, 3x7 from 06:00
}
} // namespace

TEST_CASE("a shift pattern works its shifts on its days and names its next edge", "[quick]")
{
  const auto st = ladder_staffing();
  const model::ShiftPattern days(st, 1, 0); // day 0 is a Monday
  CHECK_FALSE(days.working(5 * hour));
  CHECK(days.working(6 * hour));
  CHECK(days.working(13.9 * hour));
  CHECK_FALSE(days.working(14 * hour));
  CHECK(days.next_edge(0) == 6 * hour);
  CHECK(days.next_edge(6 * hour) == 14 * hour);
  CHECK(days.next_edge(4 * day + 14 * hour) == 7 * day + 6 * hour); // Friday evening to Monday morning
  CHECK_FALSE(days.working(5 * day + 10 * hour));                   // Saturday
  const model::ShiftPattern nights(st, 3, 0);                       // 3x5: Friday's night shift ends Saturday 06:00
  CHECK(nights.working(5 * day + 5 * hour));
  CHECK_FALSE(nights.working(5 * day + 6 * hour));
  CHECK(nights.shifts_per_week() == 15);
  const model::ShiftPattern all(st, 4, 0);
  CHECK(all.working(5 * day + 10 * hour));
  CHECK(all.next_edge(0) == std::numeric_limits<double>::infinity());
  const model::ShiftPattern none(st, 0, 0);
  CHECK_FALSE(none.working(10 * hour));
  CHECK(none.shifts_per_week() == 0);
}

TEST_CASE("line_first fills lines in SOP order and shift_first gives every line a rung before the next", "[quick]")
{
  auto st = ladder_staffing();
  scenario::Workforce w;
  w.local_staff = {{*Date::parse("2025-01-06"), 50}};
  // three lines needing 10 per shift: rungs cost 10, 20, 30, 42; the third line starts last
  const std::vector<model::StaffedLine> lines{{0, 10}, {5, 10}, {0, 10}};
  model::StaffingModel first(st, w, *Date::parse("2025-01-06"), lines);
  first.advance_to(10);
  CHECK(first.level(0) == 4); // 42
  CHECK(first.level(2) == 0); // 8 left: not even days
  CHECK(first.level(1) == 0);
  CHECK(first.assigned() == Approx(42));
  st.order = scenario::StaffingOrder::shift_first;
  model::StaffingModel even(st, w, *Date::parse("2025-01-06"), lines);
  even.advance_to(10);
  CHECK(even.level(0) == 2); // 10 + 10 + 10 for days, then 10 + 10 for evenings on the first two
  CHECK(even.level(2) == 2);
  CHECK(even.level(1) == 1);
  CHECK(even.assigned() == Approx(50));
}

TEST_CASE("call-offs convert to cells per day and the store ships without backlog", "[quick]")
{
  scenario::Product p;
  p.cell_energy_wh = 500;
  p.cells_per_module = 20;
  p.pack_kwh = 60;
  CHECK(model::cells_per_unit(scenario::DemandUnit::vehicles, p) == 120);
  CHECK(model::cells_per_unit(scenario::DemandUnit::gwh, p) == 2e6);
  CHECK(model::cells_per_unit(scenario::DemandUnit::modules, p) == 20);
  scenario::Demand d;
  d.unit = scenario::DemandUnit::vehicles;
  d.calloffs = {{*Month::parse("2025-02"), 700}};
  d.store_cells = 10000;
  model::DemandModel m(d, p, *Date::parse("2025-01-01"));
  CHECK(m.cells_per_day(10) == std::numeric_limits<double>::infinity()); // January: no call-off yet
  CHECK(m.cells_per_day(31) == Approx(700.0 * 120 / 28));                // February
  CHECK(m.cells_per_day(59) == Approx(700.0 * 120 / 31));                // March keeps February's rate
  m.close_day(31, 9000, 10000);
  CHECK(m.shipped_total() == Approx(3000));
  CHECK(m.stock() == Approx(6000));
  CHECK_FALSE(m.holding());
  CHECK(m.start_quota(32) == std::numeric_limits<double>::infinity());
  m.close_day(32, 9000, 10000);
  CHECK(m.holding()); // 12,000 in store: hold, starting the call-off over the 90 % yield
  CHECK(m.start_quota(33) == Approx(3000.0 / 0.9));
}
