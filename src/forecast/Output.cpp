// src/forecast/Output.cpp — a forecast's files and terminal tables: forecast.json, forecast_monthly.csv and the
// milestone and target tables printed by `gigaline forecast`.
#include "gigaline/core/Version.hpp"
#include "gigaline/engine/EngineInfo.hpp"
#include "gigaline/forecast/Forecast.hpp"
#include "gigaline/scenario/Descriptor.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>

namespace gigaline::forecast {

namespace {
using J = scenario::Json;

J num(double v)
{
  return std::isfinite(v) ? J(v) : J();
}

J date_or_null(const std::optional<Date>& d)
{
  return d ? J(d->to_string()) : J();
}

J quantiles_json(const Series& s)
{
  J o = J::object();
  for (const char* k : {"mean", "p5", "p10", "p50", "p90", "p95"}) {
    J a = J::array();
    for (const auto& q : s.months) {
      const double v = std::string(k) == "mean"  ? q.mean
                       : std::string(k) == "p5"  ? q.p5
                       : std::string(k) == "p10" ? q.p10
                       : std::string(k) == "p50" ? q.p50
                       : std::string(k) == "p90" ? q.p90
                                                 : q.p95;
      a.push_back(num(v));
    }
    o[k] = a;
  }
  return o;
}

J series_json(const std::vector<Series>& series)
{
  J o = J::object();
  for (const auto& s : series)
    o[s.name] = quantiles_json(s);
  return o;
}

J milestones_json(const std::vector<Milestone>& ms)
{
  J a = J::array();
  for (const auto& m : ms)
    a.push_back({{"name", m.name},
                 {"reached", m.reached},
                 {"p10", date_or_null(m.p10)},
                 {"p50", date_or_null(m.p50)},
                 {"p90", date_or_null(m.p90)}});
  return a;
}

/// Every digit, as the other CSV files of gigaline (shortest text that reads back to the same double); "" when not
/// a number.
std::string csv_number(double v)
{
  return std::isfinite(v) ? scenario::format_number(v) : std::string();
}

std::string milestone_label(const std::string& name)
{
  if (name.rfind("nameplate_", 0) == 0)
    return name.substr(10) + " % of nameplate (month)";
  if (name.rfind("gwh_cumulative_", 0) == 0)
    return name.substr(15) + " GWh cumulative (date)";
  return name;
}
} // namespace

scenario::Json to_json(const Result& r)
{
  J j = J::object();
  j["scenario"] = r.scenario;
  j["provenance"] = {{"gigaline_version", version()},
                     {"build", build_id()},
                     {"simgrid_version", engine::simgrid_version()},
                     {"compiler", compiler_version()}};
  j["method"] = r.method;
  j["draws"] = r.draws_count;
  j["replications"] = r.replications;
  j["parameters"] = r.paths;
  J draws = J::array();
  for (const auto& d : r.draws)
    draws.push_back(d);
  j["parameter_draws"] = draws;
  J months = J::array();
  for (const auto m : r.months)
    months.push_back(m.to_string());
  j["months"] = months;
  J nameplate = J::array();
  for (double v : r.nameplate_gwh)
    nameplate.push_back(v);
  j["nameplate_gwh"] = nameplate;
  j["cell_price_eur_per_kwh"] = r.cell_price_eur_per_kwh ? J(*r.cell_price_eur_per_kwh) : J(nullptr);
  j["monthly"] = series_json(r.series);
  j["milestones"] = milestones_json(r.milestones);
  J targets = J::array();
  for (const auto& t : r.targets) {
    J o = {{"target", t.text}, {"probability", t.probability}};
    if (t.what_if)
      o["what_if_probability"] = *t.what_if;
    targets.push_back(o);
  }
  j["targets"] = targets;
  if (!r.what_if.empty()) {
    j["what_if"] = {{"overrides", r.what_if},
                    {"monthly", series_json(r.what_if_series)},
                    {"difference", series_json(r.difference_series)},
                    {"milestones", milestones_json(r.what_if_milestones)}};
  }
  j["wall_s"] = r.wall_s;
  return j;
}

std::string monthly_csv(const Result& r)
{
  std::string out = "month,nameplate_gwh";
  auto header = [&](const std::vector<Series>& series, const std::string& prefix) {
    for (const auto& s : series)
      for (const char* k : {"mean", "p5", "p10", "p50", "p90", "p95"})
        out += "," + prefix + s.name + "_" + k;
  };
  header(r.series, "");
  header(r.what_if_series, "what_if_");
  header(r.difference_series, "difference_");
  out += "\n";
  auto row = [&](const std::vector<Series>& series, std::size_t m) {
    for (const auto& s : series) {
      const auto& q = s.months[m];
      for (double v : {q.mean, q.p5, q.p10, q.p50, q.p90, q.p95})
        out += "," + csv_number(v);
    }
  };
  for (std::size_t m = 0; m < r.months.size(); ++m) {
    out += r.months[m].to_string() + "," + csv_number(r.nameplate_gwh[m]);
    row(r.series, m);
    row(r.what_if_series, m);
    row(r.difference_series, m);
    out += "\n";
  }
  return out;
}

void print(const Result& r, std::ostream& out)
{
  char buf[256];
  out << "\nForecast of " << r.scenario << ": " << r.draws_count << " parameter draw(s) x " << r.replications
      << " replication(s), " << r.method << "\n";
  out << "\nMilestones (P10 / P50 / P90 over every run; '-' when fewer runs than that reach it by the horizon)\n";
  std::snprintf(buf, sizeof buf, "  %-34s %9s %12s %12s %12s\n", "milestone", "reached", "P10", "P50", "P90");
  out << buf;
  auto print_ms = [&](const std::vector<Milestone>& ms) {
    for (const auto& m : ms) {
      auto d = [](const std::optional<Date>& x) { return x ? x->to_string() : std::string("-"); };
      std::snprintf(buf, sizeof buf, "  %-34s %8.0f%% %12s %12s %12s\n", milestone_label(m.name).c_str(),
                    100 * m.reached, d(m.p10).c_str(), d(m.p50).c_str(), d(m.p90).c_str());
      out << buf;
    }
  };
  print_ms(r.milestones);
  if (!r.what_if.empty()) {
    out << "\nWhat-if:";
    for (const auto& w : r.what_if)
      out << " " << w;
    out << " (the same draws and seeds)\n";
    print_ms(r.what_if_milestones);
  }
  if (!r.targets.empty()) {
    out << "\nTargets (share of runs meeting each)\n";
    for (const auto& t : r.targets) {
      std::snprintf(buf, sizeof buf, "  %-40s %6.1f %%", t.text.c_str(), 100 * t.probability);
      out << buf;
      if (t.what_if) {
        std::snprintf(buf, sizeof buf, "   what-if %6.1f %%", 100 * *t.what_if);
        out << buf;
      }
      out << "\n";
    }
  }
  out << "\nGWh by year-end month (P5 / P50 / P95 of cumulative GWh)\n";
  for (std::size_t m = 0; m < r.months.size(); ++m) {
    if (r.months[m].to_string().substr(5) != "12" && m + 1 != r.months.size())
      continue;
    const auto& q = r.series[3].months[m];
    std::snprintf(buf, sizeof buf, "  %-8s %10.3f %10.3f %10.3f", r.months[m].to_string().c_str(), q.p5, q.p50, q.p95);
    out << buf;
    if (!r.difference_series.empty()) {
      const auto& d = r.difference_series[3].months[m];
      std::snprintf(buf, sizeof buf, "   what-if minus base %+.3f (P5 %+.3f, P95 %+.3f)", d.p50, d.p5, d.p95);
      out << buf;
    }
    out << "\n";
  }
  std::snprintf(buf, sizeof buf, "\nforecast: %zu runs in %.1f s\n",
                static_cast<std::size_t>(r.draws_count * r.replications * (r.what_if.empty() ? 1 : 2)), r.wall_s);
  out << buf;
}

} // namespace gigaline::forecast
