// src/scenario/Loader.cpp — the strict scenario loader: overrides, the descriptor pass, then the checks that span
// objects (unique ids, references between stages, sources and lines). Reading JSON text is JsonText.cpp.
#include "gigaline/scenario/Loader.hpp"

#include "gigaline/core/Text.hpp"
#include "gigaline/scenario/ScenarioDescriptors.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace gigaline::scenario {

void apply_overrides(Json& doc, const std::vector<std::string>& sets, Context& ctx)
{
  for (const auto& set : sets) {
    const auto eq = set.find('=');
    if (eq == std::string::npos || eq == 0 || set[0] != '/') {
      ctx.error(err::override_syntax, "",
                "--set expects PATH=VALUE with PATH a JSON pointer such as "
                "/run/seed, found " +
                    text::quoted(set));
      continue;
    }
    try {
      (void)Json(set).dump(); // a string that is not UTF-8 would make every later dump throw
    } catch (const Json::type_error& e) {
      const std::string what = e.what();
      ctx.error(err::override_syntax, "", "--set expects UTF-8 text, found an " + what.substr(what.find("] ") + 2));
      continue;
    }
    const std::string path = set.substr(0, eq), text = set.substr(eq + 1);
    std::optional<Json> parsed = parse_override_value(text, path, ctx);
    if (!parsed)
      continue;
    Json value = std::move(*parsed);
    try {
      // Walk the path like `mkdir -p`: missing objects on the way are created (validation then rejects
      // keys that are not in the format), array indices must exist ("-" appends at the end).
      (void)Json::json_pointer(path); // throws when the path is not a JSON pointer
      Json* node = &doc;
      std::string at;
      std::vector<std::string> tokens;
      for (std::size_t start = 1; start <= path.size();) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos)
          end = path.size();
        std::string t;
        for (std::size_t i = start; i < end; ++i)
          if (path[i] == '~')
            t += path[++i] == '1' ? '/' : '~'; // the constructor checked: "~" is followed by 0 or 1
          else
            t += path[i];
        tokens.push_back(std::move(t));
        start = end + 1;
      }
      if (tokens.size() > max_json_depth) {
        ctx.error(err::depth, "",
                  "--set expects a path of at most " + std::to_string(max_json_depth) + " tokens, found " +
                      std::to_string(tokens.size()));
        continue;
      }
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
          // an index as RFC 6901 writes it: "0", or digits without a leading zero (below 10^18: no overflow)
          const bool index = t == "0" || (!t.empty() && t[0] >= '1' && t[0] <= '9' && t.size() <= 18 &&
                                          t.find_first_not_of("0123456789") == std::string::npos);
          if (t == "-" && last) {
            node->push_back(value);
          } else if (index && std::stoull(t) < node->size()) {
            node = &(*node)[std::stoull(t)];
            if (last)
              *node = value;
          } else {
            ctx.error(err::override_path, path,
                      "--set cannot set " + path + ": " + (at.empty() ? "(root)" : at) + " has " +
                          std::to_string(node->size()) + " item(s), index " + text::quoted(t) +
                          " is not one of them (use \"-\" to append)");
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
                std::string("expected a unique ") + what + " id, found " + text::quoted(id) + " again (first at " +
                    ptr + "/" + std::to_string(it->second) + ")");
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

/// `doc` is the line as written: some checks need to know whether a key was given at all.
void check_line(const Line& line, const Json& doc, const std::string& ptr, Context& ctx)
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
    const Json& written = doc.at("stages").at(i);
    const bool raw_fed = s.inputs ? s.inputs->empty() : i == 0;
    // by value, not by presence: documents gigaline writes (to_json) carry every key at its default
    if (raw_fed && s.buffer_lots != Stage{}.buffer_lots)
      ctx.error(err::inconsistent, sp + "/buffer_lots",
                "expected no buffer_lots on a raw-fed stage (the first stage, or inputs []): raw material waits in "
                "no buffer, found " +
                    std::to_string(s.buffer_lots));
    if (written.contains("scrap") && written.at("scrap").contains("initial") && !written.at("scrap").contains("mature"))
      ctx.error(err::missing, sp + "/scrap/mature",
                "missing required key \"mature\" in Scrap with initial (absent, a mature line would make no "
                "defects)");
    if (!s.inputs) {
      if (i > 0)
        consumed[i - 1] = true;
    } else {
      std::map<std::string, std::size_t> seen;
      for (std::size_t j = 0; j < s.inputs->size(); ++j) {
        const std::string& in = (*s.inputs)[j];
        auto it = index.find(in);
        if (auto [first, inserted] = seen.emplace(in, j); !inserted)
          ctx.error(err::duplicate, sp + "/inputs/" + std::to_string(j),
                    "expected each input once, found " + text::quoted(in) + " again (first at " + sp + "/inputs/" +
                        std::to_string(first->second) + "): a lot would wait for its own stage twice");
        else if (it == index.end() || it->second >= i)
          ctx.error(err::reference, sp + "/inputs/" + std::to_string(j),
                    "expected the id of an earlier stage of line " + text::quoted(line.id) + ", found " +
                        text::quoted(in));
        else
          consumed[it->second] = true;
      }
    }
    if (s.scrap.latent_fraction > 0 || !s.scrap.detected_at.empty()) {
      if (!s.scrap.detected_at.empty()) {
        auto it = index.find(s.scrap.detected_at);
        if (it == index.end() || it->second <= i)
          ctx.error(err::reference, sp + "/scrap/detected_at",
                    "expected the id of a later stage of line " + text::quoted(line.id) + ", found " +
                        text::quoted(s.scrap.detected_at));
      } else {
        bool found = false;
        for (std::size_t j = i + 1; j < line.stages.size(); ++j)
          found = found || line.stages[j].kind == StageKind::formation;
        if (!found)
          ctx.error(err::reference, sp + "/scrap/latent_fraction",
                    "latent defects need a later formation stage or scrap.detected_at, and line " +
                        text::quoted(line.id) + " has none after stage " + text::quoted(s.id));
      }
    }
  }
  for (std::size_t i = 0; i + 1 < line.stages.size(); ++i)
    if (!consumed[i])
      ctx.error(err::inconsistent, ptr + "/stages/" + std::to_string(i),
                "stage " + text::quoted(line.stages[i].id) +
                    " feeds no later stage; only the last stage may be the output");
}

