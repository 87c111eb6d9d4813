// src/scenario/Sweep.cpp — the table of the sweep format and its strict loader: the sweep document first, then
// its base scenario through the normal scenario loader, then the factors' paths against the base.
#include "gigaline/scenario/Sweep.hpp"

#include "gigaline/core/Text.hpp"
#include "gigaline/scenario/Loader.hpp"
#include "gigaline/scenario/ScenarioDescriptors.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

namespace gigaline::scenario {

/// A factor value as written: a number, a string or a boolean.
template <>
struct Codec<Json> {
  static void read(const Json& j, Json& out, Context& ctx, const std::string& ptr, const Constraints&)
  {
    if (!j.is_number() && !j.is_string() && !j.is_boolean()) {
      ctx.error(err::type, ptr, "expected a number, string or boolean, found " + describe_found(j));
      return;
    }
    out = j;
  }
  static std::optional<Json> write(const Json& v) { return v; }
  static Json schema(SchemaBuilder&, const Constraints&) { return {{"type", {"number", "string", "boolean"}}}; }
  static std::string type_name() { return "number, string or boolean"; }
};

template <>
struct EnumNames<RangeScale> {
  static constexpr std::array<std::pair<RangeScale, const char*>, 2> values{{
      {RangeScale::linear, "linear"},
      {RangeScale::log, "log"},
  }};
};
template <>
struct EnumNames<DistKind> {
  static constexpr std::array<std::pair<DistKind, const char*>, 4> values{{
      {DistKind::uniform, "uniform"},
      {DistKind::loguniform, "loguniform"},
      {DistKind::normal, "normal"},
      {DistKind::triangular, "triangular"},
  }};
};
template <>
struct EnumNames<DesignKind> {
  static constexpr std::array<std::pair<DesignKind, const char*>, 4> values{{
      {DesignKind::grid, "grid"},
      {DesignKind::one_at_a_time, "one_at_a_time"},
      {DesignKind::latin_hypercube, "latin_hypercube"},
      {DesignKind::sobol, "sobol"},
  }};
};

GIGALINE_DESCRIBED(FactorRange)
GIGALINE_DESCRIBED(FactorDistribution)
GIGALINE_DESCRIBED(Factor)
GIGALINE_DESCRIBED(Design)
GIGALINE_DESCRIBED(Sweep)

namespace {
constexpr int k(DistKind kind)
{
  return static_cast<int>(kind);
}
constexpr int k(DesignKind kind)
{
  return static_cast<int>(kind);
}
template <class E>
std::vector<std::string> kind_names()
{
  std::vector<std::string> n;
  for (const auto& [v, name] : EnumNames<E>::values)
    n.emplace_back(name);
  return n;
}
std::string num(double v)
{
  return format_number(v);
}
} // namespace

template <>
const ObjectDesc<FactorRange>& describe<FactorRange>()
{
  static const ObjectDesc<FactorRange> d{
      "Range",
      "Evenly spaced levels from min to max, both included; on a log scale the logarithms are evenly spaced. A "
      "Latin hypercube samples the whole interval instead.",
      {
          field("min", &FactorRange::min, "Lowest level").req(),
          field("max", &FactorRange::max, "Highest level").req(),
          field("steps", &FactorRange::steps, "Number of levels").ge(2),
          field("scale", &FactorRange::scale, "linear or log (min and max > 0)"),
      },
      {},
      {},
      {},
      [](const FactorRange& r, Context& ctx, const std::string& ptr) {
        if (r.max <= r.min)
          ctx.error(err::inconsistent, ptr + "/max",
                    "expected a number above min (" + num(r.min) + "), found " + num(r.max));
        else if (r.scale == RangeScale::log && r.min <= 0)
          ctx.error(err::inconsistent, ptr + "/min", "expected a number > 0 on a log scale, found " + num(r.min));
      }};
  return d;
}

template <>
const ObjectDesc<FactorDistribution>& describe<FactorDistribution>()
{
  using K = DistKind;
  static const ObjectDesc<FactorDistribution> d{
      "Distribution",
      "A probability distribution: a Latin hypercube samples it by its inverse distribution function, grid and "
      "one-at-a-time designs take its `levels` quantiles (i + 0.5) / levels.",
      {
          field("kind", &FactorDistribution::kind, "Family").req(),
          field("min", &FactorDistribution::min, "Lower end")
              .req()
              .for_kinds({k(K::uniform), k(K::loguniform), k(K::triangular)}),
          field("max", &FactorDistribution::max, "Upper end")
              .req()
              .for_kinds({k(K::uniform), k(K::loguniform), k(K::triangular)}),
          field("mode", &FactorDistribution::mode, "Most likely value").req().for_kinds({k(K::triangular)}),
          field("mean", &FactorDistribution::mean, "Mean").req().for_kinds({k(K::normal)}),
          field("sd", &FactorDistribution::sd, "Standard deviation").req().gt(0).for_kinds({k(K::normal)}),
      },
      "kind",
      kind_names<DistKind>(),
      [](const FactorDistribution& f) { return k(f.kind); },
      [](const FactorDistribution& f, Context& ctx, const std::string& ptr) {
        if (f.kind == K::normal)
          return;
        if (f.max <= f.min)
          ctx.error(err::inconsistent, ptr + "/max",
                    "expected a number above min (" + num(f.min) + "), found " + num(f.max));
        else if (f.kind == K::loguniform && f.min <= 0)
          ctx.error(err::inconsistent, ptr + "/min", "expected a number > 0 for loguniform, found " + num(f.min));
        else if (f.kind == K::triangular && (f.mode < f.min || f.mode > f.max))
          ctx.error(err::inconsistent, ptr + "/mode",
                    "expected a number within [" + num(f.min) + ", " + num(f.max) + "], found " + num(f.mode));
      }};
  return d;
}

template <>
const ObjectDesc<Factor>& describe<Factor>()
{
  static const ObjectDesc<Factor> d{
      "Factor",
      "A number (or string) of the base scenario that the sweep varies, named by its JSON pointer. Exactly one of "
      "`values`, `range` and `distribution` gives its levels.",
      {
          field("name", &Factor::name, "Column name in the results (letters, digits, _)").req().id(),
          field("path", &Factor::path, "JSON pointer of a value of the base scenario").req().nonempty(),
          field("values", &Factor::values, "Levels as written (numbers, strings or booleans)").min_items(1),
          field("range", &Factor::range, "Evenly spaced numeric levels"),
          field("distribution", &Factor::distribution, "A distribution to sample"),
          field("levels", &Factor::levels, "Quantiles of a distribution used by grid and one-at-a-time").ge(1),
          field("integer", &Factor::integer, "Round numeric levels to integers"),
      },
      {},
      {},
      {},
      [](const Factor& f, Context& ctx, const std::string& ptr) {
        const int given = (f.values ? 1 : 0) + (f.range ? 1 : 0) + (f.distribution ? 1 : 0);
        if (given == 0)
          ctx.error(err::missing, ptr, "expected one of \"values\", \"range\" or \"distribution\", found none");
        else if (given > 1)
          ctx.error(err::inconsistent, ptr,
                    "expected only one of \"values\", \"range\" and \"distribution\", found " + std::to_string(given));
        for (char c : f.name)
          if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
                c == '_')) {
            ctx.error(err::pattern, ptr + "/name",
                      "expected lower-case letters, digits and _ (a column name), found " + text::quoted(f.name));
            break;
          }
        for (const char* reserved : {"point", "replication", "seed", "status", "error", "month"})
          if (f.name == reserved)
            ctx.error(err::pattern, ptr + "/name",
                      "expected a name other than the result columns point, replication, seed, status, error and "
                      "month, found " +
                          text::quoted(f.name));
        if (!f.path.empty() && f.path[0] != '/')
          ctx.error(err::pattern, ptr + "/path",
                    "expected a JSON pointer starting with /, found " + text::quoted(f.path));
      }};
  return d;
}

