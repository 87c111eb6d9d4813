// src/report/SweepCurvesHtml.cpp — the sweep page's curves per point (monthly mean and 95 % band of the base, best,
// worst and a picked point) and its bottleneck view (the busiest stage of each point, month by month).
#include "gigaline/core/Text.hpp"

#include "HtmlPage.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace gigaline::report::page {

namespace {
using J = nlohmann::ordered_json;

struct FigureLabel {
  const char* name;
  const char* label;
  double scale;
};
constexpr FigureLabel figure_labels[] = {{"gwh", "GWh of good cells per month", 1},
                                         {"cells_good", "Good cells per month", 1},
                                         {"gwh_cumulative", "Cumulative GWh", 1},
                                         {"scrap_rate", "Scrap rate (%)", 100},
                                         {"oee", "Plant OEE (%)", 100}};

FigureLabel figure_label_of(const std::string& name)
{
  for (const auto& l : figure_labels)
    if (name == l.name)
      return l;
  return {nullptr, nullptr, 1};
}

/// 6 significant digits, as the rest of the page's data; null when not a finite number.
J rounded(const J& v)
{
  if (v.is_array()) {
    J out = J::array();
    for (const auto& x : v)
      out.push_back(rounded(x));
    return out;
  }
  if (!v.is_number_float())
    return v;
  const double d = v.get<double>();
  if (!std::isfinite(d))
    return nullptr;
  return text::round_significant(d);
}

std::string point_label(const J& p, const J& base)
{
  std::string out = "point " + p["point"].dump();
  if (!base.is_null() && p["point"] == base)
    return out + " (base)";
  std::string changed;
  for (const auto& c : p["changed"])
    changed += (changed.empty() ? "" : ", ") + c.get<std::string>();
  return changed.empty() ? out : out + ": " + changed;
}

/// "stacking 2025-03 to 2026-02 (busy 91 %), formation 2026-03 to 2028-02 (busy 88 %)"
std::string ranges_text(const J& p, const J& months, const J& stages)
{
  std::string out;
  int segments = 0;
  const auto& b = p["bottleneck"];
  for (std::size_t m = 0; m < b.size();) {
    if (b[m].is_null()) {
      ++m;
      continue;
    }
    std::size_t end = m;
    double share = 0;
    int n = 0;
    while (end < b.size() && b[end] == b[m]) {
      if (p["busy_share"][end].is_number()) {
        share += p["busy_share"][end].get<double>();
        ++n;
      }
      ++end;
    }
    if (++segments > 6) {
      out += ", ...";
      break;
    }
    out += (out.empty() ? "" : ", ") + escape(stages[b[m].get<std::size_t>()].get<std::string>()) + " " +
           months[m].get<std::string>() + (end - 1 > m ? " to " + months[end - 1].get<std::string>() : std::string()) +
           (n > 0 ? " (busy " + text::grouped(100 * share / n, 0) + " %)" : std::string());
    m = end;
  }
  return out.empty() ? "-" : out;
}
} // namespace

J sweep_curves_data(const J& curves)
{
  if (!curves.is_object() || !curves.contains("points"))
    return nullptr;
  J d = curves;
  J figures = J::array();
  for (const auto& f : curves["figures"]) {
    const FigureLabel l = figure_label_of(f.get<std::string>());
    figures.push_back(
        {{"name", f}, {"label", l.label != nullptr ? l.label : f.get<std::string>()}, {"scale", l.scale}});
  }
  d["figures"] = figures;
  J points = J::array();
  for (const auto& p : curves["points"]) {
    J q = p;
    for (const char* k : {"mean", "ci95"}) {
      J rows = J::array();
      for (const auto& row : p[k])
        rows.push_back(rounded(row));
      q[k] = rows;
    }
    q["busy_share"] = rounded(p["busy_share"]);
    points.push_back(q);
  }
  d["points"] = points;
  return d;
}

