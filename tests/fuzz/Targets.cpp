// tests/fuzz/Targets.cpp — the four loader targets shared by the libFuzzer harnesses (clang, fuzz preset) and
// the corpus replay of the normal test suite (tests/fuzz/Replay.cpp).
#include "Targets.hpp"

#include "gigaline/core/Error.hpp"
#include "gigaline/scenario/Loader.hpp"
#include "gigaline/scenario/Region.hpp"
#include "gigaline/scenario/Sweep.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace gigaline::fuzz {

namespace {
namespace fs = std::filesystem;
const std::string source_dir = GIGALINE_SOURCE_DIR;

std::string slurp(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A folder of this process with the files the sweep and region inputs refer to (base.json, plant_a.json,
/// plant_b.json), so each input is written there and read by the file loaders as a user's file would be.
const std::string& work_dir()
{
  static const std::string dir = [] {
    const fs::path d = fs::temp_directory_path() / ("gigaline-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(d);
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(fs::temp_directory_path() / ("gigaline-fuzz-" + std::to_string(::getpid())), ec);
    });
    fs::copy_file(source_dir + "/tests/data/sweep/base.json", d / "base.json", fs::copy_options::overwrite_existing);
    for (const char* plant : {"plant_a.json", "plant_b.json"})
      fs::copy_file(source_dir + "/tests/data/region/" + plant, d / plant, fs::copy_options::overwrite_existing);
    return d.string();
  }();
  return dir;
}

std::string write_input(const std::string& name, const std::uint8_t* data, std::size_t size)
{
  const std::string path = work_dir() + "/" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}
} // namespace

std::vector<std::string> target_names()
{
  return {"scenario", "set", "sweep", "region"};
}

std::optional<Target> target_named(std::string_view name)
{
  if (name == "scenario")
    return Target::scenario;
  if (name == "set")
    return Target::set;
  if (name == "sweep")
    return Target::sweep;
  if (name == "region")
    return Target::region;
  return std::nullopt;
}

int run_target(Target target, const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    switch (target) {
    case Target::scenario:
      (void)scenario::load_scenario_text(text, "fuzz.json");
      break;
    case Target::set: {
      static const std::string base = slurp(source_dir + "/tests/data/minimal.json");
      std::vector<std::string> sets;
      std::string line;
      std::istringstream lines{std::string(text)};
      while (std::getline(lines, line))
        sets.push_back(line);
      (void)scenario::load_scenario_text(base, "minimal.json", sets);
      break;
    }
    case Target::sweep:
      (void)scenario::load_sweep_file(write_input("sweep.json", data, size));
      break;
    case Target::region:
      (void)scenario::load_region_file(write_input("region.json", data, size));
      break;
    }
  } catch (const InputError&) {
    return 2;
  }
  return 0;
}

} // namespace gigaline::fuzz
