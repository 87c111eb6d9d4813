// src/scenario/Loader.cpp — the strict scenario loader: JSON syntax, overrides, the descriptor pass, then
// the checks that span objects (unique ids, references between stages, sources and lines).
#include "gigaline/scenario/Loader.hpp"

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

namespace {

/// Builds a document from nlohmann's SAX events as its own DOM parser does, and keeps what a message needs: the
/// JSON pointer of the value being read, and why and where parsing stopped. Nesting deeper than max_json_depth
/// stops it: deep enough documents overflow the stack of any recursive code that reads them.
class BoundedBuilder {
public:
  enum class Stop { none, syntax, overflow, depth };

  explicit BoundedBuilder(Json& root) : root_(root) {}

  bool null() { return put(nullptr) != nullptr; }
  bool boolean(bool v) { return put(v) != nullptr; }
  bool number_integer(Json::number_integer_t v) { return put(v) != nullptr; }
  bool number_unsigned(Json::number_unsigned_t v) { return put(v) != nullptr; }
  bool number_float(Json::number_float_t v, const Json::string_t&) { return put(v) != nullptr; }
  bool string(Json::string_t& v) { return put(std::move(v)) != nullptr; }
  bool binary(Json::binary_t& v) { return put(Json::binary(std::move(v))) != nullptr; }
  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool key(Json::string_t& k)
  {
    key_ = k;
    element_ = &(*stack_.back())[k];
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string&, const Json::exception& e)
  {
    position_ = position;
    // out_of_range.406: a number that does not fit a double (1e400)
    stop_ = e.id == 406 ? Stop::overflow : Stop::syntax;
    what_ = e.what();
    pointer_ = pointer();
    return false;
  }

  [[nodiscard]] Stop stop() const { return stop_; }
  [[nodiscard]] std::size_t position() const { return position_; }
  [[nodiscard]] const std::string& what() const { return what_; }
  [[nodiscard]] const std::string& stop_pointer() const { return pointer_; }

private:
  /// The pointer of the value about to be read: the open containers' tokens and its own key or index.
  std::string pointer() const
  {
    std::string p;
    for (const auto& t : tokens_)
      p += "/" + t;
    if (!stack_.empty())
      p += "/" + (stack_.back()->is_array() ? std::to_string(stack_.back()->size()) : escape_pointer_token(key_));
    return p;
  }
  Json* put(Json v)
  {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    if (stack_.back()->is_array()) {
      stack_.back()->push_back(std::move(v));
      return &stack_.back()->back();
    }
    *element_ = std::move(v);
    return element_;
  }
  bool open(Json container)
  {
    if (stack_.size() >= max_json_depth) {
      stop_ = Stop::depth;
      pointer_ = pointer();
      return false;
    }
    std::string token;
    if (!stack_.empty())
      token = stack_.back()->is_array() ? std::to_string(stack_.back()->size()) : escape_pointer_token(key_);
    stack_.push_back(put(std::move(container)));
    if (stack_.size() > 1)
      tokens_.push_back(std::move(token));
    return true;
  }
  bool close()
  {
    stack_.pop_back();
    if (!stack_.empty())
      tokens_.pop_back();
    return true;
  }

