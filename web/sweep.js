// web/sweep.js — the sweep page's KPI-by-factor scatter charts and their KPI picker (report/SweepHtml.cpp).
// After common.js; followed by sweep_analysis.js and sweep_curves.js.
const points = DATA.points, factors = DATA.factors, kpis = DATA.kpis;
const picker = document.getElementById('kpi');
const distinct = (xs) => Array.from(new Set(xs));
function datasets(fi, ki) {
  const k = kpis[ki].scale, f = factors[fi];
  const pts = points.filter((p) => isNum(p.mean[ki]));
  const xOf = (p) => (f.numeric ? p.factors[fi] : String(p.factors[fi]));
  const sets = [{type: 'scatter', label: 'point mean \u00b1 95 %', data: pts.map((p) => ({x: xOf(p), y: p.mean[ki] * k})),
    errorBars: pts.map((p) => (isNum(p.ci95[ki]) ? [(p.mean[ki] - p.ci95[ki]) * k, (p.mean[ki] + p.ci95[ki]) * k] : null)),
    pointRadius: 4, borderColor: colour(fi), backgroundColor: rgba(colour(fi), 0.5)}];
  // main effect: the mean over the points that share a value of this factor, when values repeat
  const groups = new Map();
  pts.forEach((p) => { const x = xOf(p); groups.set(x, (groups.get(x) || []).concat([p.mean[ki] * k])); });
  // (grids only: in a one-at-a-time design the base would be averaged with the other factors' what-ifs, the
  // tornado shows each factor's difference from the base; a Sobol design's repeated values are no main effect)
  if (groups.size < pts.length && (DATA.design === 'grid' || DATA.design === '')) {
    const keys = Array.from(groups.keys());
    if (f.numeric) keys.sort((a, b) => a - b);
    sets.push({type: 'line', label: 'mean over the other factors', data: keys.map((x) =>
      ({x: x, y: groups.get(x).reduce((a, b) => a + b, 0) / groups.get(x).length})),
      borderColor: '#111', backgroundColor: '#111', pointRadius: 0, borderWidth: 2});
  }
  return sets;
}
function xScale(fi) {
  const f = factors[fi];
  // an integer factor (machines, headcount) gets integer ticks only
  if (f.numeric) return axis(f.name, f.integer ? {type: 'linear', ticks: {callback: (v) =>
    (Number.isInteger(v) ? v.toLocaleString('en-US') : null)}} : {type: 'linear'});
  return axis(f.name, {type: 'category', labels: distinct(points.map((p) => String(p.factors[fi]))), offset: true});
}
factors.forEach((f, fi) => draw('chart-factor-' + fi, {type: 'scatter', data: {datasets: datasets(fi, DATA.kpi)},
  options: {interaction: {mode: 'nearest', intersect: true},
    scales: {x: xScale(fi), y: axis(kpis[DATA.kpi].label)}}}));
picker.addEventListener('change', () => {
  const ki = Number(picker.value);
  charts.slice(0, factors.length).forEach((c, fi) => {
    c.data.datasets = datasets(fi, ki);
    c.options.scales.y.title.text = kpis[ki].label;
    fitErrorBars(c.options.scales.y, c.data.datasets);
    c.update();
  });
});
window.gigalineReport = {charts: charts.length, ready: true};
