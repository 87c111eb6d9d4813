// src/scenario/Descriptor.cpp — the non-template half of the descriptor machinery: leaf codecs,
// diagnostics collection and the wording of "expected ..., found ..." messages.
#include "gigaline/scenario/Descriptor.hpp"

#include "gigaline/core/Text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace gigaline::scenario {

void Context::error(int code, std::string pointer, std::string message)
{
  diagnostics_.push_back({prefix_ + ".E" + std::to_string(code), std::move(pointer), std::move(message)});
}

bool Context::has_errors_under(const std::string& pointer) const
{
  return std::any_of(diagnostics_.begin(), diagnostics_.end(), [&](const Diagnostic& d) {
    return d.pointer == pointer || d.pointer.rfind(pointer + "/", 0) == 0;
  });
}

std::string json_type_of(const Json& j)
{
  switch (j.type()) {
  case Json::value_t::object:
    return "an object";
  case Json::value_t::array:
    return "an array";
  case Json::value_t::string:
    return "a string";
  case Json::value_t::boolean:
    return "a boolean";
  case Json::value_t::null:
    return "null";
  default:
    return "a number";
  }
}

std::string describe_found(const Json& j)
{
  if (j.is_object() || j.is_array())
    return json_type_of(j);
  return text::clipped(j.dump(), 60);
}

