// src/regress/Baseline.cpp — recording, reading and comparing ramp-up baselines, and the two reports of a
// check: a table for people and JUnit XML for CI systems.
#include "gigaline/regress/Baseline.hpp"

#include "gigaline/core/Error.hpp"
#include "gigaline/core/Stats.hpp"
#include "gigaline/core/Text.hpp"
#include "gigaline/core/Version.hpp"
#include "gigaline/engine/EngineInfo.hpp"
#include "gigaline/report/Html.hpp"
#include "gigaline/report/Kpis.hpp"
#include "gigaline/scenario/Loader.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <sstream>

namespace gigaline::regress {

using Json = nlohmann::ordered_json;

const std::vector<std::string>& curve_metrics()
{
  static const std::vector<std::string> m = report::kpi_keys(report::guarded_curve);
  return m;
}

Tolerance default_tolerance(const std::string& metric)
{
  const report::Kpi* k = report::find_kpi(metric);
  return k != nullptr ? Tolerance{k->rel_tolerance, k->abs_tolerance} : Tolerance{0.01, 0};
}

Baseline from_summary(const scenario::Scenario& s, const report::Summary& sum)
{
  Baseline b;
  b.scenario = s.name;
  b.scenario_hash = sum.scenario_hash;
  b.seed = sum.seed;
  b.replications = sum.replications;
  b.gigaline_version = version();
  b.build = build_id();
  b.simgrid_version = engine::simgrid_version();
  for (const auto& m : curve_metrics())
    b.tolerances[m] = default_tolerance(m);
  for (std::size_t i = 0; i < sum.month_of.size(); ++i) {
    MonthCurve c;
    c.month = sum.month_of[i].to_string();
    for (const auto& metric : curve_metrics()) {
      Welford w;
      auto& values = c.replicas[metric];
      for (const auto& k : sum.per_replication) {
        double v = 0;
        for (const auto& [name, x] : k.months[i])
          if (name == metric)
            v = x;
        values.push_back(v);
        w.add(v);
      }
      c.band[metric] = ci95(w);
    }
    b.months.push_back(std::move(c));
  }
  return b;
}

namespace {
const char* mode_name(Mode m)
{
  return m == Mode::exact ? "exact" : "statistical";
}
} // namespace

Json to_json(const Baseline& b)
{
  Json j;
  j["gigaline_baseline"] = 1;
  j["scenario"] = b.scenario;
  j["provenance"] = {
      {"scenario_hash", b.scenario_hash},       {"seed", b.seed},   {"replications", b.replications},
      {"gigaline_version", b.gigaline_version}, {"build", b.build}, {"simgrid_version", b.simgrid_version}};
  j["mode"] = mode_name(b.mode);
  Json tol = Json::object();
  for (const auto& m : curve_metrics())
    if (auto it = b.tolerances.find(m); it != b.tolerances.end())
      tol[m] = {{"rel", it->second.rel}, {"abs", it->second.abs}};
  j["tolerances"] = tol;
  Json months = Json::array();
  for (const auto& c : b.months) {
    Json o = {{"month", c.month}};
    for (const auto& m : curve_metrics())
      o[m] = {{"mean", c.band.at(m).mean}, {"ci95", c.band.at(m).half_width}, {"replications", c.replicas.at(m)}};
    months.push_back(std::move(o));
  }
  j["months"] = std::move(months);
  return j;
}

namespace {

/// Reads a baseline document, reporting the first problem with its pointer.
class Reader {
public:
  explicit Reader(std::string origin) : origin_(std::move(origin)) {}
  [[noreturn]] void fail(const std::string& ptr, const std::string& what) const
  {
    throw InputError("[baseline.E501] " + origin_ + ": " + (ptr.empty() ? "(root)" : ptr) + ": " + what);
  }
  const Json& at(const Json& j, const std::string& key, const std::string& ptr) const
  {
    if (!j.is_object() || !j.contains(key))
      fail(ptr + "/" + key, "missing (is this a gigaline baseline written by `gigaline baseline`?)");
    return j.at(key);
  }
  double number(const Json& j, const std::string& key, const std::string& ptr) const
  {
    const Json& v = at(j, key, ptr);
    if (!v.is_number())
      fail(ptr + "/" + key, "expected a number, found " + v.dump());
    return v.get<double>();
  }
  std::string text(const Json& j, const std::string& key, const std::string& ptr) const
  {
    const Json& v = at(j, key, ptr);
    if (!v.is_string())
      fail(ptr + "/" + key, "expected a string, found " + v.dump());
    return v.get<std::string>();
  }

private:
  std::string origin_;
};

} // namespace

Baseline baseline_from_json(const Json& doc, const std::string& origin)
{
  Reader r(origin);
  Baseline b;
  if (r.number(doc, "gigaline_baseline", "") != 1)
    r.fail("/gigaline_baseline", "expected 1 (the only baseline version)");
  b.scenario = r.text(doc, "scenario", "");
  const Json& p = r.at(doc, "provenance", "");
  b.scenario_hash = r.text(p, "scenario_hash", "/provenance");
  const Json& seed = r.at(p, "seed", "/provenance");
  if (!seed.is_number_unsigned() && !seed.is_number_integer())
    r.fail("/provenance/seed", "expected an integer, found " + seed.dump());
  b.seed = seed.get<std::uint64_t>();
  b.replications = static_cast<int>(r.number(p, "replications", "/provenance"));
  b.gigaline_version = r.text(p, "gigaline_version", "/provenance");
  b.simgrid_version = r.text(p, "simgrid_version", "/provenance");
  if (p.is_object() && p.contains("build") && p.at("build").is_string()) // optional: older baselines lack it
    b.build = p.at("build").get<std::string>();
  const std::string mode = r.text(doc, "mode", "");
  if (mode != "exact" && mode != "statistical")
    r.fail("/mode", "expected \"exact\" or \"statistical\", found " + text::quoted(mode));
  b.mode = mode == "exact" ? Mode::exact : Mode::statistical;
  const Json& tol = r.at(doc, "tolerances", "");
  for (const auto& m : curve_metrics()) {
    const std::string ptr = "/tolerances/" + m;
    const Json& t = r.at(tol, m, "/tolerances");
    b.tolerances[m] = {r.number(t, "rel", ptr), r.number(t, "abs", ptr)};
    if (b.tolerances[m].rel < 0 || b.tolerances[m].abs < 0)
      r.fail(ptr, "expected rel and abs >= 0");
  }
  const Json& months = r.at(doc, "months", "");
  if (!months.is_array())
    r.fail("/months", "expected an array");
  for (std::size_t i = 0; i < months.size(); ++i) {
    const std::string ptr = "/months/" + std::to_string(i);
    MonthCurve c;
    c.month = r.text(months[i], "month", ptr);
    for (const auto& m : curve_metrics()) {
      const Json& o = r.at(months[i], m, ptr);
      c.band[m] = {r.number(o, "mean", ptr + "/" + m), r.number(o, "ci95", ptr + "/" + m)};
      const Json& reps = r.at(o, "replications", ptr + "/" + m);
      if (!reps.is_array() || reps.size() != static_cast<std::size_t>(b.replications))
        r.fail(ptr + "/" + m + "/replications",
               "expected " + std::to_string(b.replications) + " numbers (provenance.replications)");
      for (const auto& v : reps) {
        if (!v.is_number())
          r.fail(ptr + "/" + m + "/replications", "expected numbers, found " + v.dump());
        c.replicas[m].push_back(v.get<double>());
      }
    }
    b.months.push_back(std::move(c));
  }
  return b;
}

Baseline read_baseline(const std::string& path)
{
  const std::string text = scenario::read_text_file(path, "baseline");
  Json doc;
  try {
    doc = scenario::parse_json(text, path, "baseline"); // nesting and numbers bounded
  } catch (const ValidationError& e) {
    const Diagnostic& d = e.diagnostics().front();
    throw InputError("[baseline.E500] " + path + ": not JSON: " + (d.pointer.empty() ? "" : d.pointer + ": ") +
                     d.message);
  }
  return baseline_from_json(doc, path);
}

bool CheckResult::passed() const
{
  return deviations.empty() && !shape_changed && !(mode == Mode::exact && hash_changed);
}

CheckResult compare(const Baseline& base, const Baseline& now, Mode mode)
{
  CheckResult r;
  r.mode = mode;
  r.scenario = base.scenario;
  r.baseline_hash = base.scenario_hash;
  r.new_hash = now.scenario_hash;
  r.hash_changed = base.scenario_hash != now.scenario_hash;
  r.metrics = curve_metrics();
  std::map<std::string, const MonthCurve*> fresh;
  for (const auto& c : now.months)
    fresh[c.month] = &c;
  std::vector<std::string> missing;
  for (const auto& c : base.months)
    if (!fresh.count(c.month))
      missing.push_back(c.month);
  if (!missing.empty() || base.months.size() != now.months.size()) {
    r.shape_changed = true;
    r.shape_note = "months differ: baseline " +
                   (base.months.empty() ? "none" : base.months.front().month + ".." + base.months.back().month) +
                   ", now " + (now.months.empty() ? "none" : now.months.front().month + ".." + now.months.back().month);
  }
  if (mode == Mode::exact && base.replications != now.replications) {
    r.shape_changed = true;
    r.shape_note += std::string(r.shape_note.empty() ? "" : "; ") + "replications differ: baseline " +
                    std::to_string(base.replications) + ", now " + std::to_string(now.replications);
  }
  for (const auto& c : base.months) {
    auto it = fresh.find(c.month);
    if (it == fresh.end())
      continue;
    const MonthCurve& n = *it->second;
    for (const auto& m : r.metrics) {
      ++r.compared[m];
      if (mode == Mode::exact) {
        const auto& a = c.replicas.at(m);
        const auto& b = n.replicas.at(m);
        for (std::size_t k = 0; k < std::min(a.size(), b.size()); ++k)
          if (!(a[k] == b[k]) && !(std::isnan(a[k]) && std::isnan(b[k]))) {
            r.deviations.push_back({c.month, m, static_cast<int>(k), a[k], b[k], a[k], a[k]});
            break; // one line per month and metric: the first replication that differs
          }
      } else {
        const Interval& bi = c.band.at(m);
        const Tolerance t = base.tolerances.count(m) ? base.tolerances.at(m) : default_tolerance(m);
        const double slack = bi.half_width + t.rel * std::abs(bi.mean) + t.abs;
        const double v = n.band.at(m).mean;
        if (!(v >= bi.mean - slack && v <= bi.mean + slack))
          r.deviations.push_back({c.month, m, -1, bi.mean, v, bi.mean - slack, bi.mean + slack});
      }
    }
  }
  return r;
}

void print_check(const CheckResult& r, std::ostream& out)
{
  out << "gigaline check: " << r.scenario << ", " << mode_name(r.mode) << " mode\n";
  if (r.hash_changed)
    out << "  scenario changed since the baseline: hash " << r.baseline_hash << " -> " << r.new_hash
        << (r.mode == Mode::exact ? " (exact mode: a failure)" : " (the curves decide)") << "\n";
  if (r.shape_changed)
    out << "  curves not comparable: " << r.shape_note << "\n";
  if (r.deviations.empty()) {
    std::size_t n = 0;
    for (const auto& [m, c] : r.compared)
      n += c;
    out << "  " << n << " month values compared over " << r.metrics.size() << " metrics: none moved\n";
  } else {
    char buf[256];
    if (r.mode == Mode::exact)
      std::snprintf(buf, sizeof buf, "  %-8s %-15s %4s %24s %24s %10s\n", "month", "metric", "rep", "baseline", "now",
                    "now - base");
    else
      std::snprintf(buf, sizeof buf, "  %-8s %-15s %14s %14s %14s %14s\n", "month", "metric", "baseline", "now",
                    "allowed from", "to");
    out << buf;
    for (const auto& d : r.deviations) {
      if (r.mode == Mode::exact) {
        // as many digits as give each value back exactly (a change in the last bit shows as such)
        int digits = 10;
        while (digits < 17 && (std::strtod(text::significant(d.baseline, digits).c_str(), nullptr) != d.baseline ||
                               std::strtod(text::significant(d.now, digits).c_str(), nullptr) != d.now))
          ++digits;
        std::snprintf(buf, sizeof buf, "  %-8s %-15s %4d %24s %24s %10.3g\n", d.month.c_str(), d.metric.c_str(),
                      d.replication, text::significant(d.baseline, digits).c_str(),
                      text::significant(d.now, digits).c_str(), d.now - d.baseline);
      } else
        std::snprintf(buf, sizeof buf, "  %-8s %-15s %14s %14s %14s %14s\n", d.month.c_str(), d.metric.c_str(),
                      text::significant(d.baseline).c_str(), text::significant(d.now).c_str(),
                      text::significant(d.low).c_str(), text::significant(d.high).c_str());
      out << buf;
    }
    out << "  " << r.deviations.size() << " month value(s) moved\n";
  }
  out << (r.passed() ? "PASS" : "FAIL") << "\n";
}

std::string junit_xml(const CheckResult& r, double wall_s)
{
  std::ostringstream x;
  std::size_t failures = 0;
  std::map<std::string, std::vector<const Deviation*>> by_metric;
  for (const auto& d : r.deviations)
    by_metric[d.metric].push_back(&d);
  const bool hash_fails = r.mode == Mode::exact && r.hash_changed;
  failures += by_metric.size() + (hash_fails || r.shape_changed ? 1 : 0);
  const std::size_t tests = r.metrics.size() + 1;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x << "<testsuites tests=\"" << tests << "\" failures=\"" << failures << "\">\n";
  x << "  <testsuite name=\"gigaline check " << report::escape_html(r.scenario) << "\" tests=\"" << tests
    << "\" failures=\"" << failures << "\" errors=\"0\" time=\"" << text::significant(wall_s) << "\">\n";
  x << "    <properties><property name=\"mode\" value=\"" << mode_name(r.mode)
    << "\"/><property name=\"baseline_scenario_hash\" value=\"" << r.baseline_hash
    << "\"/><property name=\"scenario_hash\" value=\"" << r.new_hash << "\"/></properties>\n";
  x << "    <testcase classname=\"" << report::escape_html(r.scenario) << "\" name=\"scenario\">";
  if (hash_fails || r.shape_changed) {
    std::string msg = r.shape_changed ? r.shape_note : "";
    if (hash_fails)
      msg += (msg.empty() ? "" : "; ") + std::string("scenario hash changed: ") + r.baseline_hash + " -> " + r.new_hash;
    x << "<failure message=\"" << report::escape_html(msg) << "\"/>";
  } else if (r.hash_changed) {
    x << "<system-out>scenario hash changed: " << r.baseline_hash << " -> " << r.new_hash << "</system-out>";
  }
  x << "</testcase>\n";
  for (const auto& m : r.metrics) {
    x << "    <testcase classname=\"" << report::escape_html(r.scenario) << "\" name=\"" << m << "\">";
    if (auto it = by_metric.find(m); it != by_metric.end()) {
      std::string months;
      std::string body;
      for (const auto* d : it->second) {
        months += (months.empty() ? "" : ", ") + d->month;
        body += d->month + ": baseline " + text::significant(d->baseline) + ", now " + text::significant(d->now);
        if (r.mode == Mode::statistical)
          body += ", allowed " + text::significant(d->low) + " to " + text::significant(d->high);
        else
          body += " (replication " + std::to_string(d->replication) + ")";
        body += "\n";
      }
      x << "<failure message=\""
        << report::escape_html(m + " moved in " + std::to_string(it->second.size()) + " month(s): " + months) << "\">"
        << report::escape_html(body) << "</failure>";
    }
    x << "</testcase>\n";
  }
  x << "  </testsuite>\n</testsuites>\n";
  return x.str();
}

} // namespace gigaline::regress
