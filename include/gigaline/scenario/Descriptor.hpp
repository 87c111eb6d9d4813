// gigaline/scenario/Descriptor.hpp — field descriptors: one table per struct drives reading with
// validation, writing back to JSON, the JSON Schema and the Markdown reference, so they cannot drift.
//
// How it works:
//  1. Each described struct S has an ObjectDesc<S> (a list of Field<S>) returned by describe<S>().
//  2. A Field binds a JSON key to a member of S; Codec<T> knows how to read, write and describe a T.
//  3. Reading never stops at the first problem: every problem becomes a Diagnostic in the Context, with
//     its JSON pointer, and the caller throws one ValidationError carrying all of them.
//  4. Objects with a discriminator ("kind") allow each field only for the kinds it lists.
// This header holds the vocabulary (errors, Context, Field, ObjectDesc); the codecs are DescriptorCodecs.hpp,
// which it includes at its end.
#pragma once

#include "gigaline/core/Date.hpp"
#include "gigaline/core/Error.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace gigaline::scenario {

using Json = nlohmann::ordered_json;

/// Stable error codes; the full id is "<prefix>.E<code>" (prefix "scenario", "sweep", ...).
namespace err {
inline constexpr int syntax = 100;          // JSON does not parse
inline constexpr int unknown_key = 101;     // key not in the format
inline constexpr int missing = 102;         // required key absent
inline constexpr int type = 103;            // wrong JSON type
inline constexpr int range = 104;           // number out of range
inline constexpr int enum_value = 105;      // string not among the allowed values
inline constexpr int date = 106;            // date or month does not parse
inline constexpr int pattern = 107;         // string is not a valid identifier / is empty
inline constexpr int duplicate = 108;       // duplicate id
inline constexpr int reference = 109;       // reference to an unknown id
inline constexpr int inconsistent = 110;    // values contradict each other
inline constexpr int kind_key = 111;        // key not allowed for this kind
inline constexpr int version = 112;         // unsupported schema_version
inline constexpr int items = 113;           // too few or too many items in an array
inline constexpr int io = 114;              // file cannot be read (missing, a directory, too large)
inline constexpr int depth = 115;           // arrays and objects nested too deep
inline constexpr int other_format = 116;    // a sweep or region file where a scenario was expected
inline constexpr int override_syntax = 120; // --set without PATH=VALUE
inline constexpr int override_path = 121;   // --set path malformed or has no parent
} // namespace err

/// Collects diagnostics while a document is read.
class Context {
public:
  explicit Context(std::string prefix) : prefix_(std::move(prefix)) {}
  void error(int code, std::string pointer, std::string message);
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  [[nodiscard]] std::size_t count() const { return diagnostics_.size(); }
  /// True when some diagnostic lies at or below `pointer`.
  [[nodiscard]] bool has_errors_under(const std::string& pointer) const;

private:
  std::string prefix_;
  std::vector<Diagnostic> diagnostics_;
};

/// How a JSON value is shown in a message: numbers and strings as JSON, containers by kind.
std::string describe_found(const Json& j);
/// Shortest decimal text of a number ("0.5", "12", "1e-09").
std::string format_number(double v);
/// The key of `known` closest to `key` by edit distance, if close enough to be a likely typo.
std::optional<std::string> closest_key(const std::string& key, const std::vector<std::string>& known);

struct Constraints {
  std::optional<double> min, max;
  bool min_exclusive = false, max_exclusive = false;
  bool identifier = false; ///< string must match ^[A-Za-z0-9_.-]+$
  bool nonempty = false;   ///< string must not be empty
  std::size_t min_items = 0;
  std::optional<std::size_t> max_items;
  std::optional<std::int64_t> only_value; ///< integer must equal this (schema_version)

  [[nodiscard]] std::string range_text() const; ///< "> 0 and <= 1", "" when unbounded
  [[nodiscard]] bool number_ok(double v) const;
};

/// Collects "$defs" of the JSON Schema and the sections of the Markdown reference.
class SchemaBuilder {
public:
  Json defs = Json::object();
  std::vector<std::pair<std::string, std::string>> sections; ///< (object name, markdown)
  std::set<std::string> visited;
};

template <class T>
struct Codec; // specialised below
/// Writes a value leaving out every key of a described object that holds its default (see minimal_document_of).
template <class T>
struct Minimal;