template <>
const ObjectDesc<Design>& describe<Design>()
{
  using K = DesignKind;
  static const ObjectDesc<Design> d{
      "Design",
      "Which combinations of the factors' levels are run: every combination (grid), each factor alone around "
      "the base (one_at_a_time), a Latin hypercube of `samples` points, or Saltelli's design for Sobol indices "
      "(sobol): `samples` base rows, each run as rows A and B drawn independently and, per factor, A with that "
      "factor taken from B: samples x (factors + 2) points.",
      {
          field("kind", &Design::kind, "grid, one_at_a_time, latin_hypercube or sobol").req(),
          field("samples", &Design::samples, "Points of the hypercube; base rows of the Sobol design (at least 2)")
              .req()
              .ge(1)
              .le(1e6)
              .for_kinds({k(K::latin_hypercube), k(K::sobol)}),
          field("seed", &Design::seed, "Seed of the hypercube or of the Sobol design's draws")
              .for_kinds({k(K::latin_hypercube), k(K::sobol)}),
      },
      "kind",
      kind_names<DesignKind>(),
      [](const Design& x) { return k(x.kind); },
      {}};
  return d;
}

template <>
const ObjectDesc<Sweep>& describe<Sweep>()
{
  static const ObjectDesc<Sweep> d{
      "Sweep",
      "A gigaline sweep: variants of a base scenario, each run for some replications, results in SQLite.",
      {
          field("schema_version", &Sweep::schema_version, "Version of this format").req().only(1),
          field("name", &Sweep::name, "Short name, stored with the results").req().id(),
          field("description", &Sweep::description, "What the sweep explores").req().nonempty(),
          field("base", &Sweep::base, "Base scenario file, relative to the sweep file's directory").req().nonempty(),
          field("set", &Sweep::set, "Overrides of the base scenario, PATH=VALUE as --set (e.g. a shorter horizon)"),
          field("factors", &Sweep::factors, "What varies").req().min_items(1),
          field("design", &Sweep::design, "Which points are run").req(),
          field("replications", &Sweep::replications, "Replications per point").ge(1).le(10000),
          field("seed", &Sweep::seed, "Seed of every run (with the replication, and the point when not common)"),
          field("common_random_numbers", &Sweep::common_random_numbers,
                "Replication r of every point uses the same random numbers (differences between points are then "
                "not blurred by noise)"),
      },
      {},
      {},
      {},
      [](const Sweep& s, Context& ctx, const std::string&) {
        std::map<std::string, std::size_t> names, paths;
        for (std::size_t i = 0; i < s.factors.size(); ++i) {
          const std::string ptr = "/factors/" + std::to_string(i);
          if (auto [it, ok] = names.emplace(s.factors[i].name, i); !ok)
            ctx.error(err::duplicate, ptr + "/name",
                      "expected a unique factor name, found " + text::quoted(s.factors[i].name) +
                          " again (first at /factors/" + std::to_string(it->second) + ")");
          if (auto [it, ok] = paths.emplace(s.factors[i].path, i); !ok)
            ctx.error(err::duplicate, ptr + "/path",
                      "expected each path once, found " + text::quoted(s.factors[i].path) +
                          " again (first at /factors/" + std::to_string(it->second) + ")");
        }
        auto levels = [](const Factor& f) {
          return f.values ? static_cast<double>(f.values->size())
                          : (f.range ? f.range->steps : (f.distribution ? f.levels : 1));
        };
        double points = 1;
        if (s.design.kind == DesignKind::grid) {
          for (const auto& f : s.factors)
            points *= levels(f);
          if (points > 1e6)
            ctx.error(err::inconsistent, "/design/kind",
                      "expected a grid of at most 1,000,000 points, found " + num(points) +
                          " (use latin_hypercube or fewer levels)");
        } else if (s.design.kind == DesignKind::one_at_a_time) {
          for (const auto& f : s.factors)
            points += levels(f);
        } else if (s.design.kind == DesignKind::sobol) {
          points = static_cast<double>(s.design.samples) * (static_cast<double>(s.factors.size()) + 2);
          if (s.design.samples < 2)
            ctx.error(err::range, "/design/samples",
                      "expected at least 2 base rows for a sobol design (a variance needs two), found " +
                          std::to_string(s.design.samples));
          if (points > 1e6)
            ctx.error(err::inconsistent, "/design/samples",
                      "expected a sobol design of at most 1,000,000 points (samples x (factors + 2)), found " +
                          num(points));
        } else {
          points = s.design.samples;
        }
        // each run is a row of the database and a process: ten million is days of a large cluster
        if (points <= 1e6 && points * s.replications > 1e7)
          ctx.error(err::range, "/replications",
                    "expected at most 10,000,000 runs (points x replications), found " +
                        std::to_string(static_cast<long long>(points)) + " x " + std::to_string(s.replications));
      }};
  return d;
}

