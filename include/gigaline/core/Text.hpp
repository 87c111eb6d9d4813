// gigaline/core/Text.hpp — how numbers and factor values read in text for people (terminal tables, HTML pages):
// fixed decimals, thousands separators, significant digits. CSV and JSON keep every digit (scenario::format_number).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace gigaline::text {

/// `decimals` digits after the point, no separators: "1234.5" ("%.*f").
std::string fixed(double v, int decimals);
/// The same with thousands separators in the integer part: "1,234.5".
std::string grouped(double v, int decimals);
/// Rounded to a whole number, with thousands separators; never "-0": "-1,235", "0".
std::string thousands(double v);
/// `digits` significant digits, the shortest form ("%.*g"): "0.123457", "1.5e+06".
std::string significant(double v, int digits = 6);
/// `v` rounded to `digits` significant digits (as a number: what a page needs, no more); 0 and non-finite as they are.
double round_significant(double v, int digits = 6);
/// Decimals that give 4 significant digits to a number of this magnitude (2 when it is 0 or not finite).
int decimals_for(double magnitude);

/// At most `max` bytes of `s` for a message: longer text is cut at a UTF-8 character boundary (a message may be
/// written into JSON) and ends with "...".
std::string clipped(std::string_view s, std::size_t max = 80);
/// `s` in double quotes for an error message; longer than `max` bytes, clipped and followed by its length:
/// "aaaa..." (200,000 bytes). Messages stay short when a file holds a huge key or id.
std::string quoted(std::string_view s, std::size_t max = 80);

/// A factor or parameter value for reading, not for reading back: strings as they are, reals with 6 significant
/// digits, anything else as JSON. Json is nlohmann::json or nlohmann::ordered_json.
template <class Json>
std::string factor_text(const Json& v)
{
  if (v.is_string())
    return v.template get<std::string>();
  if (!v.is_number_float())
    return v.dump();
  return significant(v.template get<double>());
}

} // namespace gigaline::text
