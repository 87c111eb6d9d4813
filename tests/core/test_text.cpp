// tests/core/test_text.cpp — number formats for people (core/Text): separators, rounding, significant digits,
// factor values, and the edges (negative zero, non-finite, huge numbers).
#include "gigaline/core/Text.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace text = gigaline::text;

TEST_CASE("fixed decimals with and without thousands separators", "[quick][text]")
{
  CHECK(text::fixed(1234.5678, 2) == "1234.57");
  CHECK(text::grouped(1234567.891, 2) == "1,234,567.89");
  CHECK(text::grouped(-1234, 0) == "-1,234");
  CHECK(text::grouped(999, 1) == "999.0");
  CHECK(text::grouped(-999.96, 1) == "-1,000.0");
  CHECK(text::grouped(0.5, 3) == "0.500");
  CHECK(text::fixed(1e308, 0).size() == 309); // the largest magnitude a double holds fits
}

TEST_CASE("thousands rounds to a whole number and never prints -0", "[quick][text]")
{
  CHECK(text::thousands(1234567.4) == "1,234,567");
  CHECK(text::thousands(-1234.6) == "-1,235");
  CHECK(text::thousands(-0.3) == "0");
  CHECK(text::thousands(0) == "0");
  CHECK(text::thousands(999.5) == "1,000");
}

TEST_CASE("significant digits, as text and as a rounded number", "[quick][text]")
{
  CHECK(text::significant(1.0 / 3) == "0.333333");
  CHECK(text::significant(1.0 / 3, 3) == "0.333");
  CHECK(text::significant(1.5e6) == "1.5e+06");
  CHECK(text::significant(0.1 + 0.2, 17) == "0.30000000000000004");
  CHECK(text::round_significant(1.0 / 3) == 0.333333);
  CHECK(text::round_significant(123456789.0, 3) == 123000000.0);
  CHECK(text::round_significant(0.0) == 0.0);
  CHECK(std::isinf(text::round_significant(std::numeric_limits<double>::infinity())));
  CHECK(std::isnan(text::round_significant(std::nan(""))));
}

TEST_CASE("decimals for 4 significant digits", "[quick][text]")
{
  CHECK(text::decimals_for(1234) == 0);
  CHECK(text::decimals_for(123.4) == 1);
  CHECK(text::decimals_for(1.234) == 3);
  CHECK(text::decimals_for(0.01234) == 5);
  CHECK(text::decimals_for(1e-9) == 6); // at most 6
  CHECK(text::decimals_for(1e12) == 0); // at least 0
  CHECK(text::decimals_for(0) == 2);
  CHECK(text::decimals_for(std::nan("")) == 2);
}

TEST_CASE("factor values read the same from either JSON type", "[quick][text]")
{
  CHECK(text::factor_text(nlohmann::json("two shifts")) == "two shifts");
  CHECK(text::factor_text(nlohmann::json(0.1 + 0.2)) == "0.3");
  CHECK(text::factor_text(nlohmann::ordered_json(8)) == "8");
  CHECK(text::factor_text(nlohmann::ordered_json(true)) == "true");
  CHECK(text::factor_text(nlohmann::json::array({1, 2})) == "[1,2]");
}

TEST_CASE("user text in messages is clipped at a character boundary", "[quick][text]")
{
  CHECK(text::quoted("seed") == "\"seed\"");
  CHECK(text::quoted(std::string(80, 'k')) == "\"" + std::string(80, 'k') + "\""); // 80 bytes: as it is
  CHECK(text::quoted(std::string(200000, 'k')) == "\"" + std::string(77, 'k') + "...\" (200,000 bytes)");
  CHECK(text::clipped("abcdef", 5) == "ab...");
  // "é" is two bytes: a cut falling between them moves before the character
  const std::string accents = "a" + std::string("\xC3\xA9\xC3\xA9\xC3\xA9");
  CHECK(text::clipped(accents, 5) == "a...");
  CHECK(text::clipped(accents, 6) == "a\xC3\xA9...");
  CHECK(text::clipped("abc", 2) == "...");
}
