// src/report/Timeline.cpp — the dated changes of a scenario that the run report marks on its monthly charts
// (summary.json "timeline"): read from the scenario's lines, workforce, events, demand and calendar.
#include "gigaline/report/Timeline.hpp"

#include "gigaline/scenario/ScenarioDescriptors.hpp"

#include <algorithm>
#include <cmath>

namespace gigaline::report {

namespace {
int rank(const std::string& kind)
{
  static const char* const order[] = {"sop", "experts", "cap", "cap_end", "process_change", "demand", "shutdown"};
  for (int i = 0; i < 7; ++i)
    if (kind == order[i])
      return i;
  return 7;
}

/// "100,000": a whole number with thousands separators.
std::string count_text(double v)
{
  std::string digits = std::to_string(std::llround(std::abs(v))), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}
} // namespace

std::vector<TimelineEntry> timeline_of(const scenario::Scenario& s)
{
  const Date first = s.calendar.start_date;
  const Date last = first + (static_cast<int>(std::ceil(s.calendar.horizon_days)) - 1);
  std::vector<TimelineEntry> out;
  auto add = [&](Date d, const std::string& kind, const std::string& label) {
    if (first <= d && d <= last)
      out.push_back({d, kind, label});
  };
  for (const auto& l : s.lines)
    for (int k = 0; k < l.count; ++k)
      add(l.sop_date + static_cast<int>(std::lround(k * l.sop_stagger_days)), "sop",
          "SOP " + (k == 0 ? l.id : l.id + "." + std::to_string(k + 1)));
  if (s.workforce) {
    int before = 0;
    for (const auto& h : s.workforce->experts) {
      if (h.headcount != before)
        add(h.date, "experts", "experts " + std::to_string(before) + " -> " + std::to_string(h.headcount));
      before = h.headcount;
    }
  }
  for (const auto& e : s.events) {
    const std::string where = e.line.empty() ? "" : " on " + e.line;
    if (e.kind == scenario::EventKind::output_cap) {
      add(e.date, "cap", "cap " + count_text(e.max_cells_per_day) + " cells/day" + where);
      if (e.end_date)
        add(*e.end_date, "cap_end", "cap ends" + where);
    } else {
      add(e.date, "process_change",
          "process change" + where + " (" + count_text(100 * e.maturity_loss) + " % of maturity lost)");
    }
  }
  if (s.demand) {
    const std::string unit = scenario::enum_name(s.demand->unit);
    for (const auto& c : s.demand->calloffs)
      add(c.month.first_day(), "demand", "call-off " + count_text(c.value) + " " + unit + "/month");
  }
  for (const auto& w : s.calendar.maintenance)
    if (w.repeat_days > 0)
      add(w.start_date, "shutdown",
          "maintenance " + count_text(w.duration_h) + " h every " + std::to_string(w.repeat_days) + " days");
    else if (w.duration_h >= 24)
      add(w.start_date, "shutdown", "shutdown " + count_text(w.duration_h / 24) + " days");
  std::stable_sort(out.begin(), out.end(), [](const TimelineEntry& a, const TimelineEntry& b) {
    return a.date < b.date || (a.date == b.date && rank(a.kind) < rank(b.kind));
  });
  return out;
}

} // namespace gigaline::report
