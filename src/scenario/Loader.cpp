// src/scenario/Loader.cpp — the strict scenario loader: JSON syntax, overrides, the descriptor pass, then
// the checks that span objects (unique ids, references between stages, sources and lines).
#include "gigaline/scenario/Loader.hpp"

#include "gigaline/scenario/ScenarioDescriptors.hpp"

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace gigaline::scenario {

Json parse_json(std::string_view text, const std::string& origin, const std::string& prefix)
{
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann gives a byte offset; users need line and column.
    std::size_t line = 1, column = 1;
    const std::size_t end = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    for (std::size_t i = 0; i < end; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string what = e.what();
    // keep nlohmann's explanation after "parse error at line L, column C: " / "syntax error while parsing ..."
    if (auto pos = what.find("syntax error"); pos != std::string::npos)
      what = what.substr(pos);
    Context ctx(prefix);
    ctx.error(err::syntax, "",
              "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what);
    throw ValidationError(origin, ctx.diagnostics());
  }
}

std::string read_text_file(const std::string& path, const std::string& prefix)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Context ctx(prefix);
    ctx.error(err::io, "", "cannot read file \"" + path + "\"");
    throw ValidationError(path, ctx.diagnostics());
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void apply_overrides(Json& doc, const std::vector<std::string>& sets, Context& ctx)
{
  for (const auto& set : sets) {
    const auto eq = set.find('=');
    if (eq == std::string::npos || eq == 0 || set[0] != '/') {
      ctx.error(err::override_syntax, "",
                "--set expects PATH=VALUE with PATH a JSON pointer such as "
                "/run/seed, found \"" +
                    set + "\"");
      continue;
    }
    const std::string path = set.substr(0, eq), text = set.substr(eq + 1);
    Json value;
    try {
      value = Json::parse(text);
    } catch (const nlohmann::json::parse_error&) {
      value = text; // not JSON: a plain string, as users type it
    }
    try {
      // Walk the path like `mkdir -p`: missing objects on the way are created (validation then rejects
      // keys that are not in the format), array indices must exist ("-" appends at the end).
      const Json::json_pointer ptr(path);
      Json* node = &doc;
      std::string at;
      std::vector<std::string> tokens;
      for (auto p = ptr; !p.empty(); p = p.parent_pointer())
        tokens.insert(tokens.begin(), p.back());
      bool failed = false;
      for (std::size_t i = 0; i < tokens.size() && !failed; ++i) {
        const std::string& t = tokens[i];
        const bool last = i + 1 == tokens.size();
        if (node->is_object()) {
          if (!node->contains(t))
            (*node)[t] = last ? value : Json::object();
          else if (last)
            (*node)[t] = value;
          node = &(*node)[t];
        } else if (node->is_array()) {
          const bool numeric = !t.empty() && t.find_first_not_of("0123456789") == std::string::npos;
          if (t == "-" && last) {
            node->push_back(value);
          } else if (numeric && std::stoul(t) < node->size()) {
            node = &(*node)[std::stoul(t)];
            if (last)
              *node = value;
          } else {
            ctx.error(err::override_path, path,
                      "--set cannot set " + path + ": " + (at.empty() ? "(root)" : at) + " has " +
                          std::to_string(node->size()) + " item(s), index \"" + t +
                          "\" is not one of them (use \"-\" to append)");
            failed = true;
          }
        } else {
          ctx.error(err::override_path, path,
                    "--set cannot set " + path + ": " + (at.empty() ? "(root)" : at) + " is " + json_type_of(*node) +
                        ", not an object or array");
          failed = true;
        }
        at += "/" + escape_pointer_token(t);
      }
    } catch (const nlohmann::json::exception&) {
      ctx.error(err::override_path, path, "--set path \"" + path + "\" is not a valid JSON pointer");
    }
  }
}

namespace {

template <class T, class GetId>
void check_unique(const std::vector<T>& items, GetId get_id, const std::string& ptr, const char* what, Context& ctx)
{
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& id = get_id(items[i]);
    if (id.empty())
      continue;
    auto [it, inserted] = seen.emplace(id, i);
    if (!inserted)
      ctx.error(err::duplicate, ptr + "/" + std::to_string(i) + "/id",
                std::string("expected a unique ") + what + " id, found \"" + id + "\" again (first at " + ptr + "/" +
                    std::to_string(it->second) + ")");
  }
}

bool is_number_at(const Json& doc, const std::string& path)
{
  try {
    const Json::json_pointer ptr(path);
    return doc.contains(ptr) && doc.at(ptr).is_number();
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

void check_line(const Line& line, const std::string& ptr, Context& ctx)
{
  check_unique(
      line.stages, [](const Stage& s) -> const std::string& { return s.id; }, ptr + "/stages", "stage", ctx);
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < line.stages.size(); ++i)
    index.emplace(line.stages[i].id, i);
  std::vector<bool> consumed(line.stages.size(), false);
  for (std::size_t i = 0; i < line.stages.size(); ++i) {
    const Stage& s = line.stages[i];
    const std::string sp = ptr + "/stages/" + std::to_string(i);
    if (!s.inputs) {
      if (i > 0)
        consumed[i - 1] = true;
    } else {
      for (std::size_t j = 0; j < s.inputs->size(); ++j) {
        const std::string& in = (*s.inputs)[j];
        auto it = index.find(in);
        if (it == index.end() || it->second >= i)
          ctx.error(err::reference, sp + "/inputs/" + std::to_string(j),
                    "expected the id of an earlier stage of line \"" + line.id + "\", found \"" + in + "\"");
        else
          consumed[it->second] = true;
      }
    }
    if (s.scrap.latent_fraction > 0 || !s.scrap.detected_at.empty()) {
      if (!s.scrap.detected_at.empty()) {
        auto it = index.find(s.scrap.detected_at);
        if (it == index.end() || it->second <= i)
          ctx.error(err::reference, sp + "/scrap/detected_at",
                    "expected the id of a later stage of line \"" + line.id + "\", found \"" + s.scrap.detected_at +
                        "\"");
      } else {
        bool found = false;
        for (std::size_t j = i + 1; j < line.stages.size(); ++j)
          found = found || line.stages[j].kind == StageKind::formation;
        if (!found)
          ctx.error(err::reference, sp + "/scrap/latent_fraction",
                    "latent defects need a later formation stage or scrap.detected_at, and line \"" + line.id +
                        "\" has none after stage \"" + s.id + "\"");
      }
    }
  }
  for (std::size_t i = 0; i + 1 < line.stages.size(); ++i)
    if (!consumed[i])
      ctx.error(err::inconsistent, ptr + "/stages/" + std::to_string(i),
                "stage \"" + line.stages[i].id + "\" feeds no later stage; only the last stage may be the output");
}

void check_scenario(const Scenario& s, const Json& full, Context& ctx)
{
  check_unique(
      s.sources, [](const Source& x) -> const std::string& { return x.id; }, "/sources", "source", ctx);
  check_unique(
      s.lines, [](const Line& x) -> const std::string& { return x.id; }, "/lines", "line", ctx);
  check_unique(
      s.events, [](const Event& x) -> const std::string& { return x.id; }, "/events", "event", ctx);
  check_unique(
      s.observations, [](const Observation& x) -> const std::string& { return x.id; }, "/observations", "observation",
      ctx);
  for (std::size_t i = 0; i < s.lines.size(); ++i)
    if (!ctx.has_errors_under("/lines/" + std::to_string(i)))
      check_line(s.lines[i], "/lines/" + std::to_string(i), ctx);

  std::set<std::string> sources, lines;
  for (const auto& x : s.sources)
    sources.insert(x.id);
  for (const auto& x : s.lines)
    lines.insert(x.id);
  const bool sources_ok = !ctx.has_errors_under("/sources"), lines_ok = !ctx.has_errors_under("/lines");
  for (std::size_t i = 0; i < s.observations.size(); ++i) {
    const auto& o = s.observations[i];
    const std::string p = "/observations/" + std::to_string(i);
    if (sources_ok && !o.source.empty() && !sources.count(o.source))
      ctx.error(err::reference, p + "/source", "expected the id of a source in /sources, found \"" + o.source + "\"");
    if (lines_ok && !o.line.empty() && !lines.count(o.line))
      ctx.error(err::reference, p + "/line", "expected the id of a line in /lines, found \"" + o.line + "\"");
  }
  for (std::size_t i = 0; i < s.events.size(); ++i)
    if (lines_ok && !s.events[i].line.empty() && !lines.count(s.events[i].line))
      ctx.error(err::reference, "/events/" + std::to_string(i) + "/line",
                "expected the id of a line in /lines, found \"" + s.events[i].line + "\"");
  if (s.ramp_up.skill && !s.workforce)
    ctx.error(err::inconsistent, "/ramp_up/skill", "skill-based learning needs a /workforce section, found none");
  if (s.staffing && !s.workforce)
    ctx.error(err::inconsistent, "/staffing",
              "staffing hires on /workforce/local_staff: it needs a /workforce section, "
              "found none");
  if (s.demand && s.demand->unit == DemandUnit::vehicles && !(s.product.pack_kwh > 0))
    ctx.error(err::inconsistent, "/demand/unit",
              "a demand in vehicles needs /product/pack_kwh > 0, found " + format_number(s.product.pack_kwh));
  for (std::size_t i = 0; i < s.calibration.parameters.size(); ++i) {
    const auto& p = s.calibration.parameters[i];
    if (!p.path.empty() && !is_number_at(full, p.path))
      ctx.error(err::reference, "/calibration/parameters/" + std::to_string(i) + "/path",
                "expected a JSON pointer to a number of this scenario, found \"" + p.path + "\"");
  }
  for (std::size_t i = 0; i < s.calibration.assumptions.size(); ++i) {
    const auto& p = s.calibration.assumptions[i];
    if (!p.path.empty() && !is_number_at(full, p.path))
      ctx.error(err::reference, "/calibration/assumptions/" + std::to_string(i) + "/path",
                "expected a JSON pointer to a number of this scenario, found \"" + p.path + "\"");
  }
}

} // namespace

Scenario from_json(const Json& doc, const std::string& origin)
{
  Context ctx("scenario");
  Scenario s;
  Codec<Scenario>::read(doc, s, ctx, "", {});
  if (doc.is_object()) {
    // Checks across objects run on what did read; references into broken parts are skipped.
    check_scenario(s, *Codec<Scenario>::write(s), ctx);
  }
  if (ctx.count() > 0)
    throw ValidationError(origin, ctx.diagnostics());
  return s;
}

Scenario load_scenario_text(std::string_view text, const std::string& origin, const std::vector<std::string>& overrides)
{
  Json doc = parse_json(text, origin);
  if (!overrides.empty()) {
    Context ctx("scenario");
    apply_overrides(doc, overrides, ctx);
    if (ctx.count() > 0)
      throw ValidationError(origin, ctx.diagnostics());
  }
  return from_json(doc, origin);
}

Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides)
{
  return load_scenario_text(read_text_file(path), path, overrides);
}

Json load_scenario_document(const std::string& path, const std::vector<std::string>& overrides)
{
  Json doc = parse_json(read_text_file(path), path);
  Context ctx("scenario");
  apply_overrides(doc, overrides, ctx);
  if (ctx.count() > 0)
    throw ValidationError(path, ctx.diagnostics());
  (void)from_json(doc, path);
  return doc;
}

Json with_numbers(Json doc, const std::vector<std::string>& paths, const std::vector<double>& values)
{
  for (std::size_t i = 0; i < paths.size(); ++i)
    doc[Json::json_pointer(paths[i])] = values[i];
  return doc;
}

double number_at(const Json& doc, const std::string& path)
{
  return doc.at(Json::json_pointer(path)).get<double>();
}

Json to_json(const Scenario& s)
{
  return document_of(s);
}

std::string scenario_hash(const Scenario& s)
{
  // keys at their default value are left out, so that adding a key to the format keeps the hashes (and the
  // baselines) of scenarios that do not use it
  return fnv1a_hex(minimal_document_of(s).dump());
}

Json scenario_schema()
{
  return schema_of<Scenario>("scenario-1", "gigaline scenario");
}

std::string scenario_reference_markdown()
{
  return reference_markdown_of<Scenario>();
}

} // namespace gigaline::scenario