/// Names of an enum's values, in the order they are documented.
template <class E>
struct EnumNames; // specialise: static constexpr std::array<std::pair<E, const char*>, N> values

template <class E>
const char* enum_name(E value)
{
  for (const auto& [v, name] : EnumNames<E>::values)
    if (v == value)
      return name;
  return "?";
}

template <class S>
struct Field {
  std::string key;
  std::string doc;
  std::string unit;
  bool required = false;
  std::vector<int> kinds; ///< indices of the discriminator's values the field is allowed for; empty = all
  Constraints c;
  std::function<void(const Json&, S&, Context&, const std::string&, const Constraints&)> read;
  std::function<std::optional<Json>(const S&)> write;
  std::function<std::optional<Json>(const S&)> write_minimal;
  std::function<bool(const S&)> is_default; ///< the member equals that of a default-constructed S
  std::function<Json(SchemaBuilder&, const Constraints&)> schema;
  std::function<std::string()> type_name;

  Field& req()
  {
    required = true;
    return *this;
  }
  Field& gt(double v)
  {
    c.min = v;
    c.min_exclusive = true;
    return *this;
  }
  Field& ge(double v)
  {
    c.min = v;
    c.min_exclusive = false;
    return *this;
  }
  Field& lt(double v)
  {
    c.max = v;
    c.max_exclusive = true;
    return *this;
  }
  Field& le(double v)
  {
    c.max = v;
    c.max_exclusive = false;
    return *this;
  }
  Field& prob() { return ge(0).le(1); }
  Field& id()
  {
    c.identifier = true;
    return *this;
  }
  Field& nonempty()
  {
    c.nonempty = true;
    return *this;
  }
  Field& min_items(std::size_t n)
  {
    c.min_items = n;
    return *this;
  }
  Field& max_items(std::size_t n)
  {
    c.max_items = n;
    return *this;
  }
  Field& only(std::int64_t v)
  {
    c.only_value = v;
    return *this;
  }
  Field& in(std::string u)
  {
    unit = std::move(u);
    return *this;
  }
  Field& for_kinds(std::vector<int> k)
  {
    kinds = std::move(k);
    return *this;
  }
  [[nodiscard]] bool allowed_for(int kind) const
  {
    if (kinds.empty() || kind < 0)
      return true;
    for (int k : kinds)
      if (k == kind)
        return true;
    return false;
  }
};

template <class S, class T>
Field<S> field(std::string key, T S::*member, std::string doc)
{
  Field<S> f;
  f.key = std::move(key);
  f.doc = std::move(doc);
  f.read = [member](const Json& j, S& s, Context& ctx, const std::string& ptr, const Constraints& c) {
    Codec<T>::read(j, s.*member, ctx, ptr, c);
  };
  f.write = [member](const S& s) -> std::optional<Json> { return Codec<T>::write(s.*member); };
  f.write_minimal = [member](const S& s) -> std::optional<Json> { return Minimal<T>::write(s.*member); };
  f.is_default = [member](const S& s) { return s.*member == S{}.*member; };
  f.schema = [](SchemaBuilder& b, const Constraints& c) { return Codec<T>::schema(b, c); };
  f.type_name = [] { return Codec<T>::type_name(); };
  return f;
}

template <class S>
struct ObjectDesc {
  std::string name; ///< "Stage": the $defs name and the Markdown heading
  std::string doc;
  std::vector<Field<S>> fields;
  /// Discriminated objects: key of the kind field, its values, and how to get the kind of a read S.
  std::string discriminator;
  std::vector<std::string> kind_names;
  std::function<int(const S&)> kind_of;
  /// Cross-field checks, run when the object's own fields read without error.
  std::function<void(const S&, Context&, const std::string&)> check;
};

/// Specialise for every described struct (see ScenarioDescriptors.hpp).
template <class S>
const ObjectDesc<S>& describe();
template <class S>
struct IsDescribed : std::false_type {
};

std::string json_type_of(const Json& j);

} // namespace gigaline::scenario

// The codecs of every type (leaves, enums, optionals, arrays, described objects) and whole documents (minimal
// document, identity, JSON Schema, Markdown reference): templates that need the vocabulary above.
#include "gigaline/scenario/DescriptorCodecs.hpp" // IWYU pragma: export
