// gigaline/cli/App.hpp — the gigaline command line: parses arguments, calls the layers, maps errors
// to exit codes (0 ok, 1 check failed, 2 invalid input, 3 internal error). main.cpp only calls run().
#pragma once

#include <iosfwd>

namespace gigaline::cli {

enum ExitCode : int { ok = 0, check_failed = 1, invalid_input = 2, internal_error = 3 };

/// Runs the command line; output goes to `out`, messages to `err`.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

} // namespace gigaline::cli