/// `doc` is the scenario as written, `full` as read (every default written out).
void check_scenario(const Scenario& s, const Json& doc, const Json& full, Context& ctx)
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
      check_line(s.lines[i], doc.at("lines").at(i), "/lines/" + std::to_string(i), ctx);
  // a plant whose lines all start after the end of the run makes all zeros; one late line of several is what a
  // shortened horizon (a quick run, a sweep's set) gives, and is no error
  if (!ctx.has_errors_under("/calendar") && !ctx.has_errors_under("/lines") && !s.lines.empty()) {
    std::size_t first = 0;
    for (std::size_t i = 1; i < s.lines.size(); ++i)
      if (s.lines[i].sop_date < s.lines[first].sop_date)
        first = i;
    if (s.lines[first].sop_date - s.calendar.start_date >= s.calendar.horizon_days)
      ctx.error(err::inconsistent, "/lines/" + std::to_string(first) + "/sop_date",
                "expected a line starting before the end of the run (" +
                    (s.calendar.start_date + static_cast<int>(std::ceil(s.calendar.horizon_days))).to_string() +
                    "), found the first SOP on \"" + s.lines[first].sop_date.to_string() +
                    "\": the run would make nothing");
  }
  int lines_in_all = 0;
  for (const auto& l : s.lines)
    lines_in_all += l.count;
  if (lines_in_all > 100 && !ctx.has_errors_under("/lines"))
    ctx.error(err::range, "/lines",
              "expected at most 100 lines in all (count included), found " + std::to_string(lines_in_all));

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
      ctx.error(err::reference, p + "/source",
                "expected the id of a source in /sources, found " + text::quoted(o.source));
    if (lines_ok && !o.line.empty() && !lines.count(o.line))
      ctx.error(err::reference, p + "/line", "expected the id of a line in /lines, found " + text::quoted(o.line));
  }
  for (std::size_t i = 0; i < s.events.size(); ++i)
    if (lines_ok && !s.events[i].line.empty() && !lines.count(s.events[i].line))
      ctx.error(err::reference, "/events/" + std::to_string(i) + "/line",
                "expected the id of a line in /lines, found " + text::quoted(s.events[i].line));
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
                "expected a JSON pointer to a number of this scenario, found " + text::quoted(p.path));
  }
  for (std::size_t i = 0; i < s.calibration.assumptions.size(); ++i) {
    const auto& p = s.calibration.assumptions[i];
    if (!p.path.empty() && !is_number_at(full, p.path))
      ctx.error(err::reference, "/calibration/assumptions/" + std::to_string(i) + "/path",
                "expected a JSON pointer to a number of this scenario, found " + text::quoted(p.path));
  }
}

} // namespace

