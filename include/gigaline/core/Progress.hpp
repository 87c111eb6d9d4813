// gigaline/core/Progress.hpp — the progress line of long commands (run, sweep, calibrate, check, forecast):
// a bar redrawn in place on a terminal, a plain line every few seconds in a log, nothing with --quiet.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <string>

namespace gigaline {

/// "12:05" or "1:02:03" for a duration in seconds; "?" when unknown (negative or not finite).
std::string duration_text(double seconds);

/// Done of total, failures (when counted), rate and time left. `out` null: silent. `bar`: redrawn with \r at
/// most every 0.2 s (a terminal); else one line "LABEL: done/total UNIT done, ..." every `every_s` seconds.
class Progress {
public:
  Progress(std::ostream* out, bool bar, double every_s, std::size_t total, std::string label = "sweep",
           std::string unit = "runs", bool count_failed = true);
  /// Redraws if the last drawing is old enough (or `force`).
  void update(std::size_t done, std::size_t failed = 0, bool force = false);
  /// Ends the bar's line (a terminal).
  void finish();

private:
  using Clock = std::chrono::steady_clock;
  std::ostream* out_;
  bool bar_;
  double every_s_;
  std::size_t total_;
  std::string label_, unit_;
  bool count_failed_;
  Clock::time_point start_, last_;
  bool drawn_ = false;
};

/// A command's progress stream: stderr unless --quiet; a bar when stderr is a terminal.
struct ProgressSink {
  std::ostream* out = nullptr;
  bool bar = false;
  double every_s = 5.0;
};

} // namespace gigaline
