// gigaline/core/Date.hpp — calendar dates and months, and their link to simulated time.
// Simulated time is seconds since the scenario's start date at 00:00; dates are proleptic Gregorian.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace gigaline {

/// A calendar day, stored as days since 1970-01-01.
class Date {
public:
  constexpr Date() = default;
  static constexpr Date from_days(int days_since_epoch)
  {
    Date d;
    d.days_ = days_since_epoch;
    return d;
  }
  /// Parses exactly "YYYY-MM-DD" and checks the day exists; nullopt otherwise.
  static std::optional<Date> parse(std::string_view text);
  static Date from_ymd(int year, unsigned month, unsigned day);

  [[nodiscard]] constexpr int days_since_epoch() const { return days_; }
  [[nodiscard]] std::string to_string() const; ///< "YYYY-MM-DD"
  [[nodiscard]] int year() const;
  [[nodiscard]] unsigned month() const;   ///< 1..12
  [[nodiscard]] unsigned day() const;     ///< 1..31
  [[nodiscard]] unsigned weekday() const; ///< 0 = Monday .. 6 = Sunday

  constexpr Date operator+(int days) const { return from_days(days_ + days); }
  constexpr int operator-(Date other) const { return days_ - other.days_; }
  constexpr auto operator<=>(const Date&) const = default;

private:
  int days_ = 0;
};

/// A calendar month, "YYYY-MM".
class Month {
public:
  constexpr Month() = default;
  static std::optional<Month> parse(std::string_view text);
  static Month of(Date d);
  static constexpr Month from_index(int months_since_year_0)
  {
    Month m;
    m.index_ = months_since_year_0;
    return m;
  }

  [[nodiscard]] constexpr int index() const { return index_; }
  [[nodiscard]] int year() const { return index_ / 12; }
  [[nodiscard]] unsigned month() const { return static_cast<unsigned>(index_ % 12) + 1; }
  [[nodiscard]] Date first_day() const;
  [[nodiscard]] int days() const; ///< number of days in the month
  [[nodiscard]] std::string to_string() const;

  constexpr Month operator+(int months) const { return from_index(index_ + months); }
  constexpr int operator-(Month other) const { return index_ - other.index_; }
  constexpr auto operator<=>(const Month&) const = default;

private:
  int index_ = 0;
};

} // namespace gigaline
