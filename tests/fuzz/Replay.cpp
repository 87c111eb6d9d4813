// tests/fuzz/Replay.cpp — the corpus regression of the normal suite: every saved input of a target must load or
// be a clean input error (exit 0 or 2 of the CLI), never another exception.
// Usage: gigaline_fuzz_replay TARGET DIR... (the target's corpus, and the seed files of tests/data)
#include "Targets.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

int main(int argc, char** argv)
{
  if (argc < 3) {
    std::cerr << "usage: gigaline_fuzz_replay TARGET DIR...\n";
    return 2;
  }
  const auto target = gigaline::fuzz::target_named(argv[1]);
  if (!target) {
    std::cerr << "unknown target " << argv[1] << "\n";
    return 2;
  }
  std::vector<std::filesystem::path> files;
  for (int a = 2; a < argc; ++a)
    for (const auto& e : std::filesystem::directory_iterator(argv[a]))
      if (e.is_regular_file())
        files.push_back(e.path());
  std::sort(files.begin(), files.end());
  int loaded = 0, refused = 0, findings = 0;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    const std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    try {
      (gigaline::fuzz::run_target(*target, data.data(), data.size()) == 0 ? loaded : refused)++;
    } catch (const std::exception& e) {
      ++findings;
      std::cerr << f.string() << ": " << e.what() << "\n";
    }
  }
  std::cout << argv[1] << ": " << files.size() << " input(s), " << loaded << " loaded, " << refused
            << " input error(s), " << findings << " finding(s)\n";
  return findings == 0 && !files.empty() ? 0 : 1;
}
