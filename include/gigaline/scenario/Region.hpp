// gigaline/scenario/Region.hpp — region files: several plant scenarios run together to a common end date,
// with regional targets and observed job counts. The strict loader of the format, and its JSON Schema.
#pragma once

#include "gigaline/core/Date.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/scenario/Descriptor.hpp"
#include "gigaline/scenario/Scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gigaline::scenario {

/// A plant of the region: a scenario file, relative to the region file's directory.
struct PlantRef {
  std::string scenario;
  bool operator==(const PlantRef&) const = default;
};

/// Published regional targets, compared with the model year by year.
struct RegionTargets {
  double batteries_per_year = 0.0; ///< vehicle packs per calendar year
  int direct_jobs = 0;             ///< people employed by the plants
  std::string source;
  bool operator==(const RegionTargets&) const = default;
};

/// A published headcount of all the plants together on a date.
struct JobsObservation {
  Date date;
  int headcount = 0;
  std::string source;
  bool operator==(const JobsObservation&) const = default;
};

struct RegionSpec {
  std::vector<PlantRef> plants;
  Date end_date; ///< every plant runs from its own start date to this day, inclusive
  std::optional<RegionTargets> targets;
  std::vector<JobsObservation> jobs_observed;
  bool operator==(const RegionSpec&) const = default;
};

struct Region {
  int schema_version = 1;
  std::string name;
  std::string description;
  std::vector<Source> sources;
  RegionSpec region;
  Run run; ///< seed and replications of every plant
  bool operator==(const Region&) const = default;
};

/// A plant as the region runs it: its scenario with the region's horizon, seed and replications applied.
struct RegionPlant {
  std::string ref;  ///< as written in the region file
  std::string path; ///< the file read (region directory + ref)
  Scenario scenario;
};

struct LoadedRegion {
  std::string origin; ///< the region file
  Region region;
  std::vector<RegionPlant> plants;
};

/// Problems in a region file and in its plant files: one ValidationError per file with problems (the region
/// file first, then the plants in order), each with its own origin. what() lists them all.
class RegionError : public InputError {
public:
  explicit RegionError(std::vector<ValidationError> errors);
  [[nodiscard]] const std::vector<ValidationError>& errors() const { return errors_; }

private:
  std::vector<ValidationError> errors_;
};

/// True when the document is a region: an object with the top-level key "region".
bool is_region_document(const Json& doc);
/// True when the file reads, parses and is a region document (false otherwise: the scenario loader reports).
bool is_region_file(const std::string& path);

/// Reads a region document without its plants (overrides already applied). Throws ValidationError
/// ([region.E1xx]) carrying every problem of the document.
Region region_from_json(const Json& doc, const std::string& origin);
/// Loads a region file, applies the overrides to the region document, then loads every plant with the normal
/// scenario loader, its /calendar/horizon_days set to reach region.end_date (inclusive) and its /run taken
/// from the region. Throws RegionError with the problems of every file at once.
LoadedRegion load_region_file(const std::string& path, const std::vector<std::string>& overrides = {});

/// The region as a complete document: every key, defaults included.
Json to_json(const Region& r);
/// Stable 64-bit FNV-1a hash (16 hex digits) of the complete region document (the plants have their own).
std::string region_hash(const Region& r);

/// JSON Schema (draft 2020-12) of the region format.
Json region_schema();
/// Markdown reference of the region format, one table per object.
std::string region_reference_markdown();

} // namespace gigaline::scenario
