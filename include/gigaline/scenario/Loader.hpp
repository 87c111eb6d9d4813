// gigaline/scenario/Loader.hpp — reading scenarios: strict JSON loading with overrides, the checks that
// span objects (ids, references), writing back to JSON, and the JSON Schema / Markdown exports.
#pragma once

#include "gigaline/scenario/Descriptor.hpp"
#include "gigaline/scenario/Scenario.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gigaline::scenario {

/// Deepest nesting of arrays and objects a document may have. The deepest shipped scenario nests 5 levels; the
/// limit keeps every recursive reader (copies, dumps, comparisons) far from the end of the stack.
inline constexpr std::size_t max_json_depth = 64;
/// Largest file read_text_file reads: the largest shipped scenario is about 30 KB, a sweep or a summary.json of a
/// long run a few MB.
inline constexpr std::size_t max_file_bytes = std::size_t{64} << 20;

/// Parses JSON text; a syntax error throws ValidationError ([<prefix>.E100], with line and column), a number no
/// double can hold [<prefix>.E104] and nesting deeper than max_json_depth [<prefix>.E115], with their pointer.
Json parse_json(std::string_view text, const std::string& origin, const std::string& prefix = "scenario");
/// Reads a whole file ("-": standard input, read once and kept for later calls); a missing or unreadable file, a
/// directory or a file larger than max_file_bytes throws ValidationError ([<prefix>.E114]).
std::string read_text_file(const std::string& path, const std::string& prefix = "scenario");

/// An override's value (the text after "=" of PATH=VALUE): its JSON when it is JSON, bounded as parse_json, or else
/// the text itself as a string; nullopt, with an error at PATH + the value's pointer in ctx, when a number is too
/// large for a double or nesting too deep.
std::optional<Json> parse_override_value(const std::string& text, const std::string& path, Context& ctx);
/// Applies "--set PATH=VALUE" overrides to a document. VALUE is JSON; text that is not JSON is taken as
/// a string. Problems are reported to ctx with the override's path as pointer.
void apply_overrides(Json& doc, const std::vector<std::string>& sets, Context& ctx);

/// Reads a validated scenario from a document (overrides already applied). Throws ValidationError
/// carrying every problem found.
Scenario from_json(const Json& doc, const std::string& origin);
/// Loads, overrides and validates. `origin` names the document in messages (the file path).
Scenario load_scenario_text(std::string_view text, const std::string& origin,
                            const std::vector<std::string>& overrides = {});
Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides = {});
/// The document of a scenario file with overrides applied, after checking that it is a valid scenario.
/// The overrides whose parent object the file does not have, so that applying them creates it: (path, parent).
/// Nothing when the file cannot be read or parsed (the loader reports that).
std::vector<std::pair<std::string, std::string>> overrides_creating(const std::string& path,
                                                                    const std::vector<std::string>& overrides);

Json load_scenario_document(const std::string& path, const std::vector<std::string>& overrides = {});

/// Sets numbers of a document at JSON pointers (calibration parameters); the pointers must exist.
Json with_numbers(Json doc, const std::vector<std::string>& paths, const std::vector<double>& values);
/// The number at a JSON pointer of a document.
double number_at(const Json& doc, const std::string& path);

/// The scenario as a complete document: every key, defaults included, in the table's order.
Json to_json(const Scenario& s);

/// Stable 64-bit FNV-1a hash (16 hex digits) of the scenario's content (keys at their default left out): its
/// identity, unchanged when the format gains a key the scenario does not use.
std::string scenario_hash(const Scenario& s);

/// JSON Schema (draft 2020-12) of the scenario format.
Json scenario_schema();
/// Markdown reference of the scenario format, one table per object.
std::string scenario_reference_markdown();

} // namespace gigaline::scenario
