// src/report/Html.cpp — the HTML reports: static tables written here, charts drawn in the page by Chart.js
// (inlined) from a JSON blob. No network at view time, no timestamp: the same results give the same page.
#include "gigaline/report/Html.hpp"

#include "gigaline/core/AtomicFile.hpp"
#include "gigaline/core/Date.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/core/Text.hpp"
#include "gigaline/core/Version.hpp"
#include "gigaline/report/Stages.hpp"
#include "gigaline/report/Summary.hpp"
#include "gigaline/scenario/Loader.hpp"

#include "HtmlPage.hpp"
#include "WebAssets.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

namespace gigaline::report {

std::string escape_html(const std::string& s)
{
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

namespace {
using J = nlohmann::ordered_json;

// ---- text --------------------------------------------------------------------------------------------------

/// JSON to put inside a <script> element: '<', '>' and '&' as \u escapes, so that no string of the data
/// (a scenario name, say) can close the element.
std::string json_for_script(const J& j)
{
  const std::string text = j.dump(-1, ' ', false, J::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

/// Script text that cannot end its <script> element early.
std::string script_safe(std::string js)
{
  for (const std::string& bad : {std::string("</script"), std::string("</SCRIPT"), std::string("<!--")}) {
    const std::string good = bad[1] == '/' ? "<\\/" + bad.substr(2) : "<\\!--";
    for (std::size_t at = js.find(bad); at != std::string::npos; at = js.find(bad, at + good.size()))
      js.replace(at, bad.size(), good);
  }
  return js;
}

std::string number_text(double v)
{
  if (!std::isfinite(v))
    return "-";
  return text::grouped(v, text::decimals_for(std::abs(v)));
}

std::string interval_text(double mean, double half_width)
{
  if (!std::isfinite(mean))
    return "-";
  if (!std::isfinite(half_width) || half_width <= 0)
    return number_text(mean);
  const int d = text::decimals_for(std::max(std::abs(mean), half_width));
  return text::grouped(mean, d) + " &plusmn; " + text::grouped(half_width, d);
}

/// A ranking table's mean with its half-width on a second, smaller line: the table then fits the page.
std::string ranking_cell(double mean, double half_width)
{
  if (!std::isfinite(mean))
    return "-";
  if (!std::isfinite(half_width) || half_width <= 0)
    return number_text(mean);
  const int d = text::decimals_for(std::max(std::abs(mean), half_width));
  return text::grouped(mean, d) + "<span class=\"pm\">&plusmn; " + text::grouped(half_width, d) + "</span>";
}

/// A finite number rounded to 6 significant digits (the page does not need more), null otherwise.
J num(double v)
{
  if (!std::isfinite(v))
    return nullptr;
  return v == 0 ? 0.0 : text::round_significant(v);
}

double number_at(const J& o, const std::string& key)
{
  const auto it = o.find(key);
  return it != o.end() && it->is_number() ? it->get<double>() : std::nan("");
}

double number_at(const J& a, std::size_t k)
{
  return k < a.size() && a[k].is_number() ? a[k].get<double>() : std::nan("");
}

// ---- labels of KPIs ----------------------------------------------------------------------------------------

struct KpiLabel {
  const char* key;
  const char* label;
  double scale; ///< 100 for fractions shown as percentages
};

constexpr std::array<KpiLabel, 15> kpi_labels{{
    {"cells_started", "Cells started", 1},
    {"cells_good", "Good cells", 1},
    {"cells_scrapped", "Cells scrapped", 1},
    {"cells_wip_end", "Cells in process at the end", 1},
    {"modules", "Modules", 1},
    {"gwh", "GWh of good cells", 1},
    {"vehicles", "Vehicle-equivalents (GWh / pack kWh)", 1},
    {"scrap_rate", "Scrap rate (%)", 100},
    {"oee", "Plant OEE (%)", 100},
    {"throughput_cells_per_h", "Throughput (good cells per hour)", 1},
    {"lead_time_h", "Line lead time (h)", 1},
    {"energy_kwh", "Factory energy (kWh)", 1},
    {"kwh_per_kwh", "Factory kWh per kWh of good cells", 1},
    {"cost_eur_per_kwh", "Cost (EUR per kWh of good cells)", 1},
    {"scrap_material_eur", "Materials lost to scrap (EUR)", 1},
}};

KpiLabel label_of(const std::string& key)
{
  for (const auto& l : kpi_labels)
    if (key == l.key)
      return l;
  return {nullptr, nullptr, 1};
}

std::string label_text(const std::string& key)
{
  const KpiLabel l = label_of(key);
  return l.label != nullptr ? l.label : key;
}

// ---- files -------------------------------------------------------------------------------------------------

std::string read_file(const std::string& path, bool& found)
{
  std::ifstream in(path, std::ios::binary);
  found = static_cast<bool>(in) && !std::filesystem::is_directory(path);
  if (!found)
    return {};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

[[noreturn]] void malformed(const std::string& where, const std::string& what)
{
  throw InputError("[report.E702] " + where + ": " + what);
}

/// Rows of a CSV file as gigaline writes it (a header row; fields quoted when they hold a comma or quote).
std::vector<std::vector<std::string>> parse_csv(const std::string& text)
{
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else if (c != '\r') {
      field += c;
      any = true;
    }
  }
  if (any) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

// ---- a run's data ------------------------------------------------------------------------------------------

const std::array<const char*, 6> state_names{"busy", "idle", "starved", "blocked", "down", "off"};
const std::array<const char*, 6> state_colours{"#2e7d32", "#9aa5b1", "#f2b01e", "#e8710a", "#c62828", "#d9dee3"};

// Per stage and month, sums over the stations of that name (one per line): StageMonth and Stage of Stages.hpp, the
// definitions the sweep's stage_monthly table uses too.

std::vector<Stage> stages_of(const std::string& csv, const std::vector<std::string>& months, const std::string& where)
{
  const auto rows = parse_csv(csv);
  if (rows.empty())
    malformed(where, "empty file, expected a header row");
  const auto& head = rows[0];
  auto column = [&](const std::string& name) {
    const auto it = std::find(head.begin(), head.end(), name);
    if (it == head.end())
      malformed(where, "no column \"" + name + "\"");
    return static_cast<std::size_t>(it - head.begin());
  };
  const std::size_t c_month = column("month"), c_station = column("station"), c_machines = column("machines"),
                    c_oee = column("oee"), c_out = column("cells_out"), c_found = column("scrap_found"),
                    c_caused = column("scrap_caused");
  std::array<std::size_t, 6> c_state{};
  for (std::size_t k = 0; k < state_names.size(); ++k)
    c_state[k] = column(state_names[k]);
  std::map<std::string, std::size_t> month_index;
  for (std::size_t m = 0; m < months.size(); ++m)
    month_index[months[m]] = m;

  std::vector<Stage> stages;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    const std::string at = "line " + std::to_string(r + 1);
    if (row.size() != head.size())
      malformed(where,
                at + ": " + std::to_string(row.size()) + " fields, the header has " + std::to_string(head.size()));
    auto value = [&](std::size_t c) {
      char* end = nullptr;
      const double v = std::strtod(row[c].c_str(), &end);
      if (row[c].empty() || end != row[c].c_str() + row[c].size())
        malformed(where, at + ": " + head[c] + " is \"" + row[c] + "\", expected a number");
      return v;
    };
    const auto mi = month_index.find(row[c_month]);
    if (mi == month_index.end())
      malformed(where, at + ": month \"" + row[c_month] + "\" is not a month of summary.json");
    auto st = std::find_if(stages.begin(), stages.end(), [&](const Stage& s) { return s.name == row[c_station]; });
    if (st == stages.end()) {
      stages.push_back({row[c_station], true, 0, std::vector<StageMonth>(months.size())});
      st = stages.end() - 1;
    }
    const double machines = value(c_machines);
    if (machines > 0)
      st->store = false;
    std::array<double, 6> shares{};
    for (std::size_t k = 0; k < state_names.size(); ++k)
      shares[k] = value(c_state[k]);
    st->months[mi->second].add(machines, shares, value(c_oee), value(c_out), value(c_found), value(c_caused));
  }
  for (auto& s : stages) {
    double most = 0;
    for (const auto& m : s.months)
      most = std::max(most, m.machines);
    s.machines = static_cast<int>(std::lround(most));
  }
  return stages;
}

/// GWh of nameplate capacity in each month (nameplate_gwh_in of summary.json's nameplate lines).
J nameplate_series(const J& nameplate, const std::vector<std::string>& months, const std::string& where)
{
  if (nameplate.is_null())
    return nullptr;
  std::vector<NameplateLine> lines;
  for (const auto& l : nameplate.at("lines")) {
    const auto sop = Date::parse(l.at("sop_date").get<std::string>());
    if (!sop)
      malformed(where, "nameplate sop_date \"" + l.at("sop_date").get<std::string>() + "\": expected YYYY-MM-DD");
    lines.push_back({l.value("line", std::string()), l.at("count").get<int>(), *sop,
                     l.at("sop_stagger_days").get<double>(), l.at("gwh_per_year").get<double>()});
  }
  J out = J::array();
  for (const auto& label : months) {
    const auto m = Month::parse(label);
    if (!m)
      malformed(where, "month \"" + label + "\": expected YYYY-MM");
    out.push_back(num(nameplate_gwh_in(lines, *m)));
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
    malformed(where, "expected a scenario's summary (scenario, totals, monthly)");
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
  for (const char* name :
       {"cells_good", "gwh", "gwh_cumulative", "scrap_rate", "oee", "energy_kwh", "kwh_per_kwh", "vehicles"}) {
    J mean = J::array(), ci = J::array();
    for (const auto& m : s.at("monthly")) {
      mean.push_back(num(number_at(m, name)));
      ci.push_back(num(number_at(m, std::string(name) + "_ci95")));
    }
    monthly[name] = {{"mean", mean}, {"ci95", ci}};
  }
  d["monthly"] = monthly;
  // the control state (people, shifts, customers): only the figures the scenario's sections give
  J state = J::object();
  const J& first = s.at("monthly").empty() ? J::object() : s.at("monthly")[0];
  for (const char* name :
       {"local_staff", "qualified", "in_training", "experts", "operators_available", "operators_assigned", "skill",
        "local_skill", "shifts_per_week", "demand_cells", "shipped_cells", "unfilled_cells", "stock_cells"}) {
    if (!first.contains(name))
      continue;
    J mean = J::array();
    for (const auto& m : s.at("monthly"))
      mean.push_back(num(number_at(m, name)));
    state[name] = mean;
  }
  d["state"] = state;
  const J lines = s.value("lines_monthly", J::object());
  d["line_shifts"] = J::array();
  if (lines.contains("lines") && lines.contains("shifts_per_week") && first.contains("shifts_per_week"))
    for (std::size_t l = 0; l < lines.at("lines").size(); ++l)
      d["line_shifts"].push_back({{"line", lines.at("lines")[l]}, {"shifts", lines.at("shifts_per_week")[l]}});
  const J nameplate = s.value("nameplate", J());
  d["nameplate_gwh_per_year"] = nameplate.is_null() ? J() : num(nameplate.at("gwh_per_year").get<double>());
  d["nameplate_gwh"] = nameplate_series(nameplate, months, where);
  // dated changes marked on the monthly charts: the month's index plus the day's share of the month
  d["timeline"] = J::array();
  for (const auto& e : s.value("timeline", J::array())) {
    const auto date = Date::parse(e.at("date").get<std::string>());
    if (!date)
      malformed(where, "timeline date \"" + e.at("date").get<std::string>() + "\": expected YYYY-MM-DD");
    const auto it = month_index.find(Month::of(*date).to_string());
    if (it == month_index.end())
      continue;
    const Month m = Month::of(*date);
    const double at = static_cast<double>(it->second) +
                      static_cast<double>(date->days_since_epoch() - m.first_day().days_since_epoch()) / m.days();
    d["timeline"].push_back({{"at", at}, {"date", e.at("date")}, {"kind", e.at("kind")}, {"label", e.at("label")}});
  }

  const auto stages = stages_of(in.stations_monthly_csv, months, in.origin + "/stations_monthly.csv");
  J stage_list = J::array();
  for (const auto& st : stages) {
    J found_rate = J::array(), found = J::array(), caused = J::array(), oee = J::array(), busy_share = J::array();
    J states = J::object();
    for (const char* n : state_names)
      states[n] = J::array();
    for (const auto& m : st.months) {
      found_rate.push_back(m.out + m.found > 0 ? num(m.found / (m.out + m.found)) : J());
      found.push_back(num(m.found));
      caused.push_back(num(m.caused));
      oee.push_back(m.scheduled > 0 ? num(m.oee_weighted / m.scheduled) : J());
      busy_share.push_back(m.scheduled > 0 ? num(m.states[0] / m.scheduled) : J());
      for (std::size_t k = 0; k < state_names.size(); ++k)
        states[state_names[k]].push_back(m.machines > 0 ? num(m.states[k] / m.machines) : J());
    }
    stage_list.push_back({{"name", st.name},
                          {"store", st.store},
                          {"machines", st.machines},
                          {"scrap_found_rate", found_rate},
                          {"scrap_found", found},
                          {"scrap_caused", caused},
                          {"oee", oee},
                          {"busy_share", busy_share},
                          {"states", states}});
  }
  d["stages"] = stage_list;
  // the bottleneck of a month: the stage whose machines are busy for the largest share of their scheduled time
  J bottleneck = J::array();
  for (std::size_t m = 0; m < months.size(); ++m) {
    const int best = bottleneck_of(stages, m);
    bottleneck.push_back(best >= 0 ? J(stages[static_cast<std::size_t>(best)].name) : J());
  }
  d["bottleneck"] = bottleneck;

  J observations = J::array();
  for (const auto& o : s.value("observations", J::array())) {
    const std::string chart = chart_of(o, month_index);
    observations.push_back({{"id", o.at("id")},
                            {"metric", o.at("metric")},
                            {"line", o.value("line", std::string())},
                            {"when", o.at("when")},
                            {"month", o.at("when").get<std::string>().substr(0, 7)},
                            {"observed", num(o.at("observed").get<double>())},
                            {"sigma", num(o.at("sigma").get<double>())},
                            {"bound", o.value("bound", std::string("point"))},
                            {"observed_text", o.value("observed_text", std::string())},
                            {"fit", o.value("fit", true)},
                            {"covered", o.value("covered", false)},
                            {"simulated", num(number_at(o, "simulated"))},
                            {"simulated_ci95", num(number_at(o, "simulated_ci95"))},
                            {"chart", chart.empty() ? J() : J(chart)}});
  }
  d["observations"] = observations;
  return d;
}

// ---- the page ----------------------------------------------------------------------------------------------

std::string page_head(const std::string& title)
{
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"gigaline " +
         escape_html(version()) + "\">\n<title>" + escape_html(title) +
         "</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>" + web::text(web::Asset::style) +
         "</style>\n</head>\n<body>\n";
}

std::string page_tail(const J& data, const std::string& chartjs, const std::string& page_js)
{
  return "<footer><p>Written by gigaline " + escape_html(version()) +
         ". The page is self-contained: its data and Chart.js (MIT license) are inside it, nothing is fetched "
         "when it is opened. Without JavaScript, the tables remain.</p></footer>\n"
         "<script type=\"application/json\" id=\"report-data\">" +
         json_for_script(data) + "</script>\n<script>\n" + script_safe(chartjs) + "\n</script>\n<script>\n" +
         web::text(web::Asset::common_js) + page_js + "</script>\n</body>\n</html>\n";
}

/// A chart: a canvas in a figure with its caption. The canvas has a box of its own whose height the style
/// sheet fixes: Chart.js sizes the canvas to that box.
std::string figure(const std::string& id, const std::string& title, const std::string& caption)
{
  return "<figure><div class=\"chart\"><canvas id=\"" + id + "\" role=\"img\" aria-label=\"" + escape_html(title) +
         "\"></canvas></div><figcaption><b>" + escape_html(title) + ".</b> " + caption + "</figcaption></figure>\n";
}

std::string kpi_table(const J& totals)
{
  std::string out = "<table><tr><th class=\"l\">KPI</th><th>mean</th><th>95 % interval</th></tr>\n";
  for (const auto& [key, value] : totals.items()) {
    if (key.size() > 5 && key.compare(key.size() - 5, 5, "_ci95") == 0)
      continue;
    const double scale = label_of(key).scale;
    const double mean = value.is_number() ? value.get<double>() * scale : std::nan("");
    const double ci = number_at(totals, key + "_ci95") * scale;
    const int d = text::decimals_for(std::max(std::abs(mean), std::isfinite(ci) ? ci : 0.0));
    out += "<tr><td class=\"l\">" + escape_html(label_text(key)) + "</td><td>" +
           (std::isfinite(mean) ? text::grouped(mean, d) : "-") + "</td><td>" +
           (std::isfinite(ci) ? "&plusmn; " + text::grouped(ci, d) : "-") + "</td></tr>\n";
  }
  return out + "</table>\n";
}

std::string stations_table(const J& stations)
{
  std::string out = "<div class=\"wide\"><table><tr><th class=\"l\">line</th><th class=\"l\">station</th>"
                    "<th>machines</th>";
  for (const char* s : state_names)
    out += std::string("<th>") + s + "</th>";
  out += "<th>OEE</th><th>out per h</th><th>lead h</th><th>scrap found</th><th>scrap caused</th></tr>\n";
  for (const auto& st : stations) {
    const bool store = st.value("machines", 0) == 0;
    auto pct = [&](const char* k) { return store ? std::string("-") : text::grouped(100 * number_at(st, k), 1); };
    out += "<tr><td class=\"l\">" + escape_html(st.value("line", std::string())) + "</td><td class=\"l\">" +
           escape_html(st.value("station", std::string())) + "</td><td>" + std::to_string(st.value("machines", 0)) +
           "</td>";
    for (const char* s : state_names)
      out += "<td>" + pct(s) + "</td>";
    out += "<td>" + pct("oee") + "</td><td>" + number_text(number_at(st, "throughput_cells_per_h")) + "</td><td>" +
           number_text(number_at(st, "lead_time_h")) + "</td><td>" + text::grouped(number_at(st, "scrap_found"), 0) +
           "</td><td>" + text::grouped(number_at(st, "scrap_caused"), 0) + "</td></tr>\n";
  }
  return out + "</table></div>\n";
}

std::string source_text(const std::string& id, const J& sources)
{
  for (const auto& src : sources)
    if (src.value("id", std::string()) == id) {
      const std::string citation = src.value("citation", id), url = src.value("url", std::string());
      const std::string text = escape_html(citation.empty() ? id : citation);
      return url.empty() ? text : "<a href=\"" + escape_html(url) + "\">" + text + "</a>";
    }
  return escape_html(id);
}

std::string observations_table(const J& observations, const J& sources)
{
  std::string out = "<div class=\"wide\"><table><tr><th class=\"l\">id</th><th class=\"l\">metric</th>"
                    "<th class=\"l\">line</th><th class=\"l\">when</th><th>observed &plusmn; 2&sigma;</th>"
                    "<th>simulated &plusmn; 95 %</th><th>z</th><th class=\"l\">source</th></tr>\n";
  for (const auto& o : observations) {
    const double obs = number_at(o, "observed"), sigma = number_at(o, "sigma");
    const bool covered = o.value("covered", false);
    out += "<tr><td class=\"l\">" + escape_html(o.at("id").get<std::string>()) + "</td><td class=\"l\">" +
           escape_html(o.at("metric").get<std::string>()) + "</td><td class=\"l\">" +
           (o.value("line", std::string()).empty() ? "plant" : escape_html(o.value("line", std::string()))) +
           "</td><td class=\"l\">" + escape_html(o.at("when").get<std::string>()) + "</td><td>" +
           (o.value("bound", std::string("point")) == "point"
                ? interval_text(obs, 2 * sigma)
                : escape_html(o.value("observed_text", std::string())) + " (&sigma; " + text::grouped(sigma, 3) + ")") +
           (o.value("basis", std::string("observed")) == "plan" ? " plan" : "") +
           (o.value("fit", true) ? "" : " (not fitted)") + "</td><td>" +
           (covered ? interval_text(number_at(o, "simulated"), number_at(o, "simulated_ci95"))
                    : std::string("not covered by the run")) +
           "</td><td>" + (covered ? text::grouped(number_at(o, "z"), 2) : std::string("-")) + "</td><td class=\"l\">" +
           source_text(o.value("source", std::string()), sources) + "</td></tr>\n";
  }
  return out + "</table></div>\n";
}

/// "stacking in 9 of 14 months, formation in 5" from the bottleneck of each month.
std::string bottleneck_text(const J& bottleneck)
{
  std::vector<std::pair<std::string, int>> counts;
  int months = 0;
  for (const auto& b : bottleneck) {
    if (b.is_null())
      continue;
    ++months;
    const auto name = b.get<std::string>();
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == name; });
    if (it == counts.end())
      counts.emplace_back(name, 1);
    else
      ++it->second;
  }
  if (counts.empty())
    return "No stage was scheduled in any month.";
  std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out = "Bottleneck (the stage busiest for its scheduled time): <b>" + escape_html(counts[0].first) +
                    "</b> in " + std::to_string(counts[0].second) + " of " + std::to_string(months) + " month(s)";
  for (std::size_t k = 1; k < counts.size(); ++k)
    out += ", " + escape_html(counts[k].first) + " in " + std::to_string(counts[k].second);
  return out + ".";
}

} // namespace

RunReportInput read_results_dir(const std::string& dir)
{
  RunReportInput in;
  in.origin = dir;
  auto read = [&](const std::string& name) {
    bool found = false;
    std::string text = read_file(dir + "/" + name, found);
    if (!found)
      throw InputError("[report.E701] " + dir + "/" + name +
                       ": no such file; expected the results of gigaline run "
                       "FILE --out " +
                       dir);
    return text;
  };
  const std::string summary = read("summary.json");
  in.stations_monthly_csv = read("stations_monthly.csv");
  // one run's files, complete: a folder that a failed or killed run left half rewritten has no manifest
  check_result_set(dir, {"summary.json", "stations_monthly.csv"});
  try {
    // the scenario loader's parser: nesting and numbers bounded, so no summary.json can crash the reader
    in.summary = scenario::parse_json(summary, dir + "/summary.json", "report");
  } catch (const ValidationError& e) {
    const Diagnostic& d = e.diagnostics().front();
    malformed(dir + "/summary.json", "not JSON: " + (d.pointer.empty() ? "" : d.pointer + ": ") + d.message);
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
    malformed(in.origin + "/summary.json", std::string("not a summary of gigaline run: ") + e.what());
  }
}

/// What the run says, in a table readable without script: the first month at 50, 80 and 100 % of nameplate
/// (means over replications), the GWh made against nameplate and the share lost, the material of the scrap,
/// and where the bottleneck was month by month.
std::string executive_summary(const J& data, const J& s)
{
  const auto& months = data.at("months");
  const auto& gwh = data.at("monthly").at("gwh").at("mean");
  const J& nameplate = data.at("nameplate_gwh");
  std::string rows;
  double made = 0, possible = 0;
  for (std::size_t m = 0; m < months.size(); ++m)
    if (gwh[m].is_number()) {
      made += gwh[m].get<double>();
      if (nameplate.is_array() && nameplate[m].is_number())
        possible += nameplate[m].get<double>();
    }
  if (nameplate.is_array()) {
    for (double level : {0.5, 0.8, 1.0}) {
      std::string when = "not within the run";
      for (std::size_t m = 0; m < months.size(); ++m)
        if (gwh[m].is_number() && nameplate[m].is_number() && nameplate[m].get<double>() > 0 &&
            gwh[m].get<double>() >= level * nameplate[m].get<double>()) {
          when = escape_html(months[m].get<std::string>()) + " (" + std::to_string(m) + " months after the start)";
          break;
        }
      rows += "<tr><td class=\"l\">first month at " + text::grouped(100 * level, 0) +
              " % of nameplate</td><td class=\"l\">" + when + "</td></tr>\n";
    }
    rows += "<tr><td class=\"l\">GWh made against nameplate</td><td class=\"l\">" + text::grouped(made, 3) + " of " +
            text::grouped(possible, 3) + " GWh (" +
            (possible > 0 ? text::grouped(100 * (1 - made / possible), 1) : std::string("-")) + " % lost)</td></tr>\n";
    const J np = s.value("nameplate", J());
    if (np.is_object() && np.contains("eur_lost") && np.at("eur_lost").is_number())
      rows += "<tr><td class=\"l\">sales lost against nameplate</td><td class=\"l\">EUR " +
              text::grouped(np.at("eur_lost").get<double>() / 1e6, 1) + " M (" +
              text::grouped(np.value("gwh_lost", 0.0), 3) + " GWh at the scenario's cell price)</td></tr>\n";
  }
  const J& totals = s.at("totals");
  if (totals.contains("scrap_material_eur") && totals.at("scrap_material_eur").is_number())
    rows += "<tr><td class=\"l\">material of the cells scrapped</td><td class=\"l\">EUR " +
            text::grouped(totals.at("scrap_material_eur").get<double>(), 0) + " (after the warm-up)</td></tr>\n";
  // the scrap's material by the stage that made the defect, stations of the same name summed over lines
  const J by_stage = s.value("scrap_by_stage", J::object());
  if (by_stage.contains("caused_eur")) {
    std::map<std::string, double> eur;
    double all = 0;
    for (const auto& [key, v] : by_stage.at("caused_eur").items()) {
      const auto slash = key.find('/');
      eur[slash == std::string::npos ? key : key.substr(slash + 1)] += number_at(by_stage.at("caused_eur"), key);
      all += number_at(by_stage.at("caused_eur"), key);
    }
    std::vector<std::pair<double, std::string>> ranked;
    for (const auto& [name, v] : eur)
      if (v > 0)
        ranked.emplace_back(-v, name);
    std::sort(ranked.begin(), ranked.end());
    std::string text;
    for (std::size_t k = 0; k < ranked.size() && k < 4; ++k)
      text += (k ? ", " : "") + escape_html(ranked[k].second) + " EUR " + text::grouped(-ranked[k].first, 0) + " (" +
              text::grouped(100 * -ranked[k].first / all, 0) + " %)";
    if (!text.empty())
      rows += "<tr><td class=\"l\">scrap's material by the stage that made the defect</td><td class=\"l\">" + text +
              "</td></tr>\n";
  }
  const std::string bottleneck = bottleneck_text(data.at("bottleneck"));
  if (!bottleneck.empty())
    rows += "<tr><td class=\"l\">where the bottleneck was</td><td class=\"l\">" + bottleneck + "</td></tr>\n";
  if (rows.empty())
    return "";
  return "<section id=\"summary\"><h2>What the run says</h2>\n<table>" + rows +
         "</table>\n<p class=\"note\">Means over replications; for the uncertainty of the parameters, see "
         "<code>gigaline forecast</code>.</p>\n</section>\n";
}

std::string run_report_html(const RunReportInput& in, const std::string& chartjs)
{
  const J data = run_report_data(in);
  const J& s = in.summary;
  try {
    const std::string name = s.at("scenario").get<std::string>();
    const auto& months = data.at("months");
    const J provenance = s.value("provenance", J::object());
    std::string html = page_head("gigaline report: " + name);
    html += "<header>\n<h1>" + escape_html(name) + "</h1>\n<p class=\"meta\">Scenario run, " +
            std::to_string(s.value("replications", 0)) + " replication(s), seed " +
            escape_html(provenance.value("seed", J()).dump()) + "; ";
    if (!months.empty())
      html += escape_html(months.front().get<std::string>()) + " to " + escape_html(months.back().get<std::string>()) +
              " (" + std::to_string(months.size()) + " months); ";
    html += "scenario hash " + escape_html(provenance.value("scenario_hash", std::string("-"))) + ", gigaline " +
            escape_html(provenance.value("gigaline_version", std::string("-"))) +
            (provenance.contains("build") ? " (build " + escape_html(provenance.value("build", std::string())) + ")"
                                          : std::string()) +
            ", SimGrid " + escape_html(provenance.value("simgrid_version", std::string("-"))) +
            ".</p>\n<nav><a href=\"#summary\">Summary</a><a href=\"#kpis\">KPIs</a><a href=\"#ramp-up\">Ramp-up</a><a "
            "href=\"#scrap\">Scrap</a>"
            "<a href=\"#oee\">OEE and states</a><a href=\"#observations\">Observations</a>"
            "<a href=\"#energy\">Energy</a><a href=\"#stations\">Stations</a></nav>\n</header>\n<main>\n";

    html += executive_summary(data, s);
    html += "<section id=\"kpis\"><h2>Headline KPIs</h2>\n<p class=\"note\">Totals after the warm-up, means over " +
            std::to_string(s.value("replications", 0)) +
            " replication(s) with their 95 % half-widths (Student t).</p>\n" + kpi_table(s.at("totals")) +
            "</section>\n";

    const std::string band = "The shaded band is the 95 % confidence interval of the mean over replications.";
    std::string observed_note;
    if (!s.value("observations", J::array()).empty())
      observed_note = " Black diamonds: observations with &plusmn; 2&sigma; error bars; red circles: the "
                      "simulated value at each observation with its 95 % interval.";
    html += "<section id=\"ramp-up\"><h2>Ramp-up</h2>\n";
    html += figure("chart-cells", "Good cells per month",
                   "Cells that left the line good (finished and graded). " + band + observed_note);
    std::string nameplate = "No line of the scenario gives a nameplate capacity.";
    if (!data.at("nameplate_gwh").is_null())
      nameplate = "Dashed: nameplate, " + number_text(data.at("nameplate_gwh_per_year").get<double>()) +
                  " GWh per year over all lines, one twelfth a month for each line once it has started "
                  "production (its SOP).";
    const std::string timeline =
        data.at("timeline").empty()
            ? std::string()
            : " Dotted verticals: the timeline, labelled here and drawn on every monthly chart (SOP green, experts "
              "purple, output caps red, process changes brown, call-offs teal, maintenance and shutdowns grey).";
    html += figure("chart-gwh", "GWh per month against nameplate",
                   "Energy of the good cells made in the month. " + nameplate + " " + band + observed_note +
                       " A month cut by the horizon is partial." + timeline);
    html += figure("chart-gwh-cumulative", "Cumulative GWh",
                   "At the end of each month. Observations dated within a month are drawn at that month. " + band +
                       observed_note);
    html += "</section>\n<section id=\"scrap\"><h2>Scrap</h2>\n";
    html += figure("chart-scrap", "Plant scrap rate per month",
                   "Cells scrapped / (good + scrapped) in the month. " + band + observed_note);
    html += figure("chart-scrap-stages", "Scrap rate found at each stage",
                   "Cells scrapped at the stage / cells it passed on or scrapped, month by month (stations of the "
                   "same name summed over lines). A defect made upstream and found here counts here.");
    html += figure("chart-scrap-caused", "Cells scrapped by stage of origin",
                   "Cells scrapped anywhere in the month because of a defect made at each stage: where the scrap "
                   "comes from, latent defects included.");
    html += "</section>\n<section id=\"oee\"><h2>OEE and machine states</h2>\n<p class=\"note\">" +
            bottleneck_text(data.at("bottleneck")) + "</p>\n";
    html += figure("chart-oee", "OEE per stage",
                   "Availability &times; performance &times; quality of each stage by month (stages on several "
                   "lines weighted by scheduled machine time); black: the plant OEE, good output at the "
                   "bottleneck's ideal rate over scheduled time, with its 95 % band.");
    html += figure("chart-busy", "Busy share of scheduled time per stage",
                   "Machine time busy / machine time not off. The stage at the top is the bottleneck of the "
                   "month; stages well below it starve or block.");
    html += "<p class=\"legend\">Machine states:";
    for (std::size_t k = 0; k < state_names.size(); ++k)
      html += std::string(" <span data-state=\"") + state_names[k] + "\" data-colour=\"" + state_colours[k] +
              "\"><i style=\"background:" + state_colours[k] + "\"></i>" + state_names[k] + "</span>";
    html += "</p>\n<div class=\"grid\">\n";
    const auto& stages = data.at("stages");
    for (std::size_t i = 0; i < stages.size(); ++i)
      if (!stages[i].at("store").get<bool>())
        html += figure("chart-states-" + std::to_string(i), "States of " + stages[i].at("name").get<std::string>(),
                       std::to_string(stages[i].at("machines").get<int>()) +
                           " machine(s): share of machine time busy, idle, starved, blocked, down and off, month by "
                           "month.");
    html += "</div>\n</section>\n<section id=\"observations\"><h2>Observations</h2>\n";
    const auto& observations = data.at("observations");
    bool relative = false;
    for (const auto& o : observations)
      relative = relative ||
                 (o.at("covered").get<bool>() && o.at("simulated").is_number() && o.at("observed").get<double>() > 0);
    if (observations.empty()) {
      html += "<p class=\"note\">The scenario has no observations.</p>\n";
    } else {
      if (relative)
        html += figure("chart-observations", "Every observation against the simulation",
                       "Each observation scaled to 1 with its &plusmn; 2&sigma; error bar, and the simulated value "
                       "over the observed one with its 95 % interval: a red circle whose bar misses the black one "
                       "is a misfit. Line-specific observations and every metric are here; the curves above show "
                       "the plant-wide ones.");
      html += observations_table(s.at("observations"), s.value("sources", J::array()));
    }
    const auto& state = data.at("state");
    if (state.contains("local_staff") || state.contains("qualified") || state.contains("demand_cells")) {
      html += "</section>\n<section id=\"people\"><h2>People, shifts and customers</h2>\n";
      if (state.contains("local_staff") || state.contains("qualified"))
        html += figure("chart-people", "Workforce and skill",
                       "Local staff hired, qualified locals, experts on site and the operators the staffed shifts "
                       "take (monthly means), with the plant's skill on the right axis: experts arriving raise it "
                       "at once, experts leaving expose the local skill.");
      if (!data.at("line_shifts").empty())
        html += figure("chart-shifts", "Staffed shifts per line",
                       "Shifts a week each line can staff (monthly means over replications; 21 is around the "
                       "clock in 8-hour shifts, 0 a line without a crew).");
      if (state.contains("demand_cells"))
        html += figure("chart-demand", "Demand against output",
                       "Cells called off by customers, good cells made and shipped, and the mean finished-goods "
                       "stock: when the store is full, the plant holds its starts to the call-offs.");
    }
    html += "</section>\n<section id=\"energy\"><h2>Energy</h2>\n";
    html += figure("chart-energy", "Factory energy per kWh of cells",
                   "Factory energy (base load, busy and idle power, energy per cell) over the energy of the good "
                   "cells made in the month, on a log scale: high while output is low, falling as it ramps up. "
                   "Months without good cells are left out.");
    html += "</section>\n<section id=\"stations\"><h2>Stations</h2>\n<p class=\"note\">Whole run after the "
            "warm-up, means over replications: shares of machine time in each state (%), OEE (%), cells passed on "
            "per hour, lead time (hours) and scrap counts, in cells of the station's own material; machines 0 is "
            "a store.</p>\n" +
            stations_table(s.value("stations", J::array())) + "</section>\n</main>\n";
    return html + page_tail(data, chartjs, web::text(web::Asset::run_js));
  } catch (const nlohmann::json::exception& e) {
    malformed(in.origin + "/summary.json", std::string("not a summary of gigaline run: ") + e.what());
  }
}

std::string sweep_report_html(const nlohmann::ordered_json& sw, const SweepReportOptions& options,
                              const std::string& chartjs)
{
  const auto kpi_names = sw.at("kpi_names").get<std::vector<std::string>>();
  const auto factor_names = sw.at("factor_names").get<std::vector<std::string>>();
  const auto it = std::find(kpi_names.begin(), kpi_names.end(), options.rank_kpi);
  if (it == kpi_names.end()) {
    std::string known;
    for (const auto& k : kpi_names)
      known += (known.empty() ? "" : ", ") + k;
    throw InputError("[report.E705] unknown KPI \"" + options.rank_kpi + "\"; known: " + known);
  }
  const auto rank = static_cast<std::size_t>(it - kpi_names.begin());
  const auto& points = sw.at("point_summaries");

  J data = J::object();
  data["kind"] = "sweep";
  data["sweep"] = sw.at("sweep");
  data["design"] = sw.value("design", std::string());
  const J analysis = sw.contains("analysis") ? J(sw.at("analysis")) : J::object();
  data["analysis"] = analysis;
  data["curves"] = page::sweep_curves_data(sw.contains("curves") ? J(sw.at("curves")) : J());
  J factors = J::array();
  for (std::size_t f = 0; f < factor_names.size(); ++f) {
    bool numeric = true, integer = true;
    for (const auto& p : points) {
      numeric = numeric && p.at("factors").at(f).is_number();
      integer = integer && p.at("factors").at(f).is_number_integer();
    }
    factors.push_back({{"name", factor_names[f]}, {"numeric", numeric}, {"integer", numeric && integer}});
  }
  data["factors"] = factors;
  J kpis = J::array();
  for (const auto& k : kpi_names) {
    const KpiLabel l = label_of(k);
    kpis.push_back({{"name", k}, {"label", label_text(k)}, {"scale", l.scale}});
  }
  data["kpis"] = kpis;
  data["kpi"] = rank;
  J pts = J::array();
  for (const auto& p : points) {
    J mean = J::array(), ci = J::array();
    for (const auto& v : p.at("mean"))
      mean.push_back(v.is_number() ? num(v.get<double>()) : J());
    for (const auto& v : p.at("ci95"))
      ci.push_back(v.is_number() ? num(v.get<double>()) : J());
    pts.push_back({{"point", p.at("point")}, {"factors", p.at("factors")}, {"mean", mean}, {"ci95", ci}});
  }
  data["points"] = pts;

  const std::string name = sw.at("sweep").get<std::string>();
  const std::string curves_html = page::sweep_curves_sections(data["curves"], label_text(options.rank_kpi));
  std::string html = page_head("gigaline sweep report: " + name);
  html +=
      "<header>\n<h1>Sweep " + escape_html(name) + "</h1>\n<p class=\"meta\">" +
      std::to_string(sw.at("points").get<int>()) + " point(s) &times; " +
      std::to_string(sw.at("replications").get<int>()) +
      " replication(s): " + std::to_string(sw.at("runs_ok").get<int>()) + " run(s) ok, " +
      std::to_string(sw.at("runs_failed").get<int>()) + " failed, " + std::to_string(sw.at("runs_missing").get<int>()) +
      " not run; sweep hash " + escape_html(sw.at("sweep_hash").get<std::string>()) + ", results of gigaline " +
      escape_html(sw.at("gigaline_version").get<std::string>()) +
      (sw.value("build", std::string()).empty() ? std::string()
                                                : " (build " + escape_html(sw.value("build", std::string())) + ")") +
      ".</p>\n<nav><a href=\"#factors\">KPI per factor</a>" +
      (analysis.contains("vs_base") && !analysis["vs_base"].is_null()
           ? "<a href=\"#vs-base\">Differences from the base</a>"
           : "") +
      (analysis.contains("sensitivity") && !analysis["sensitivity"].is_null()
           ? "<a href=\"#sensitivity\">Sensitivity</a>"
           : "") +
      (curves_html.empty() ? "" : "<a href=\"#curves\">Curves per point</a><a href=\"#bottleneck\">Bottleneck</a>") +
      "<a href=\"#ranking\">Ranking</a></nav>\n</header>\n"
      "<main>\n<section id=\"factors\"><h2>KPI per factor</h2>\n<p><label for=\"kpi\">KPI </label><select "
      "id=\"kpi\">";
  for (std::size_t k = 0; k < kpi_names.size(); ++k)
    html += "<option value=\"" + std::to_string(k) + "\"" + (k == rank ? " selected" : "") + ">" +
            escape_html(label_text(kpi_names[k])) + "</option>";
  html += "</select></p>\n<p class=\"note\">One chart per factor: each point of the design at its value of the "
          "factor, the KPI's mean over the point's ok runs with its 95 % interval. In a grid, the black line joins the "
          "means over the other factors: the factor's main effect (a one-at-a-time design's effects are its "
          "differences from the base, below).</p>\n<div class=\"grid\">\n";
  for (std::size_t f = 0; f < factor_names.size(); ++f)
    html += figure("chart-factor-" + std::to_string(f), "KPI against " + factor_names[f],
                   "The chosen KPI at each value of " + escape_html(factor_names[f]) + ".");
  html += "</div>\n</section>\n";
  html += page::sweep_analysis_sections(analysis, rank, label_text(options.rank_kpi), label_of(options.rank_kpi).scale);
  html += curves_html;

  // the ranking: points with a value first, best first; the others last, unranked
  std::vector<std::size_t> order(points.size());
  for (std::size_t p = 0; p < order.size(); ++p)
    order[p] = p;
  auto mean_of = [&](std::size_t p, std::size_t k) { return number_at(points[p].at("mean"), k); };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double va = mean_of(a, rank), vb = mean_of(b, rank);
    if (std::isfinite(va) != std::isfinite(vb))
      return std::isfinite(va);
    if (!std::isfinite(va))
      return false;
    return options.ascending ? va < vb : va > vb;
  });
  std::vector<std::size_t> shown = {rank};
  for (const char* k : {"gwh", "scrap_rate", "oee", "cost_eur_per_kwh"}) {
    const auto at = std::find(kpi_names.begin(), kpi_names.end(), k);
    const auto ki = static_cast<std::size_t>(at - kpi_names.begin());
    bool any = false;
    for (std::size_t p = 0; p < points.size() && at != kpi_names.end(); ++p)
      any = any || std::isfinite(mean_of(p, ki));
    if (any && ki != rank)
      shown.push_back(ki);
  }
  html += "<section id=\"ranking\"><h2>Ranking by " + escape_html(label_text(options.rank_kpi)) +
          "</h2>\n"
          "<p class=\"note\">Points ordered by the mean of " +
          escape_html(options.rank_kpi) + ", " + (options.ascending ? "lowest" : "highest") +
          " first, over their ok runs (95 % intervals, Student t); points without an ok run last.</p>\n"
          "<div class=\"wide\"><table class=\"ranking\"><tr><th>rank</th><th>point</th>";
  for (const auto& f : factor_names) { // long factor names may break after their underscores
    std::string header;
    for (char c : escape_html(f))
      header += c == '_' ? std::string("_<wbr>") : std::string(1, c);
    html += "<th>" + header + "</th>";
  }
  html += "<th>ok</th><th>failed</th>";
  for (std::size_t k : shown)
    html += "<th>" + escape_html(label_text(kpi_names[k])) + "</th>";
  html += "</tr>\n";
  const std::size_t rows = std::min(order.size(), options.table_rows);
  for (std::size_t i = 0; i < rows; ++i) {
    const auto& p = points[order[i]];
    html += "<tr><td>" + (std::isfinite(mean_of(order[i], rank)) ? std::to_string(i + 1) : std::string("-")) +
            "</td><td>" + p.at("point").dump() + "</td>";
    for (const auto& v : p.at("factors"))
      html += "<td>" + escape_html(text::factor_text(v)) + "</td>";
    html += "<td>" + p.at("ok").dump() + "</td><td>" + p.at("failed").dump() + "</td>";
    for (std::size_t k : shown) {
      const double scale = label_of(kpi_names[k]).scale;
      html += "<td>" + ranking_cell(mean_of(order[i], k) * scale, number_at(p.at("ci95"), k) * scale) + "</td>";
    }
    html += "</tr>\n";
  }
  html += "</table></div>\n";
  if (rows < order.size())
    html += "<p class=\"note\">" + std::to_string(order.size() - rows) +
            " more point(s) not listed; gigaline sweep summary DB --rank " + escape_html(options.rank_kpi) +
            " lists them all.</p>\n";
  html += "</section>\n</main>\n";
  static const std::string js =
      web::text(web::Asset::sweep_js) + web::text(web::Asset::sweep_analysis) + web::text(web::Asset::sweep_curves);
  return html + page_tail(data, chartjs, js.c_str());
}

namespace page {
std::string head(const std::string& title)
{
  return page_head(title);
}
std::string tail(const J& data, const std::string& chartjs, const std::string& page_js)
{
  return page_tail(data, chartjs, page_js);
}
std::string figure(const std::string& id, const std::string& title, const std::string& caption)
{
  return report::figure(id, title, caption);
}
std::string interval(double mean, double half_width)
{
  return interval_text(mean, half_width);
}
std::string escape(const std::string& text)
{
  return escape_html(text);
}
} // namespace page

} // namespace gigaline::report
