// src/report/RunData.cpp — the data of a run's page: from summary.json (read from a results folder, checked
// against its manifest, or a run's in memory) to the page's JSON blob. No CSV is read: summary.json has it all.
#include "gigaline/core/AtomicFile.hpp"
#include "gigaline/core/Date.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/core/Text.hpp"
#include "gigaline/report/Html.hpp"
#include "gigaline/report/Kpis.hpp"
#include "gigaline/report/Stages.hpp"
#include "gigaline/report/Summary.hpp"
#include "gigaline/scenario/Loader.hpp"

#include "HtmlPage.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace gigaline::report {

namespace {
using J = nlohmann::ordered_json;

// ---- a run's data ------------------------------------------------------------------------------------------

/// GWh of nameplate capacity in each month (nameplate_gwh_in of summary.json's nameplate lines).
J nameplate_series(const J& nameplate, const std::vector<std::string>& months, const std::string& where)
{
  if (nameplate.is_null())
    return nullptr;
  std::vector<NameplateLine> lines;
  for (const auto& l : nameplate.at("lines")) {
    const auto sop = Date::parse(l.at("sop_date").get<std::string>());
    if (!sop)
      page::malformed(where, "nameplate sop_date \"" + l.at("sop_date").get<std::string>() + "\": expected YYYY-MM-DD");
    lines.push_back({l.value("line", std::string()), l.at("count").get<int>(), *sop,
                     l.at("sop_stagger_days").get<double>(), l.at("gwh_per_year").get<double>()});
  }
  J out = J::array();
  for (const auto& label : months) {
    const auto m = Month::parse(label);
    if (!m)
      page::malformed(where, "month \"" + label + "\": expected YYYY-MM");
    out.push_back(page::num(nameplate_gwh_in(lines, *m)));
  }
  return out;
}

/// The chart an observation is drawn on, over the simulated curve of the same figure: only plant-wide ones
/// whose metric is a monthly series of the page.
std::string chart_of(const J& o, const std::map<std::string, std::size_t>& month_index)
{
  const std::string metric = o.at("metric").get<std::string>();
  const bool plant = o.value("line", std::string()).empty();
  const bool drawn = metric == "cells_good" || metric == "gwh" || metric == "gwh_cumulative" || metric == "scrap_rate";
  // a bound is listed in the table, not drawn as a point with error bars
  if (!plant || !drawn || !o.value("covered", false) || o.value("bound", std::string("point")) != "point")
    return "";
  return month_index.count(o.at("when").get<std::string>().substr(0, 7)) > 0 ? metric : "";
}

J run_data(const RunReportInput& in)
{
  const J& s = in.summary;
  const std::string where = in.origin + "/summary.json";
  if (!s.is_object() || !s.contains("scenario") || !s.contains("monthly") || !s.contains("totals"))
    page::malformed(where, "expected a scenario's summary (scenario, totals, monthly)");
  std::vector<std::string> months;
  std::map<std::string, std::size_t> month_index;
  for (const auto& m : s.at("monthly")) {
    month_index[m.at("month").get<std::string>()] = months.size();
    months.push_back(m.at("month").get<std::string>());
  }
  J d = J::object();
  d["kind"] = "run";
  d["scenario"] = s.at("scenario");
  d["months"] = months;
  J monthly = J::object();
  for (const std::string& name : kpi_keys(per_month | run_chart)) { // the catalogue's monthly charts of a run
    J mean = J::array(), ci = J::array();
    for (const auto& m : s.at("monthly")) {
      mean.push_back(page::num(page::number_at(m, name)));
      ci.push_back(page::num(page::number_at(m, name + "_ci95")));
    }
    monthly[name] = {{"mean", mean}, {"ci95", ci}};
  }
  d["monthly"] = monthly;
  // the control state (people, shifts, customers): only the figures the scenario's sections give
  J state = J::object();
  const J& first = s.at("monthly").empty() ? J::object() : s.at("monthly")[0];
  for (const std::string& name : kpi_keys(month_state | run_chart)) {
    if (!first.contains(name))
      continue;
    J mean = J::array();
    for (const auto& m : s.at("monthly"))
      mean.push_back(page::num(page::number_at(m, name)));
    state[name] = mean;
  }
  d["state"] = state;
  const J lines = s.value("lines_monthly", J::object());
  d["line_shifts"] = J::array();
  if (lines.contains("lines") && lines.contains("shifts_per_week") && first.contains("shifts_per_week"))
    for (std::size_t l = 0; l < lines.at("lines").size(); ++l)
      d["line_shifts"].push_back({{"line", lines.at("lines")[l]}, {"shifts", lines.at("shifts_per_week")[l]}});
  const J nameplate = s.value("nameplate", J());
  d["nameplate_gwh_per_year"] = nameplate.is_null() ? J() : page::num(nameplate.at("gwh_per_year").get<double>());
  d["nameplate_gwh"] = nameplate_series(nameplate, months, where);
  // dated changes marked on the monthly charts: the month's index plus the day's share of the month
  d["timeline"] = J::array();
  for (const auto& e : s.value("timeline", J::array())) {
    const auto date = Date::parse(e.at("date").get<std::string>());
    if (!date)
      page::malformed(where, "timeline date \"" + e.at("date").get<std::string>() + "\": expected YYYY-MM-DD");
    const auto it = month_index.find(Month::of(*date).to_string());
    if (it == month_index.end())
      continue;
    const Month m = Month::of(*date);
    const double at = static_cast<double>(it->second) +
                      static_cast<double>(date->days_since_epoch() - m.first_day().days_since_epoch()) / m.days();
    d["timeline"].push_back({{"at", at}, {"date", e.at("date")}, {"kind", e.at("kind")}, {"label", e.at("label")}});
  }

  // per stage (stations of the same name summed over lines) and month, as summary.json has them (Stages.hpp)
  if (!s.contains("stages") || !s.contains("bottleneck"))
    page::malformed(where, "no \"stages\" nor \"bottleneck\": written by a gigaline older than its page; run "
                           "gigaline run FILE --out DIR again");
  auto series = [&](const J& per_month, const char* key) {
    const J& values = per_month.at(key);
    if (!values.is_array() || values.size() != months.size())
      page::malformed(where, std::string("stages: \"") + key + "\" has " + std::to_string(values.size()) +
                                 " values, expected one per month (" + std::to_string(months.size()) + ")");
    return values;
  };
  J stage_list = J::array();
  for (const auto& st : s.at("stages")) {
    const J& m = st.at("monthly");
    const J out = series(m, "cells_out"), found = series(m, "scrap_found");
    auto rounded_values = [](const J& values) {
      J rounded = J::array();
      for (const auto& v : values)
        rounded.push_back(v.is_number() ? page::num(v.get<double>()) : J());
      return rounded;
    };
    auto rounded = [&](const char* key) { return rounded_values(series(m, key)); };
    J found_rate = J::array();
    for (std::size_t k = 0; k < months.size(); ++k) {
      const double o = out[k].get<double>(), f = found[k].get<double>();
      found_rate.push_back(o + f > 0 ? page::num(f / (o + f)) : J());
    }
    J states = J::object();
    for (const char* n : page::state_names)
      states[n] = rounded(n);
    stage_list.push_back({{"name", st.at("name").get<std::string>()},
                          {"store", st.at("store").get<bool>()},
                          {"machines", st.at("machines").get<int>()},
                          {"scrap_found_rate", found_rate},
                          {"scrap_found", rounded_values(found)},
                          {"scrap_caused", rounded("scrap_caused")},
                          {"oee", rounded("oee")},
                          {"busy_share", rounded("busy_share")},
                          {"states", states}});
  }
  d["stages"] = stage_list;
  // the bottleneck of a month: the stage whose machines are busy for the largest share of their scheduled time
  if (s.at("bottleneck").size() != months.size())
    page::malformed(where, "\"bottleneck\" has " + std::to_string(s.at("bottleneck").size()) +
                               " entries, expected one per month (" + std::to_string(months.size()) + ")");
  d["bottleneck"] = s.at("bottleneck");

  J observations = J::array();
  for (const auto& o : s.value("observations", J::array())) {
    const std::string chart = chart_of(o, month_index);
    observations.push_back({{"id", o.at("id")},
                            {"metric", o.at("metric")},
                            {"line", o.value("line", std::string())},
                            {"when", o.at("when")},
                            {"month", o.at("when").get<std::string>().substr(0, 7)},
                            {"observed", page::num(o.at("observed").get<double>())},
                            {"sigma", page::num(o.at("sigma").get<double>())},
                            {"bound", o.value("bound", std::string("point"))},
                            {"observed_text", o.value("observed_text", std::string())},
                            {"fit", o.value("fit", true)},
                            {"covered", o.value("covered", false)},
                            {"simulated", page::num(page::number_at(o, "simulated"))},
                            {"simulated_ci95", page::num(page::number_at(o, "simulated_ci95"))},
                            {"chart", chart.empty() ? J() : J(chart)}});
  }
  d["observations"] = observations;
  return d;
}

} // namespace

