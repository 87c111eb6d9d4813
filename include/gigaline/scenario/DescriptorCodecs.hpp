// gigaline/scenario/DescriptorCodecs.hpp — the codecs of field descriptors: how each type (number, integer, text,
// date, month, enum, optional, array, described object) is read with validation, written back and described in
// JSON Schema and Markdown; then whole documents. Included by Descriptor.hpp, after the vocabulary it uses.
#pragma once

#include "gigaline/core/Text.hpp"
#include "gigaline/scenario/Descriptor.hpp"

namespace gigaline::scenario {

// ---------------------------------------------------------------------------------------------------
// Codecs of leaf types

inline Json constraints_schema(Json s, const Constraints& c)
{
  if (c.min)
    s[c.min_exclusive ? "exclusiveMinimum" : "minimum"] = *c.min;
  if (c.max)
    s[c.max_exclusive ? "exclusiveMaximum" : "maximum"] = *c.max;
  return s;
}

template <>
struct Codec<double> {
  static void read(const Json& j, double& out, Context& ctx, const std::string& ptr, const Constraints& c);
  static std::optional<Json> write(const double& v) { return Json(v); }
  static Json schema(SchemaBuilder&, const Constraints& c) { return constraints_schema({{"type", "number"}}, c); }
  static std::string type_name() { return "number"; }
};

template <>
struct Codec<int> {
  static void read(const Json& j, int& out, Context& ctx, const std::string& ptr, const Constraints& c);
  static std::optional<Json> write(const int& v) { return Json(v); }
  static Json schema(SchemaBuilder&, const Constraints& c)
  {
    Json s = constraints_schema({{"type", "integer"}}, c);
    if (c.only_value)
      s["const"] = *c.only_value;
    return s;
  }
  static std::string type_name() { return "integer"; }
};

template <>
struct Codec<std::uint64_t> {
  static void read(const Json& j, std::uint64_t& out, Context& ctx, const std::string& ptr, const Constraints& c);
  static std::optional<Json> write(const std::uint64_t& v) { return Json(v); }
  static Json schema(SchemaBuilder&, const Constraints&) { return {{"type", "integer"}, {"minimum", 0}}; }
  static std::string type_name() { return "integer"; }
};

template <>
struct Codec<bool> {
  static void read(const Json& j, bool& out, Context& ctx, const std::string& ptr, const Constraints& c);
  static std::optional<Json> write(const bool& v) { return Json(v); }
  static Json schema(SchemaBuilder&, const Constraints&) { return {{"type", "boolean"}}; }
  static std::string type_name() { return "boolean"; }
};

template <>
struct Codec<std::string> {
  static void read(const Json& j, std::string& out, Context& ctx, const std::string& ptr, const Constraints& c);
  static std::optional<Json> write(const std::string& v) { return Json(v); }
  static Json schema(SchemaBuilder&, const Constraints& c);
  static std::string type_name() { return "string"; }
};

template <>
struct Codec<Date> {
  static void read(const Json& j, Date& out, Context& ctx, const std::string& ptr, const Constraints& c);
  static std::optional<Json> write(const Date& v) { return Json(v.to_string()); }
  static Json schema(SchemaBuilder&, const Constraints&)
  {
    return {{"type", "string"}, {"format", "date"}, {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}};
  }
  static std::string type_name() { return "date"; }
};

template <>
struct Codec<Month> {
  static void read(const Json& j, Month& out, Context& ctx, const std::string& ptr, const Constraints& c);
  static std::optional<Json> write(const Month& v) { return Json(v.to_string()); }
  static Json schema(SchemaBuilder&, const Constraints&)
  {
    return {{"type", "string"}, {"pattern", "^[0-9]{4}-(0[1-9]|1[0-2])$"}};
  }
  static std::string type_name() { return "month"; }
};

template <class E>
requires std::is_enum_v<E>
struct Codec<E> {
  static void read(const Json& j, E& out, Context& ctx, const std::string& ptr, const Constraints&)
  {
    if (j.is_string()) {
      const auto& text = j.template get_ref<const std::string&>();
      for (const auto& [v, name] : EnumNames<E>::values)
        if (text == name) {
          out = v;
          return;
        }
    }
    ctx.error(j.is_string() ? err::enum_value : err::type, ptr,
              "expected one of " + choices() + ", found " + describe_found(j));
  }
  static std::optional<Json> write(const E& v) { return Json(enum_name(v)); }
  static Json schema(SchemaBuilder&, const Constraints&)
  {
    Json values = Json::array();
    for (const auto& entry : EnumNames<E>::values)
      values.push_back(entry.second);
    return {{"type", "string"}, {"enum", values}};
  }
  static std::string type_name() { return "one of " + choices(); }
  static std::string choices()
  {
    std::string s;
    for (const auto& entry : EnumNames<E>::values)
      s += (s.empty() ? "" : ", ") + std::string("\"") + entry.second + "\"";
    return s;
  }
};

template <class T>
struct Codec<std::optional<T>> {
  static void read(const Json& j, std::optional<T>& out, Context& ctx, const std::string& ptr, const Constraints& c)
  {
    out.emplace();
    Codec<T>::read(j, *out, ctx, ptr, c);
  }
  static std::optional<Json> write(const std::optional<T>& v)
  {
    if (!v)
      return std::nullopt;
    return Codec<T>::write(*v);
  }
  static Json schema(SchemaBuilder& b, const Constraints& c) { return Codec<T>::schema(b, c); }
  static std::string type_name() { return Codec<T>::type_name(); }
};

template <class T>
struct Codec<std::vector<T>> {
  static void read(const Json& j, std::vector<T>& out, Context& ctx, const std::string& ptr, const Constraints& c)
  {
    out.clear();
    if (!j.is_array()) {
      ctx.error(err::type, ptr, "expected an array, found " + describe_found(j));
      return;
    }
    if (j.size() < c.min_items)
      ctx.error(err::items, ptr,
                "expected at least " + std::to_string(c.min_items) + " item(s), found " + std::to_string(j.size()));
    if (c.max_items && j.size() > *c.max_items) {
      ctx.error(err::items, ptr,
                "expected at most " + std::to_string(*c.max_items) + " item(s), found " + std::to_string(j.size()));
      return; // the items are not read: reading them is what the bound guards
    }
    out.resize(j.size());
    for (std::size_t i = 0; i < j.size(); ++i)
      Codec<T>::read(j[i], out[i], ctx, ptr + "/" + std::to_string(i), c);
  }
  static std::optional<Json> write(const std::vector<T>& v)
  {
    Json a = Json::array();
    for (const auto& x : v)
      a.push_back(*Codec<T>::write(x));
    return a;
  }
  static Json schema(SchemaBuilder& b, const Constraints& c)
  {
    Json s = {{"type", "array"}, {"items", Codec<T>::schema(b, c)}};
    if (c.min_items > 0)
      s["minItems"] = c.min_items;
    if (c.max_items)
      s["maxItems"] = *c.max_items;
    return s;
  }
  static std::string type_name() { return "array of " + Codec<T>::type_name(); }
};

std::string escape_pointer_token(const std::string& key);

/// Described structs: read key by key, with unknown-key, kind and required checks.
template <class S>
requires IsDescribed<S>::value struct Codec<S> {
  static void read(const Json& j, S& out, Context& ctx, const std::string& ptr, const Constraints&)
  {
    const ObjectDesc<S>& d = describe<S>();
    out = S{};
    if (!j.is_object()) {
      ctx.error(err::type, ptr, "expected an object (" + d.name + "), found " + describe_found(j));
      return;
    }
    const std::size_t errors_before = ctx.count();
    int kind = -1;
    if (!d.discriminator.empty()) {
      for (const auto& f : d.fields)
        if (f.key == d.discriminator && j.contains(f.key)) {
          const std::size_t before = ctx.count();
          f.read(j.at(f.key), out, ctx, ptr + "/" + f.key, f.c);
          if (ctx.count() == before)
            kind = d.kind_of(out);
        }
    }
    std::vector<std::string> known;
    for (const auto& f : d.fields)
      if (f.allowed_for(kind))
        known.push_back(f.key);
    for (const auto& [key, value] : j.items()) {
      const Field<S>* f = find(d, key);
      const std::string child = ptr + "/" + escape_pointer_token(key);
      if (f == nullptr) {
        std::string msg = "unknown key " + text::quoted(key) + " in " + d.name;
        if (auto guess = closest_key(key, known))
          msg += " (did you mean " + text::quoted(*guess) + "?)";
        ctx.error(err::unknown_key, child, msg);
      } else if (!f->allowed_for(kind)) {
        ctx.error(err::kind_key, child,
                  "key " + text::quoted(key) + " is not allowed for " + d.discriminator + " \"" +
                      d.kind_names[static_cast<std::size_t>(kind)] + "\"");
      } else if (key != d.discriminator) {
        f->read(value, out, ctx, child, f->c);
      }
    }
    for (const auto& f : d.fields)
      if (f.required && f.allowed_for(kind) && !j.contains(f.key)) {
        if (f.key != d.discriminator && kind < 0 && !d.discriminator.empty())
          continue; // without a valid kind, which fields are required is unknown
        std::string where = d.name;
        if (kind >= 0)
          where += " of " + d.discriminator + " \"" + d.kind_names[static_cast<std::size_t>(kind)] + "\"";
        ctx.error(err::missing, ptr + "/" + f.key, "missing required key " + text::quoted(f.key) + " in " + where);
      }
    if (ctx.count() == errors_before && d.check)
      d.check(out, ctx, ptr);
  }

  static std::optional<Json> write(const S& v)
  {
    const ObjectDesc<S>& d = describe<S>();
    const int kind = d.discriminator.empty() ? -1 : d.kind_of(v);
    Json o = Json::object();
    for (const auto& f : d.fields)
      if (f.allowed_for(kind))
        if (auto x = f.write(v))
          o[f.key] = std::move(*x);
    return o;
  }

  static Json schema(SchemaBuilder& b, const Constraints&)
  {
    const ObjectDesc<S>& d = describe<S>();
    if (!b.visited.count(d.name)) {
      b.visited.insert(d.name);
      b.defs[d.name] = Json::object(); // placeholders keep $defs and sections in first-visit order
      const std::size_t slot = b.sections.size();
      b.sections.emplace_back(d.name, markdown(d));
      Json def = object_schema(b, d);
      b.defs[d.name] = std::move(def);
      (void)slot;
    }
    return {{"$ref", "#/$defs/" + d.name}};
  }
  static std::string type_name() { return "object " + describe<S>().name; }

private:
  static const Field<S>* find(const ObjectDesc<S>& d, const std::string& key)
  {
    for (const auto& f : d.fields)
      if (f.key == key)
        return &f;
    return nullptr;
  }

  static Json default_of(const Field<S>& f)
  {
    if (f.required)
      return nullptr;
    auto v = f.write(S{});
    return v ? *v : Json(nullptr);
  }

  static Json variant_schema(SchemaBuilder& b, const ObjectDesc<S>& d, int kind)
  {
    Json props = Json::object();
    Json required = Json::array();
    for (const auto& f : d.fields) {
      if (!f.allowed_for(kind))
        continue;
      Json p = f.schema(b, f.c);
      if (kind >= 0 && f.key == d.discriminator)
        p = {{"const", d.kind_names[static_cast<std::size_t>(kind)]}};
      p["description"] = f.doc + (f.unit.empty() ? "" : " [" + f.unit + "]");
      Json def = default_of(f);
      if (!def.is_null())
        p["default"] = def;
      props[f.key] = std::move(p);
      if (f.required)
        required.push_back(f.key);
    }
    Json s = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
    if (!required.empty())
      s["required"] = required;
    return s;
  }

  static Json object_schema(SchemaBuilder& b, const ObjectDesc<S>& d)
  {
    if (d.discriminator.empty()) {
      Json s = variant_schema(b, d, -1);
      s["description"] = d.doc;
      return s;
    }
    Json variants = Json::array();
    for (std::size_t k = 0; k < d.kind_names.size(); ++k) {
      Json v = variant_schema(b, d, static_cast<int>(k));
      v["title"] = d.name + " " + d.kind_names[k];
      variants.push_back(std::move(v));
    }
    return {{"description", d.doc}, {"oneOf", variants}};
  }

  static std::string markdown(const ObjectDesc<S>& d)
  {
    std::string md = "### " + d.name + "\n\n" + d.doc + "\n\n";
    md += "| key | type | unit | required / default | allowed | description |";
    if (!d.discriminator.empty())
      md += " " + d.discriminator + " |";
    md += "\n| --- | --- | --- | --- | --- | --- |" + std::string(d.discriminator.empty() ? "" : " --- |") + "\n";
    for (const auto& f : d.fields) {
      std::string def =
          f.required ? "required" : (default_of(f).is_null() ? "optional" : "default `" + default_of(f).dump() + "`");
      std::string allowed = f.c.range_text();
      if (f.c.identifier)
        allowed = "identifier";
      if (f.c.min_items > 0)
        allowed +=
            (allowed.empty() ? "" : ", ") + std::string("at least ") + std::to_string(f.c.min_items) + " item(s)";
      if (f.c.max_items)
        allowed +=
            (allowed.empty() ? "" : ", ") + std::string("at most ") + std::to_string(*f.c.max_items) + " item(s)";
      if (f.c.only_value)
        allowed = "= " + std::to_string(*f.c.only_value);
      md += "| `" + f.key + "` | " + f.type_name() + " | " + f.unit + " | " + def + " | " + allowed + " | " + f.doc +
            " |";
      if (!d.discriminator.empty()) {
        std::string ks;
        if (f.kinds.empty())
          ks = "all";
        for (int k : f.kinds)
          ks += (ks.empty() ? "" : ", ") + d.kind_names[static_cast<std::size_t>(k)];
        md += " " + ks + " |";
      }
      md += "\n";
    }
    return md;
  }
};

// ---------------------------------------------------------------------------------------------------
// Whole documents: identity, JSON Schema and Markdown reference of a described root object

/// Stable 64-bit FNV-1a hash of a text, as 16 hex digits: the identity of a complete document.
std::string fnv1a_hex(std::string_view text);

template <class T>
struct Minimal {
  static std::optional<Json> write(const T& v) { return Codec<T>::write(v); }
};
template <class T>
struct Minimal<std::optional<T>> {
  static std::optional<Json> write(const std::optional<T>& v)
  {
    if (!v)
      return std::nullopt;
    return Minimal<T>::write(*v);
  }
};
template <class T>
struct Minimal<std::vector<T>> {
  static std::optional<Json> write(const std::vector<T>& v)
  {
    Json a = Json::array();
    for (const auto& x : v)
      a.push_back(*Minimal<T>::write(x));
    return a;
  }
};
template <class S>
requires IsDescribed<S>::value struct Minimal<S> {
  static std::optional<Json> write(const S& v)
  {
    const ObjectDesc<S>& d = describe<S>();
    const int kind = d.discriminator.empty() ? -1 : d.kind_of(v);
    Json o = Json::object();
    for (const auto& f : d.fields)
      if (f.allowed_for(kind) && (f.required || f.key == d.discriminator || !f.is_default(v)))
        if (auto x = f.write_minimal(v))
          o[f.key] = std::move(*x);
    return o;
  }
};

/// The document of a described object with every key that holds its default value left out: the identity of
/// its content, which a new key whose default keeps the old behaviour does not change.
template <class S>
Json minimal_document_of(const S& s)
{
  return *Minimal<S>::write(s);
}

/// The complete document of a described object (every key, defaults included).
template <class S>
Json document_of(const S& s)
{
  return *Codec<S>::write(s);
}

/// JSON Schema (draft 2020-12) of a described root object.
template <class S>
Json schema_of(const std::string& id, const std::string& title)
{
  SchemaBuilder b;
  Json root_ref = Codec<S>::schema(b, {});
  return {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
          {"$id", "https://gigaline.dev/schema/" + id + ".json"},
          {"title", title},
          {"$ref", root_ref["$ref"]},
          {"$defs", b.defs}};
}

/// Markdown reference of a described root object: one table per object it contains.
template <class S>
std::string reference_markdown_of()
{
  SchemaBuilder b;
  Codec<S>::schema(b, {});
  std::string md;
  for (const auto& [name, section] : b.sections)
    md += section + "\n";
  return md;
}

} // namespace gigaline::scenario