  Json& root_;
  std::vector<Json*> stack_;        ///< open containers, outermost first
  std::vector<std::string> tokens_; ///< pointer tokens of the open containers below the root
  std::string key_;                 ///< last key read in the innermost object
  Json* element_ = nullptr;         ///< where the value of that key goes
  Stop stop_ = Stop::none;
  std::size_t position_ = 0;
  std::string what_, pointer_;
};

/// Line and column of the byte before `byte` (nlohmann counts the byte it stopped at).
std::string line_column(std::string_view text, std::size_t byte)
{
  std::size_t line = 1, column = 1;
  const std::size_t end = std::min<std::size_t>(byte == 0 ? 0 : byte - 1, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

/// The text of the number nlohmann could not hold, from "... number overflow parsing '1e400'".
std::string overflowed_number(const std::string& what)
{
  const auto open = what.find('\''), close = what.rfind('\'');
  return open != std::string::npos && close > open ? what.substr(open + 1, close - open - 1) : what;
}

std::string too_large_message(const std::string& number)
{
  return "expected a number a double can hold (magnitude at most 1.8e308), found " + number;
}

std::string too_deep_message()
{
  return "expected arrays and objects nested at most " + std::to_string(max_json_depth) + " deep, found deeper";
}

} // namespace

Json parse_json(std::string_view text, const std::string& origin, const std::string& prefix)
{
  Json doc;
  BoundedBuilder b(doc);
  if (Json::sax_parse(text.begin(), text.end(), &b))
    return doc;
  Context ctx(prefix);
  switch (b.stop()) {
  case BoundedBuilder::Stop::overflow:
    ctx.error(err::range, b.stop_pointer(), too_large_message(overflowed_number(b.what())));
    break;
  case BoundedBuilder::Stop::depth:
    ctx.error(err::depth, b.stop_pointer(), too_deep_message());
    break;
  default: {
    // nlohmann gives a byte offset; users need line and column.
    std::string what = b.what();
    // keep nlohmann's explanation after "parse error at line L, column C: " / "syntax error while parsing ..."
    if (auto pos = what.find("syntax error"); pos != std::string::npos)
      what = what.substr(pos);
    ctx.error(err::syntax, "", "invalid JSON at " + line_column(text, b.position()) + ": " + what);
  }
  }
  throw ValidationError(origin, ctx.diagnostics());
}

std::string read_text_file(const std::string& path, const std::string& prefix)
{
  auto fail = [&](const std::string& why) {
    Context ctx(prefix);
    ctx.error(err::io, "", "cannot read file \"" + path + "\": " + why);
    throw ValidationError(path, ctx.diagnostics());
  };
  // read in blocks up to the limit: a device or a pipe (/dev/zero) has no size to check first
  auto read_all = [&](std::istream& in) {
    std::string text;
    std::array<char, 1 << 16> block{};
    while (in.read(block.data(), block.size()) || in.gcount() > 0) {
      text.append(block.data(), static_cast<std::size_t>(in.gcount()));
      if (text.size() > max_file_bytes)
        fail("larger than " + std::to_string(max_file_bytes >> 20) + " MiB, the largest input gigaline reads");
    }
    if (in.bad())
      fail("read error");
    return text;
  };
  if (path == "-") {
    // standard input: read once, then the same text each time (a command may look at its file twice: its kind,
    // then its content)
    static std::optional<std::string> stdin_text;
    if (!stdin_text)
      stdin_text = read_all(std::cin);
    return *stdin_text;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    fail("it is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(std::filesystem::exists(path, ec) ? "permission denied or not a regular file" : "no such file");
  return read_all(in);
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
    try {
      (void)Json(set).dump(); // a string that is not UTF-8 would make every later dump throw
    } catch (const Json::type_error& e) {
      const std::string what = e.what();
      ctx.error(err::override_syntax, "", "--set expects UTF-8 text, found an " + what.substr(what.find("] ") + 2));
      continue;
    }
    const std::string path = set.substr(0, eq), text = set.substr(eq + 1);
    Json value;
    BoundedBuilder b(value);
    if (!Json::sax_parse(text.begin(), text.end(), &b)) {
      if (b.stop() == BoundedBuilder::Stop::overflow) {
        ctx.error(err::range, path + b.stop_pointer(), too_large_message(overflowed_number(b.what())));
        continue;
      }
      if (b.stop() == BoundedBuilder::Stop::depth) {
        ctx.error(err::depth, path + b.stop_pointer(), too_deep_message());
        continue;
      }
      value = text; // not JSON: a plain string, as users type it
    }
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
                    "expected each input once, found \"" + in + "\" again (first at " + sp + "/inputs/" +
                        std::to_string(first->second) + "): a lot would wait for its own stage twice");
        else if (it == index.end() || it->second >= i)
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