RunReportInput read_results_dir(const std::string& dir)
{
  RunReportInput in;
  in.origin = dir;
  const auto read = read_file(dir + "/summary.json");
  if (!read)
    throw InputError("[report.E701] " + dir +
                     "/summary.json: no such file; expected the results of gigaline run "
                     "FILE --out " +
                     dir);
  const std::string& summary = *read;
  // one run's files, complete: a folder that a failed or killed run left half rewritten has no manifest; what is
  // checked against it is the text parsed below
  check_result_set(dir, {{"summary.json", summary}});
  try {
    // the scenario loader's parser: nesting and numbers bounded, so no summary.json can crash the reader
    in.summary = scenario::parse_json(summary, dir + "/summary.json", "report");
  } catch (const ValidationError& e) {
    const Diagnostic& d = e.diagnostics().front();
    page::malformed(dir + "/summary.json", "not JSON: " + (d.pointer.empty() ? "" : d.pointer + ": ") + d.message);
  }
  if (in.summary.is_object() && in.summary.contains("region"))
    throw InputError("[report.E703] " + dir +
                     "/summary.json: the results of a region; run gigaline report on the "
                     "folder of one of its plants, " +
                     dir + "/<plant name>");
  return in;
}

nlohmann::ordered_json run_report_data(const RunReportInput& in)
{
  try {
    return run_data(in);
  } catch (const nlohmann::json::exception& e) {
    page::malformed(in.origin + "/summary.json", std::string("not a summary of gigaline run: ") + e.what());
  }
}

} // namespace gigaline::report