std::string sweep_curves_sections(const J& c, const std::string& rank_label)
{
  if (!c.is_object() || c["points"].empty() || c["months"].empty())
    return "";
  const J& base = c["base"];
  std::string html = "<section id=\"curves\"><h2>Curves per point</h2>\n<p class=\"note\">Month by month, each "
                     "point's mean over its ok runs with its 95 % band (Student t over the replications): ";
  auto role = [&](const char* key, const std::string& what) {
    return c[key].is_null() ? std::string() : what + " (point " + c[key].dump() + ")";
  };
  std::string roles;
  for (const auto& r :
       {role("base", "the base"), role("best", "the best by " + escape(rank_label)), role("worst", "the worst")})
    if (!r.empty())
      roles += (roles.empty() ? "" : ", ") + r;
  html += roles + ", and the point picked below." +
          (c["left_out"].get<int>() > 0 ? " The page holds the curves of " + std::to_string(c["points"].size()) +
                                              " points (the base, best and "
                                              "worst, then the best ranked); " +
                                              c["left_out"].dump() + " more are in the database."
                                        : std::string()) +
          "</p>\n<p><label for=\"curve-figure\">Figure </label><select id=\"curve-figure\">";
  for (std::size_t f = 0; f < c["figures"].size(); ++f)
    html += "<option value=\"" + std::to_string(f) + "\">" + escape(c["figures"][f]["label"].get<std::string>()) +
            "</option>";
  html += "</select> <label for=\"curve-point\">and point </label><select id=\"curve-point\"><option "
          "value=\"\">none</option>";
  for (const auto& p : c["points"])
    html += "<option value=\"" + p["point"].dump() + "\">" + escape(point_label(p, base)) + "</option>";
  html += "</select></p>\n" +
          figure("chart-curves", "Monthly curves of chosen points",
                 "The figure chosen above, month by month: each point's mean (line) and 95 % band over its "
                 "replications.") +
          "</section>\n";

  // the bottleneck view: the base first, then the others in point order
  std::vector<const J*> rows;
  for (const auto& p : c["points"])
    if (!base.is_null() && p["point"] == base)
      rows.insert(rows.begin(), &p);
    else
      rows.push_back(&p);
  const std::size_t charted = std::min<std::size_t>(rows.size(), 40);
  html += "<section id=\"bottleneck\"><h2>Bottleneck by point</h2>\n<p class=\"note\">The bottleneck of a month is "
          "the stage whose machines are busy for the largest share of their scheduled (not off) time, stations of a "
          "stage summed over lines, as on the page of a run; here from the means over the point's runs (table "
          "<code>stage_monthly</code> of the database). Where a what-if's bar changes colour against the base's, "
          "its bottleneck moved. <code>gigaline sweep summary DB --bottleneck</code> prints it.</p>\n";
  const int height = 70 + 24 * static_cast<int>(charted);
  html += "<figure><div class=\"chart\" style=\"height: " + std::to_string(height) +
          "px\"><canvas id=\"chart-bottleneck\" role=\"img\" aria-label=\"Bottleneck by point and month\"></canvas>"
          "</div><figcaption><b>Bottleneck by point and month.</b> One bar per point" +
          (charted < rows.size() ? " (the first " + std::to_string(charted) + ")" : std::string()) +
          ", coloured by the stage that was its bottleneck each month.</figcaption></figure>\n"
          "<div class=\"wide\"><table id=\"bottleneck-table\"><tr><th class=\"l\">point</th><th class=\"l\">"
          "bottleneck month by month (mean busy share of scheduled time)</th><th>months unlike the base</th>"
          "</tr>\n";
  const J* base_row = !base.is_null() && !rows.empty() && (*rows[0])["point"] == base ? rows[0] : nullptr;
  for (const J* p : rows) {
    std::string moved = "-";
    if (base_row != nullptr && p != base_row) {
      int n = 0;
      for (std::size_t m = 0; m < (*p)["bottleneck"].size(); ++m)
        n += (*p)["bottleneck"][m] != (*base_row)["bottleneck"][m] ? 1 : 0;
      moved = std::to_string(n);
    }
    // the months wrap: a point whose bottleneck moves often has a long list
    html += "<tr><td class=\"l\">" + escape(point_label(*p, base)) +
            "</td><td class=\"l\" style=\"white-space: normal; min-width: 30em\">" +
            ranges_text(*p, c["months"], c["stages"]) + "</td><td>" + moved + "</td></tr>\n";
  }
  return html + "</table></div>\n</section>\n";
}

} // namespace gigaline::report::page
