// web/sweep_analysis.js — the sweep page's tornado and sensitivity bars (report/SweepAnalysisHtml.cpp).
// After sweep.js.
const A = DATA.analysis || {};
function tornadoConfig(ki) {
  const bars = A.vs_base && A.vs_base.tornado ? A.vs_base.tornado[ki] || [] : [];
  const k = kpis[ki].scale;
  const single = bars.every((b) => b.levels.length === 1);
  const end = (l) => (l && isNum(l.mean) ? [0, l.mean * k] : null);
  const sets = [{label: single ? 'difference from the base' : 'lowest level', data: bars.map((b) => end(b.levels[0])),
    backgroundColor: rgba(colour(0), 0.7), borderColor: colour(0)}];
  if (!single)
    sets.push({label: 'highest level', data: bars.map((b) => (b.levels.length > 1 ? end(b.levels[b.levels.length - 1]) : null)),
      backgroundColor: rgba(colour(1), 0.7), borderColor: colour(1)});
  return {labels: bars.map((b) => b.factor), datasets: sets};
}
function sensitivityConfig(ki) {
  const s = A.sensitivity, k = s.kpis[ki], sobol = 'rows' in s;
  const names = sobol ? s.all_factor_names : s.factor_names;
  const pick = (arr) => names.map((n) => { const i = s.factor_names.indexOf(n); return i < 0 ? null : arr[i]; });
  const sets = [{label: 'SRC', data: pick(k.src), backgroundColor: rgba(colour(0), 0.7)},
    {label: 'PRCC', data: pick(k.prcc), backgroundColor: rgba(colour(1), 0.7)}];
  if (sobol) {
    sets.push({label: 'S1 (first order)', data: k.first, backgroundColor: rgba(colour(2), 0.7)});
    sets.push({label: 'ST (total)', data: k.total, backgroundColor: rgba(colour(3), 0.7)});
  }
  return {labels: names, datasets: sets};
}
const analysisCharts = [];
if (document.getElementById('chart-tornado')) {
  draw('chart-tornado', {type: 'bar', data: tornadoConfig(DATA.kpi), options: {indexAxis: 'y',
    scales: {x: axis(kpis[DATA.kpi].label + ' minus base'), y: {}}}});
  analysisCharts.push(['tornado', charts[charts.length - 1]]);
}
if (document.getElementById('chart-sensitivity') && A.sensitivity) {
  draw('chart-sensitivity', {type: 'bar', data: sensitivityConfig(DATA.kpi), options: {indexAxis: 'y',
    scales: {x: axis('index', {suggestedMin: -1, suggestedMax: 1}), y: {}}}});
  analysisCharts.push(['sensitivity', charts[charts.length - 1]]);
}
picker.addEventListener('change', () => {
  const ki = Number(picker.value);
  analysisCharts.forEach(([kind, c]) => {
    c.data = kind === 'tornado' ? tornadoConfig(ki) : sensitivityConfig(ki);
    if (kind === 'tornado') c.options.scales.x.title.text = kpis[ki].label + ' minus base';
    c.update();
  });
});
window.gigalineReport = {charts: charts.length, ready: true};
