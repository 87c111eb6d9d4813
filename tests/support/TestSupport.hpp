// tests/support/TestSupport.hpp — what several test files need: the command line run in this process with its
// exit code and both streams, and a whole file read as text.
#pragma once

#include "gigaline/cli/App.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace gigaline::test {

struct CliResult {
  int code;
  std::string out, err;
};

/// `gigaline ARGS...` through cli::run, as the executable would run it.
inline CliResult run_cli(std::vector<std::string> args)
{
  args.insert(args.begin(), "gigaline");
  std::vector<const char*> argv;
  for (const auto& a : args)
    argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

/// The whole file, or "" when it cannot be read.
inline std::string slurp(const std::string& path)
{
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

} // namespace gigaline::test
