// src/scenario/Region.cpp — the table of the region format and its strict loader: the region document first,
// then every plant through the normal scenario loader with the region's end date, seed and replications.
#include "gigaline/scenario/Region.hpp"

#include "gigaline/core/Text.hpp"
#include "gigaline/scenario/Loader.hpp"
#include "gigaline/scenario/ScenarioDescriptors.hpp"

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

namespace gigaline::scenario {

GIGALINE_DESCRIBED(PlantRef)
GIGALINE_DESCRIBED(RegionTargets)
GIGALINE_DESCRIBED(JobsObservation)
GIGALINE_DESCRIBED(RegionSpec)
GIGALINE_DESCRIBED(Region)

template <>
const ObjectDesc<PlantRef>& describe<PlantRef>()
{
  static const ObjectDesc<PlantRef> d{
      "Plant",
      "A plant of the region: a scenario file run from its own calendar.start_date to the region's end_date.",
      {
          field("scenario", &PlantRef::scenario, "Scenario file, relative to the region file's directory")
              .req()
              .nonempty(),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<RegionTargets>& describe<RegionTargets>()
{
  static const ObjectDesc<RegionTargets> d{
      "Targets",
      "Published targets of the region, compared with the model's calendar years.",
      {
          field("batteries_per_year", &RegionTargets::batteries_per_year,
                "Vehicle batteries (packs) per calendar year, all plants together")
              .in("batteries/yr")
              .req()
              .gt(0),
          field("direct_jobs", &RegionTargets::direct_jobs, "Direct jobs in the plants, compared with December")
              .in("people")
              .req()
              .ge(1),
          field("source", &RegionTargets::source, "Id of the source").req().id(),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<JobsObservation>& describe<JobsObservation>()
{
  static const ObjectDesc<JobsObservation> d{
      "JobsObservation",
      "A published headcount of all the plants together, shown next to the model's headcount of that month.",
      {
          field("date", &JobsObservation::date, "Day of the figure").req(),
          field("headcount", &JobsObservation::headcount, "People employed by the plants").in("people").req().ge(0),
          field("source", &JobsObservation::source, "Id of the source").req().id(),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<RegionSpec>& describe<RegionSpec>()
{
  static const ObjectDesc<RegionSpec> d{
      "RegionSpec",
      "The plants of the region, the common end date, and what is known of the region as a whole.",
      {
          field("plants", &RegionSpec::plants, "Plant scenarios, run independently and combined month by month")
              .req()
              .min_items(1),
          field("end_date", &RegionSpec::end_date, "Last simulated day of every plant (inclusive)").req(),
          field("targets", &RegionSpec::targets, "Regional targets; absent = no comparison"),
          field("jobs_observed", &RegionSpec::jobs_observed, "Published headcounts of the plants together"),
      },
      {},
      {},
      {},
      {}};
  return d;
}

template <>
const ObjectDesc<Region>& describe<Region>()
{
  static const ObjectDesc<Region> d{
      "Region",
      "A gigaline region: several plant scenarios run together, with combined figures by month and year.",
      {
          field("schema_version", &Region::schema_version, "Version of this format").req().only(1),
          field("name", &Region::name, "Short name, used in outputs").req().id(),
          field("description", &Region::description, "What the region represents").req().nonempty(),
          field("sources", &Region::sources, "Where the regional figures come from"),
          field("region", &Region::region, "Plants, end date, targets and observed jobs").req(),
          field("run", &Region::run, "Seed and replications of every plant (they override the plants' own)"),
      },
      {},
      {},
      {},
      {}};
  return d;
}

RegionError::RegionError(std::vector<ValidationError> errors)
    : InputError([&] {
        std::string text;
        for (const auto& e : errors)
          text += (text.empty() ? "" : "\n") + std::string(e.what());
        return text;
      }()),
      errors_(std::move(errors))
{
}

bool is_region_document(const Json& doc)
{
  return doc.is_object() && doc.contains("region");
}

bool is_region_file(const std::string& path)
{
  try {
    return is_region_document(parse_json(read_text_file(path), path));
  } catch (const ValidationError&) {
    return false;
  }
}

namespace {

void check_region(const Region& r, Context& ctx)
{
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < r.sources.size(); ++i) {
    auto [it, inserted] = seen.emplace(r.sources[i].id, i);
    if (!inserted)
      ctx.error(err::duplicate, "/sources/" + std::to_string(i) + "/id",
                "expected a unique source id, found " + text::quoted(r.sources[i].id) + " again (first at /sources/" +
                    std::to_string(it->second) + ")");
  }
  std::map<std::string, std::size_t> refs;
  for (std::size_t i = 0; i < r.region.plants.size(); ++i) {
    const std::string& ref = r.region.plants[i].scenario;
    auto [it, inserted] = refs.emplace(ref, i);
    if (!inserted && !ref.empty())
      ctx.error(err::duplicate, "/region/plants/" + std::to_string(i) + "/scenario",
                "expected each plant once, found " + text::quoted(ref) + " again (first at /region/plants/" +
                    std::to_string(it->second) + ")");
  }
  if (ctx.has_errors_under("/sources"))
    return;
  auto cite = [&](const std::string& id, const std::string& ptr) {
    if (!id.empty() && !seen.count(id))
      ctx.error(err::reference, ptr, "expected the id of a source in /sources, found " + text::quoted(id));
  };
  if (r.region.targets && !ctx.has_errors_under("/region/targets"))
    cite(r.region.targets->source, "/region/targets/source");
  for (std::size_t i = 0; i < r.region.jobs_observed.size(); ++i)
    if (!ctx.has_errors_under("/region/jobs_observed/" + std::to_string(i)))
      cite(r.region.jobs_observed[i].source, "/region/jobs_observed/" + std::to_string(i) + "/source");
}

/// The plant's start date as written, if it reads; the scenario loader reports it otherwise.
std::optional<Date> start_date_of(const Json& doc)
{
  if (!doc.is_object() || !doc.contains("calendar") || !doc["calendar"].is_object())
    return std::nullopt;
  const Json& c = doc["calendar"];
  if (!c.contains("start_date") || !c["start_date"].is_string())
    return std::nullopt;
  return Date::parse(c["start_date"].get<std::string>());
}

std::string plant_path(const std::string& region_path, const std::string& ref)
{
  const std::filesystem::path dir = std::filesystem::path(region_path).parent_path();
  return dir.empty() ? ref : (dir / ref).string();
}

} // namespace

Region region_from_json(const Json& doc, const std::string& origin)
{
  Context ctx("region");
  Region r;
  Codec<Region>::read(doc, r, ctx, "", {});
  if (doc.is_object())
    check_region(r, ctx);
  if (ctx.count() > 0)
    throw ValidationError(origin, ctx.diagnostics());
  return r;
}

LoadedRegion load_region_file(const std::string& path, const std::vector<std::string>& overrides)
{
  Json doc = parse_json(read_text_file(path, "region"), path, "region");
  Context ctx("region");
  apply_overrides(doc, overrides, ctx);
  LoadedRegion out;
  out.origin = path;
  if (ctx.count() > 0)
    throw RegionError({ValidationError(path, ctx.diagnostics())});
  Codec<Region>::read(doc, out.region, ctx, "", {});
  if (doc.is_object())
    check_region(out.region, ctx);

  // Plants are loaded even when the region has problems, so that one run of `validate` shows them all.
  const Region& r = out.region;
  const bool end_ok = !ctx.has_errors_under("/region/end_date") && doc.is_object() && doc.contains("region") &&
                      doc["region"].is_object() && doc["region"].contains("end_date");
  const bool run_ok = !ctx.has_errors_under("/run");
  std::vector<ValidationError> plant_errors;
  std::map<std::string, std::size_t> names;
  for (std::size_t i = 0; i < r.region.plants.size(); ++i) {
    const std::string ptr = "/region/plants/" + std::to_string(i) + "/scenario";
    if (ctx.has_errors_under("/region/plants/" + std::to_string(i)))
      continue;
    const std::string& ref = r.region.plants[i].scenario;
    const std::string file = plant_path(path, ref);
    std::string text;
    try {
      text = read_text_file(file);
    } catch (const ValidationError&) {
      ctx.error(err::io, ptr, "cannot read plant scenario \"" + file + "\"");
      continue;
    }
    try {
      Json plant = parse_json(text, file);
      if (const auto start = start_date_of(plant); start && end_ok) {
        const int days = (r.region.end_date - *start) + 1;
        if (days >= 1)
          plant["calendar"]["horizon_days"] = days;
        else
          ctx.error(err::inconsistent, "/region/end_date",
                    "expected a date on or after the start of plant " + text::quoted(ref) + " (" + start->to_string() +
                        "), found \"" + r.region.end_date.to_string() + "\"");
      }
      if (run_ok && plant.is_object() && (!plant.contains("run") || plant["run"].is_object())) {
        plant["run"]["seed"] = r.run.seed;
        plant["run"]["replications"] = r.run.replications;
      }
      RegionPlant p{ref, file, from_json(plant, file)};
      auto [it, inserted] = names.emplace(p.scenario.name, i);
      if (p.scenario.name == "." || p.scenario.name == ".." || p.scenario.name == "summary.json" ||
          p.scenario.name == "monthly.csv")
        ctx.error(err::inconsistent, ptr,
                  "expected a plant name that can name an output folder, found " + text::quoted(p.scenario.name));
      else if (!inserted)
        ctx.error(err::duplicate, ptr,
                  "expected plants with unique names (they name the output folders), found " +
                      text::quoted(p.scenario.name) + " again (first at /region/plants/" + std::to_string(it->second) +
                      ")");
      out.plants.push_back(std::move(p));
    } catch (const ValidationError& e) {
      plant_errors.push_back(e);
    }
  }
  if (ctx.count() > 0 || !plant_errors.empty()) {
    std::vector<ValidationError> all;
    if (ctx.count() > 0)
      all.emplace_back(path, ctx.diagnostics());
    all.insert(all.end(), plant_errors.begin(), plant_errors.end());
    throw RegionError(std::move(all));
  }
  return out;
}

Json to_json(const Region& r)
{
  return document_of(r);
}

std::string region_hash(const Region& r)
{
  return fnv1a_hex(minimal_document_of(r).dump());
}

Json region_schema()
{
  return schema_of<Region>("region-1", "gigaline region");
}

std::string region_reference_markdown()
{
  return reference_markdown_of<Region>();
}

} // namespace gigaline::scenario
