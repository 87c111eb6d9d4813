// web/forecast.js — the forecast page's fans (P5-P95, P10-P90, median) of the ramp-up and GWh to date
// (report/ForecastHtml.cpp). After common.js.
const F = DATA, months = F.months;
// a fan: P5-P95 light, P10-P90 darker, the median as a line; k scales the values (100 for percentages)
function fan(id, s, k, hex, label, extra) {
  if (!s) return;
  const sc = (xs) => xs.map((v) => (isNum(v) ? v * k : null));
  const sets = [
    {label: 'P95', data: sc(s.p95), borderWidth: 0, pointRadius: 0, fill: false, hideInLegend: true, noTooltip: true},
    {label: 'P5-P95', data: sc(s.p5), borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: rgba(hex, 0.15)},
    {label: 'P90', data: sc(s.p90), borderWidth: 0, pointRadius: 0, fill: false, hideInLegend: true, noTooltip: true},
    {label: 'P10-P90', data: sc(s.p10), borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: rgba(hex, 0.3)},
    {label: 'median', data: sc(s.p50), borderColor: hex, backgroundColor: hex, pointRadius: 0, borderWidth: 2.5,
     fill: false}];
  draw(id, {type: 'line', data: {labels: months, datasets: sets.concat(extra || [])},
    options: {scales: {y: axis(label, {beginAtZero: true})}}});
}
const M = F.monthly;
fan('chart-gwh', M.gwh, 1, colour(0), 'GWh in the month',
  F.nameplate_gwh ? [{label: 'nameplate', data: F.nameplate_gwh, borderColor: '#555', borderDash: [6, 4],
    pointRadius: 0, fill: false}] : []);
fan('chart-gwh-cumulative', M.gwh_cumulative, 1, colour(1), 'GWh since the start');
fan('chart-nameplate', M.nameplate_share, 100, colour(2), '% of nameplate in the month');
fan('chart-scrap', M.scrap_rate, 100, colour(3), 'scrap %');
if (F.what_if) fan('chart-difference', F.what_if.difference.gwh_cumulative, 1, colour(4),
  'cumulative GWh: what-if minus base');
window.gigalineReport = {charts: charts.length, ready: true};
