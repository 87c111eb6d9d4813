// src/core/Text.cpp — number formats for text shown to people (gigaline/core/Text.hpp): one place for the
// terminal tables and the HTML pages.
#include "gigaline/core/Text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace gigaline::text {

std::string fixed(double v, int decimals)
{
  char buf[352]; // %.*f of the largest double: 309 digits, sign, point and decimals
  std::snprintf(buf, sizeof buf, "%.*f", std::clamp(decimals, 0, 17), v);
  return buf;
}

std::string grouped(double v, int decimals)
{
  std::string s = fixed(v, decimals);
  const std::size_t start = s[0] == '-' ? 1 : 0;
  std::size_t end = s.find('.');
  if (end == std::string::npos)
    end = s.size();
  for (std::size_t i = end; i > start + 3; i -= 3)
    s.insert(i - 3, ",");
  return s;
}

std::string thousands(double v)
{
  const std::string digits = fixed(std::round(std::abs(v)), 0);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return (v < 0 && digits != "0" ? "-" : "") + out;
}

std::string significant(double v, int digits)
{
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", std::clamp(digits, 1, 17), v);
  return buf;
}

double round_significant(double v, int digits)
{
  if (v == 0 || !std::isfinite(v))
    return v;
  return std::strtod(significant(v, digits).c_str(), nullptr);
}

int decimals_for(double magnitude)
{
  if (!(magnitude > 0) || !std::isfinite(magnitude))
    return 2;
  return std::clamp(3 - static_cast<int>(std::floor(std::log10(magnitude))), 0, 6);
}

std::string clipped(std::string_view s, std::size_t max)
{
  if (s.size() <= max)
    return std::string(s);
  std::size_t cut = max > 3 ? max - 3 : 0;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0U) == 0x80U)
    --cut; // s[cut] would continue a UTF-8 sequence: cut before its first byte
  return std::string(s.substr(0, cut)) + "...";
}

std::string quoted(std::string_view s, std::size_t max)
{
  if (s.size() <= max)
    return "\"" + std::string(s) + "\"";
  return "\"" + clipped(s, max) + "\" (" + thousands(static_cast<double>(s.size())) + " bytes)";
}

} // namespace gigaline::text