std::string fnv1a_hex(std::string_view text)
{
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string format_number(double v)
{
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

std::optional<std::string> closest_key(const std::string& key, const std::vector<std::string>& known)
{
  auto distance = [](const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
      prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      cur[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j)
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      std::swap(prev, cur);
    }
    return prev[b.size()];
  };
  std::optional<std::string> best;
  std::size_t best_d = std::max<std::size_t>(2, key.size() / 3) + 1;
  for (const auto& k : known) {
    // the lengths' difference is a lower bound of the distance: a long unknown key costs no table
    if ((key.size() > k.size() ? key.size() - k.size() : k.size() - key.size()) >= best_d)
      continue;
    std::size_t d = distance(key, k);
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  return best;
}

std::string escape_pointer_token(const std::string& key)
{
  std::string out;
  for (char ch : key) {
    if (ch == '~')
      out += "~0";
    else if (ch == '/')
      out += "~1";
    else
      out += ch;
  }
  return out;
}

std::string Constraints::range_text() const
{
  // bounds in full ("1000000", not "1e+06"): they are read in messages and in the reference
  auto bound = [](double v) {
    return v == std::floor(v) && std::fabs(v) < 1e15 ? std::to_string(static_cast<long long>(v)) : format_number(v);
  };
  std::string lo, hi;
  if (min)
    lo = std::string(min_exclusive ? "> " : ">= ") + bound(*min);
  if (max)
    hi = std::string(max_exclusive ? "< " : "<= ") + bound(*max);
  if (!lo.empty() && !hi.empty())
    return lo + " and " + hi;
  return lo + hi;
}

bool Constraints::number_ok(double v) const
{
  if (!std::isfinite(v))
    return false;
  if (min && (min_exclusive ? !(v > *min) : !(v >= *min)))
    return false;
  if (max && (max_exclusive ? !(v < *max) : !(v <= *max)))
    return false;
  return true;
}

namespace {
std::string expected_number(const char* what, const Constraints& c)
{
  std::string r = c.range_text();
  return std::string("expected ") + what + (r.empty() ? "" : " " + r);
}
} // namespace

void Codec<double>::read(const Json& j, double& out, Context& ctx, const std::string& ptr, const Constraints& c)
{
  if (!j.is_number()) {
    ctx.error(err::type, ptr, expected_number("a number", c) + ", found " + describe_found(j));
    return;
  }
  out = j.get<double>();
  if (!c.number_ok(out))
    ctx.error(err::range, ptr, expected_number("a number", c) + ", found " + describe_found(j));
}

void Codec<int>::read(const Json& j, int& out, Context& ctx, const std::string& ptr, const Constraints& c)
{
  if (!j.is_number_integer()) {
    ctx.error(err::type, ptr, expected_number("an integer", c) + ", found " + describe_found(j));
    return;
  }
  const bool fits = j.is_number_unsigned() ? j.get<std::uint64_t>() <= std::uint64_t{std::numeric_limits<int>::max()}
                                           : (j.get<std::int64_t>() >= std::numeric_limits<int>::min() &&
                                              j.get<std::int64_t>() <= std::numeric_limits<int>::max());
  if (!fits) {
    ctx.error(err::range, ptr, expected_number("an integer", c) + ", found " + describe_found(j));
    return;
  }
  out = j.get<int>();
  if (c.only_value && out != *c.only_value) {
    ctx.error(err::version, ptr,
              "expected " + std::to_string(*c.only_value) + " (the only version this gigaline reads), found " +
                  describe_found(j));
    return;
  }
  if (!c.number_ok(out))
    ctx.error(err::range, ptr, expected_number("an integer", c) + ", found " + describe_found(j));
}

void Codec<std::uint64_t>::read(const Json& j, std::uint64_t& out, Context& ctx, const std::string& ptr,
                                const Constraints&)
{
  if (!j.is_number_integer()) {
    ctx.error(err::type, ptr, "expected an integer >= 0, found " + describe_found(j));
    return;
  }
  if (!j.is_number_unsigned() && j.get<std::int64_t>() < 0) {
    ctx.error(err::range, ptr, "expected an integer >= 0, found " + describe_found(j));
    return;
  }
  out = j.get<std::uint64_t>();
}

void Codec<bool>::read(const Json& j, bool& out, Context& ctx, const std::string& ptr, const Constraints&)
{
  if (!j.is_boolean()) {
    ctx.error(err::type, ptr, "expected a boolean, found " + describe_found(j));
    return;
  }
  out = j.get<bool>();
}

void Codec<std::string>::read(const Json& j, std::string& out, Context& ctx, const std::string& ptr,
                              const Constraints& c)
{
  if (!j.is_string()) {
    ctx.error(err::type, ptr,
              std::string("expected a ") + (c.identifier ? "string identifier" : "string") + ", found " +
                  describe_found(j));
    return;
  }
  out = j.get<std::string>();
  if (c.identifier) {
    bool ok = !out.empty() && std::all_of(out.begin(), out.end(), [](char ch) {
      return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
             ch == '-' || ch == '.';
    });
    if (!ok)
      ctx.error(err::pattern, ptr,
                "expected an identifier (letters, digits, '_', '-', '.'), found " + describe_found(j));
  } else if (c.nonempty && out.empty()) {
    ctx.error(err::pattern, ptr, "expected a non-empty string, found \"\"");
  }
}

Json Codec<std::string>::schema(SchemaBuilder&, const Constraints& c)
{
  Json s = {{"type", "string"}};
  if (c.identifier)
    s["pattern"] = "^[A-Za-z0-9_.-]+$";
  else if (c.nonempty)
    s["minLength"] = 1;
  return s;
}

void Codec<Date>::read(const Json& j, Date& out, Context& ctx, const std::string& ptr, const Constraints&)
{
  std::optional<Date> d;
  if (j.is_string())
    d = Date::parse(j.get<std::string>());
  if (!d) {
    ctx.error(j.is_string() ? err::date : err::type, ptr, "expected a date \"YYYY-MM-DD\", found " + describe_found(j));
    return;
  }
  out = *d;
}

void Codec<Month>::read(const Json& j, Month& out, Context& ctx, const std::string& ptr, const Constraints&)
{
  std::optional<Month> m;
  if (j.is_string())
    m = Month::parse(j.get<std::string>());
  if (!m) {
    ctx.error(j.is_string() ? err::date : err::type, ptr, "expected a month \"YYYY-MM\", found " + describe_found(j));
    return;
  }
  out = *m;
}

} // namespace gigaline::scenario
