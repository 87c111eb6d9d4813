// gigaline/scenario/Sweep.hpp — sweep files: a base scenario, factors (JSON pointers with value lists, ranges
// or distributions), a design (grid, one-at-a-time, Latin hypercube, Sobol) and replications. The strict loader.
#pragma once

#include "gigaline/scenario/Descriptor.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gigaline::scenario {

enum class RangeScale { linear, log };
enum class DistKind { uniform, loguniform, normal, triangular };
enum class DesignKind { grid, one_at_a_time, latin_hypercube, sobol };

/// Evenly spaced levels from min to max (on a log scale: evenly spaced logarithms).
struct FactorRange {
  double min = 0.0, max = 0.0;
  int steps = 2;
  RangeScale scale = RangeScale::linear;
  bool operator==(const FactorRange&) const = default;
};

/// A probability distribution of a factor: sampled by Latin hypercubes, its `levels` quantiles otherwise.
struct FactorDistribution {
  DistKind kind = DistKind::uniform;
  double min = 0.0, max = 0.0; ///< uniform, loguniform, triangular
  double mode = 0.0;           ///< triangular
  double mean = 0.0, sd = 0.0; ///< normal
  bool operator==(const FactorDistribution&) const = default;
};

struct Factor {
  std::string name; ///< column name in the results
  std::string path; ///< JSON pointer into the base scenario
  std::optional<std::vector<Json>> values;
  std::optional<FactorRange> range;
  std::optional<FactorDistribution> distribution;
  int levels = 3;       ///< quantiles of a distribution used by grid and one-at-a-time designs
  bool integer = false; ///< round numeric values to integers (machine counts, headcounts)
  bool operator==(const Factor&) const = default;
};

struct Design {
  DesignKind kind = DesignKind::grid;
  int samples = 10;       ///< points of a Latin hypercube; base rows N of a Sobol design (N x (factors + 2) points)
  std::uint64_t seed = 1; ///< of the Latin hypercube's permutations and positions, of the Sobol design's draws
  bool operator==(const Design&) const = default;
};

struct Sweep {
  int schema_version = 1;
  std::string name;
  std::string description;
  std::string base;             ///< scenario file, relative to the sweep file's directory
  std::vector<std::string> set; ///< overrides of the base scenario ("PATH=VALUE", as --set)
  std::vector<Factor> factors;
  Design design;
  int replications = 1;
  std::uint64_t seed = 1;
  bool common_random_numbers = true;
  bool operator==(const Sweep&) const = default;
};

struct LoadedSweep {
  std::string origin;    ///< the sweep file
  std::string base_path; ///< the base scenario file read
  Sweep sweep;
  Json base;        ///< the base scenario document, its `set` applied, known to be a valid scenario
  std::string hash; ///< 16 hex digits of the complete sweep document and the base document
};

/// Reads a sweep document without its base (overrides already applied): ValidationError ([sweep.E1xx]).
Sweep sweep_from_json(const Json& doc, const std::string& origin);
/// Loads a sweep file, applies `overrides` to it, loads the base scenario with the sweep's `set`, and checks
/// that every factor's path exists in the base. Errors of the sweep and of the base are reported with their
/// own origin (ValidationError of the first file with problems).
LoadedSweep load_sweep_file(const std::string& path, const std::vector<std::string>& overrides = {});

/// The sweep as a complete document: every key, defaults included.
Json to_json(const Sweep& s);
/// JSON Schema (draft 2020-12) and Markdown reference of the sweep format.
Json sweep_schema();
std::string sweep_reference_markdown();
/// True when the document is a sweep: an object with the top-level keys "base" and "factors".
bool is_sweep_document(const Json& doc);

} // namespace gigaline::scenario
