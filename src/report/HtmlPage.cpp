// src/report/HtmlPage.cpp — what every report page shares: escaping, the data blob and scripts safe inside
// <script>, number formats of the tables, KPI labels, the head and tail of a page and a chart's figure.
#include "HtmlPage.hpp"

#include "gigaline/core/Error.hpp"
#include "gigaline/core/Text.hpp"
#include "gigaline/core/Version.hpp"
#include "gigaline/report/Html.hpp"
#include "gigaline/report/Kpis.hpp"

#include "WebAssets.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

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

namespace page {

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

std::string number(double v)
{
  if (!std::isfinite(v))
    return "-";
  return text::grouped(v, text::decimals_for(std::abs(v)));
}

namespace {
/// The mean and its half-width with the decimals of the larger, the half-width between `open` and `close`.
std::string with_half_width(double mean, double half_width, const char* open, const char* close)
{
  if (!std::isfinite(mean))
    return "-";
  if (!std::isfinite(half_width) || half_width <= 0)
    return number(mean);
  const int d = text::decimals_for(std::max(std::abs(mean), half_width));
  return text::grouped(mean, d) + open + text::grouped(half_width, d) + close;
}
} // namespace

std::string interval(double mean, double half_width)
{
  return with_half_width(mean, half_width, " &plusmn; ", "");
}

/// A ranking table's mean with its half-width on a second, smaller line: the table then fits the page.
std::string ranking_cell(double mean, double half_width)
{
  return with_half_width(mean, half_width, "<span class=\"pm\">&plusmn; ", "</span>");
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

double scale_of(const std::string& key)
{
  const Kpi* k = find_kpi(key);
  return k ? k->scale : 1;
}

std::string label_text(const std::string& key)
{
  const Kpi* k = find_kpi(key);
  return k ? std::string(k->label) : key;
}

[[noreturn]] void malformed(const std::string& where, const std::string& what)
{
  throw InputError("[report.E702] " + where + ": " + what);
}

// ---- the page ----------------------------------------------------------------------------------------------

std::string head(const std::string& title)
{
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"gigaline " +
         escape_html(version()) + "\">\n<title>" + escape_html(title) +
         "</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>" + web::text(web::Asset::style) +
         "</style>\n</head>\n<body>\n";
}

std::string tail(const J& data, const std::string& chartjs, const std::string& page_js)
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

std::string escape(const std::string& text)
{
  return escape_html(text);
}

} // namespace page

} // namespace gigaline::report
