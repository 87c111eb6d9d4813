// gigaline/report/Timeline.hpp — what happens to a plant on a date, for the report's charts: each line's start of
// production, expert arrivals and departures, output caps and process changes, call-off changes and shutdowns.
#pragma once

#include "gigaline/core/Date.hpp"
#include "gigaline/scenario/Scenario.hpp"

#include <string>
#include <vector>

namespace gigaline::report {

struct TimelineEntry {
  Date date;
  std::string kind;  ///< sop, experts, cap, cap_end, process_change, demand, shutdown
  std::string label; ///< "SOP B1.2", "experts 120 -> 40", ...
};

/// The scenario's dated changes within its run (start date to the last day), in date order (kinds in the order
/// above on the same day). A maintenance window that repeats is one entry, at its first date.
std::vector<TimelineEntry> timeline_of(const scenario::Scenario& s);

} // namespace gigaline::report
