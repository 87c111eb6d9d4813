// tests/core/test_progress.cpp — the progress line: plain lines for a log, a bar redrawn in place on a terminal,
// nothing when silenced, and durations as people read them.
#include "gigaline/core/Progress.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace gigaline;

TEST_CASE("progress: plain lines in a log, a bar on a terminal, nothing when quiet", "[quick][core]")
{
  std::ostringstream log;
  Progress plain(&log, false, 0.0, 4, "run", "replications", false);
  plain.update(1, 0, true);
  plain.update(4, 0, true);
  plain.finish();
  const std::string text = log.str();
  CHECK(text.rfind("run: 1/4 replications done, ", 0) == 0);
  CHECK(text.find("\nrun: 4/4 replications done, ") != std::string::npos);
  CHECK(text.find("failed") == std::string::npos);
  CHECK(text.back() == '\n');

  std::ostringstream tty;
  Progress bar(&tty, true, 5.0, 10, "sweep", "runs", true);
  bar.update(5, 1, true);
  bar.finish();
  CHECK(tty.str().rfind("\rsweep [###############...............] 5/10 runs, 1 failed, ", 0) == 0);
  CHECK(tty.str().back() == '\n');

  std::ostringstream none;
  Progress never(&none, true, 5.0, 10);
  never.update(3); // within 0.2 s of the start: not drawn, and finish() adds no empty line
  never.finish();
  CHECK(none.str().empty());
  Progress quiet(nullptr, false, 0.0, 10);
  quiet.update(10, 0, true);
  quiet.finish();
}

TEST_CASE("durations read as minutes:seconds or hours:minutes:seconds", "[quick][core]")
{
  CHECK(duration_text(0) == "0:00");
  CHECK(duration_text(61.4) == "1:01");
  CHECK(duration_text(3723) == "1:02:03");
  CHECK(duration_text(-1) == "?");
  CHECK(duration_text(1.0 / 0.0) == "?");
}