Scenario from_json(const Json& doc, const std::string& origin)
{
  Context ctx("scenario");
  // another of gigaline's formats: one clear error rather than a list of unknown and missing keys
  if (doc.is_object() && !doc.contains("lines")) {
    if (doc.contains("base") && doc.contains("factors")) {
      ctx.error(err::other_format, "",
                "this is a sweep file (it has base and factors), not a scenario: use gigaline "
                "sweep FILE (or gigaline validate, which reads both)");
      throw ValidationError(origin, ctx.diagnostics());
    }
    if (doc.contains("region")) {
      ctx.error(err::other_format, "",
                "this is a region file (it has region), not a scenario: gigaline run and "
                "validate read it as such; calibrate, forecast, baseline and check need a "
                "scenario");
      throw ValidationError(origin, ctx.diagnostics());
    }
  }
  Scenario s;
  Codec<Scenario>::read(doc, s, ctx, "", {});
  if (doc.is_object()) {
    // Checks across objects run on what did read; references into broken parts are skipped.
    check_scenario(s, doc, *Codec<Scenario>::write(s), ctx);
  }
  if (ctx.count() > 0)
    throw ValidationError(origin, ctx.diagnostics());
  return s;
}

namespace {
/// Applies the overrides to the document and reads it. A bad override does not hide the document's own
/// problems: both are reported, the overrides' first.
Scenario read_with_overrides(Json& doc, const std::string& origin, const std::vector<std::string>& overrides)
{
  Context ctx("scenario");
  apply_overrides(doc, overrides, ctx);
  if (ctx.count() == 0)
    return from_json(doc, origin);
  auto diagnostics = ctx.diagnostics();
  try {
    (void)from_json(doc, origin);
  } catch (const ValidationError& e) {
    diagnostics.insert(diagnostics.end(), e.diagnostics().begin(), e.diagnostics().end());
  }
  throw ValidationError(origin, diagnostics);
}
} // namespace

Scenario load_scenario_text(std::string_view text, const std::string& origin, const std::vector<std::string>& overrides)
{
  Json doc = parse_json(text, origin);
  return read_with_overrides(doc, origin, overrides);
}

Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides)
{
  return load_scenario_text(read_text_file(path), path, overrides);
}

Json load_scenario_document(const std::string& path, const std::vector<std::string>& overrides)
{
  Json doc = parse_json(read_text_file(path), path);
  (void)read_with_overrides(doc, path, overrides);
  return doc;
}

std::vector<std::pair<std::string, std::string>> overrides_creating(const std::string& path,
                                                                    const std::vector<std::string>& overrides)
{
  std::vector<std::pair<std::string, std::string>> out;
  Json doc;
  try {
    doc = parse_json(read_text_file(path), path);
  } catch (const InputError&) {
    return out;
  }
  for (const auto& set : overrides) {
    const auto eq = set.find('=');
    if (eq == std::string::npos || set.empty() || set[0] != '/')
      continue;
    try {
      const Json::json_pointer p(set.substr(0, eq));
      if (!p.empty() && !doc.contains(p.parent_pointer()))
        out.emplace_back(set.substr(0, eq), p.parent_pointer().to_string());
    } catch (const std::exception&) {
      // a malformed pointer is the loader's to report
    }
  }
  return out;
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