Sweep sweep_from_json(const Json& doc, const std::string& origin)
{
  Context ctx("sweep");
  Sweep s;
  Codec<Sweep>::read(doc, s, ctx, "", {});
  if (ctx.count() > 0)
    throw ValidationError(origin, ctx.diagnostics());
  return s;
}

bool is_sweep_document(const Json& doc)
{
  return doc.is_object() && doc.contains("base") && doc.contains("factors");
}

Json to_json(const Sweep& s)
{
  return document_of(s);
}

LoadedSweep load_sweep_file(const std::string& path, const std::vector<std::string>& overrides)
{
  Json doc = parse_json(read_text_file(path, "sweep"), path, "sweep");
  Context ctx("sweep");
  apply_overrides(doc, overrides, ctx);
  if (ctx.count() > 0) { // a bad override does not hide the file's own problems
    auto diagnostics = ctx.diagnostics();
    try {
      (void)sweep_from_json(doc, path);
    } catch (const ValidationError& e) {
      diagnostics.insert(diagnostics.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
    throw ValidationError(path, diagnostics);
  }
  LoadedSweep out;
  out.origin = path;
  out.sweep = sweep_from_json(doc, path);
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  out.base_path = dir.empty() ? out.sweep.base : (dir / out.sweep.base).string();
  // The base's own problems name the base file; overrides in `set` are reported there too.
  out.base = load_scenario_document(out.base_path, out.sweep.set);
  for (std::size_t i = 0; i < out.sweep.factors.size(); ++i) {
    const auto& f = out.sweep.factors[i];
    const std::string ptr = "/factors/" + std::to_string(i);
    Json::json_pointer p;
    try {
      p = Json::json_pointer(f.path);
    } catch (const Json::exception&) {
      ctx.error(err::pattern, ptr + "/path", "expected a JSON pointer, found " + text::quoted(f.path));
      continue;
    }
    bool found = false;
    try {
      found = out.base.contains(p);
    } catch (const Json::exception&) {
      // an array index no size_t holds (out_of_range.404): not a value of the base either
    }
    if (!found) {
      ctx.error(err::reference, ptr + "/path",
                "expected a JSON pointer to a value of the base scenario " + out.base_path + ", found " +
                    text::quoted(f.path));
      continue;
    }
    const Json& v = out.base.at(p);
    const bool numeric = f.range || f.distribution || f.integer;
    if (numeric && !v.is_number())
      ctx.error(err::type, ptr + "/path",
                "expected the path of a number for a numeric factor, found " + describe_found(v) + " at " +
                    text::quoted(f.path));
    else if (!v.is_primitive() || v.is_null())
      ctx.error(err::type, ptr + "/path",
                "expected the path of a number, string or boolean, found " + describe_found(v) + " at " +
                    text::quoted(f.path));
  }
  // every value a factor gives must make a scenario the loader accepts: a string where a number belongs, or a
  // level outside what the model allows, passed validate and then failed every run of its points
  const bool paths_ok = ctx.count() == 0;
  for (std::size_t i = 0; i < out.sweep.factors.size() && paths_ok; ++i) {
    const auto& f = out.sweep.factors[i];
    const std::string ptr = "/factors/" + std::to_string(i);
    std::vector<std::pair<std::string, Json>> probes; // (where in the sweep file, value)
    if (f.values) {
      for (std::size_t k = 0; k < f.values->size(); ++k)
        probes.emplace_back(ptr + "/values/" + std::to_string(k), (*f.values)[k]);
    } else if (f.range) {
      probes.emplace_back(ptr + "/range/min", f.range->min);
      probes.emplace_back(ptr + "/range/max", f.range->max);
    } else if (f.distribution) {
      const auto& d = *f.distribution;
      if (d.kind == DistKind::normal) {
        probes.emplace_back(ptr + "/distribution/mean", d.mean);
      } else {
        probes.emplace_back(ptr + "/distribution/min", d.min);
        probes.emplace_back(ptr + "/distribution/max", d.max);
      }
    }
    for (auto& [where, value] : probes) {
      if (f.integer && value.is_number())
        value = static_cast<std::int64_t>(std::llround(value.get<double>()));
      Json probe = out.base;
      probe[Json::json_pointer(f.path)] = value;
      try {
        (void)from_json(probe, out.base_path);
      } catch (const ValidationError& e) {
        std::string problems;
        for (const auto& d : e.diagnostics())
          problems += (problems.empty() ? "" : "; ") + d.to_string();
        ctx.error(err::inconsistent, where,
                  "expected a value the base scenario accepts at " + f.path + ", found " + describe_found(value) +
                      ": " + problems);
      }
    }
  }
  if (ctx.count() > 0)
    throw ValidationError(path, ctx.diagnostics());
  out.hash = fnv1a_hex(minimal_document_of(out.sweep).dump() + "\n" + out.base.dump());
  return out;
}

Json sweep_schema()
{
  return schema_of<Sweep>("sweep-1", "gigaline sweep");
}

std::string sweep_reference_markdown()
{
  return reference_markdown_of<Sweep>();
}

} // namespace gigaline::scenario
