// src/core/Date.cpp — strict parsing and arithmetic of dates and months on std::chrono's civil calendar.
#include "gigaline/core/Date.hpp"

#include <chrono>
#include <cstdio>

namespace gigaline {

namespace {
namespace chr = std::chrono;

bool all_digits(std::string_view s)
{
  for (char c : s)
    if (c < '0' || c > '9')
      return false;
  return !s.empty();
}

int to_int(std::string_view s)
{
  int v = 0;
  for (char c : s)
    v = v * 10 + (c - '0');
  return v;
}

chr::year_month_day ymd_of(int days)
{
  return chr::year_month_day{chr::sys_days{chr::days{days}}};
}
} // namespace

std::optional<Date> Date::parse(std::string_view text)
{
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  auto y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d))
    return std::nullopt;
  chr::year_month_day ymd{chr::year{to_int(y)}, chr::month{static_cast<unsigned>(to_int(m))},
                          chr::day{static_cast<unsigned>(to_int(d))}};
  if (!ymd.ok())
    return std::nullopt;
  return from_days(static_cast<int>(chr::sys_days{ymd}.time_since_epoch().count()));
}

Date Date::from_ymd(int year, unsigned month, unsigned day)
{
  chr::year_month_day ymd{chr::year{year}, chr::month{month}, chr::day{day}};
  return from_days(static_cast<int>(chr::sys_days{ymd}.time_since_epoch().count()));
}

std::string Date::to_string() const
{
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year(), month(), day());
  return buf;
}

int Date::year() const
{
  return static_cast<int>(ymd_of(days_).year());
}
unsigned Date::month() const
{
  return static_cast<unsigned>(ymd_of(days_).month());
}
unsigned Date::day() const
{
  return static_cast<unsigned>(ymd_of(days_).day());
}
unsigned Date::weekday() const
{
  // iso_encoding: Monday = 1 .. Sunday = 7
  return chr::weekday{chr::sys_days{chr::days{days_}}}.iso_encoding() - 1;
}

std::optional<Month> Month::parse(std::string_view text)
{
  if (text.size() != 7 || text[4] != '-')
    return std::nullopt;
  auto y = text.substr(0, 4), m = text.substr(5, 2);
  if (!all_digits(y) || !all_digits(m))
    return std::nullopt;
  int mm = to_int(m);
  if (mm < 1 || mm > 12)
    return std::nullopt;
  return from_index(to_int(y) * 12 + mm - 1);
}

Month Month::of(Date d)
{
  return from_index(d.year() * 12 + static_cast<int>(d.month()) - 1);
}

Date Month::first_day() const
{
  return Date::from_ymd(year(), month(), 1);
}

int Month::days() const
{
  return (*this + 1).first_day() - first_day();
}

std::string Month::to_string() const
{
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", year(), month());
  return buf;
}

} // namespace gigaline
