// tests/core/test_date.cpp — dates and months: strict parsing, calendar arithmetic, weekdays.
#include "gigaline/core/Date.hpp"

#include <catch2/catch.hpp>

using gigaline::Date;
using gigaline::Month;

TEST_CASE("dates parse strictly and print back", "[quick][date]")
{
  auto d = Date::parse("2025-03-01");
  REQUIRE(d);
  CHECK(d->to_string() == "2025-03-01");
  CHECK(d->year() == 2025);
  CHECK(d->month() == 3);
  CHECK(d->day() == 1);
  CHECK(d->weekday() == 5); // a Saturday
  CHECK_FALSE(Date::parse("2025-02-29"));
  CHECK(Date::parse("2024-02-29"));
  CHECK_FALSE(Date::parse("2025-3-01"));
  CHECK_FALSE(Date::parse("2025-03-01T00"));
  CHECK_FALSE(Date::parse("2025-13-01"));
  CHECK_FALSE(Date::parse("abcd-ef-gh"));
  CHECK(Date::parse("1970-01-01")->days_since_epoch() == 0);
}

TEST_CASE("date arithmetic counts days", "[quick][date]")
{
  auto a = *Date::parse("2024-12-31");
  CHECK((a + 1).to_string() == "2025-01-01");
  CHECK(*Date::parse("2026-03-01") - *Date::parse("2025-03-01") == 365);
  CHECK(a < a + 1);
}

TEST_CASE("months parse, count their days and step", "[quick][date]")
{
  auto m = *Month::parse("2024-02");
  CHECK(m.days() == 29);
  CHECK(Month::parse("2025-02")->days() == 28);
  CHECK((m + 11).to_string() == "2025-01");
  CHECK(Month::of(*Date::parse("2025-12-31")).to_string() == "2025-12");
  CHECK(m.first_day().to_string() == "2024-02-01");
  CHECK_FALSE(Month::parse("2025-00"));
  CHECK_FALSE(Month::parse("2025-1"));
  CHECK(*Month::parse("2026-01") - *Month::parse("2025-01") == 12);
}
