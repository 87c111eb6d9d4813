// web/run.js — the charts of a run's page (report/RunHtml.cpp): ramp-up curves against nameplate
// and observations, scrap, OEE and machine states per stage, energy, staff and demand. After common.js.
const M = DATA.monthly, months = DATA.months;
// The timeline on every monthly chart: a dashed line at each dated change (SOP, experts, caps, call-offs,
// shutdowns), its label written along it on the chart of GWh per month.
const TIMELINE_COLOURS = {sop: '#2ca02c', experts: '#9467bd', cap: '#d62728', cap_end: '#d62728',
  process_change: '#8c564b', demand: '#17becf', shutdown: '#7f7f7f'};
Chart.register({
  id: 'timeline',
  afterDatasetsDraw(chart) {
    if (chart.data.labels !== months || !DATA.timeline.length) return;
    const x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
    const labels = chart.canvas.id === 'chart-gwh';
    const px = (at) => {
      const i = Math.floor(at), a = x.getPixelForValue(i), b = x.getPixelForValue(Math.min(i + 1, months.length - 1));
      return i + 1 < months.length ? a + (at - i) * (b - a) : a;
    };
    ctx.save();
    ctx.font = '10px ' + Chart.defaults.font.family;
    let lastX = -Infinity, row = 0;
    DATA.timeline.forEach((e) => {
      const at = px(e.at);
      if (!isFinite(at) || at < area.left - 1 || at > area.right + 1) return;
      ctx.strokeStyle = TIMELINE_COLOURS[e.kind] || '#555';
      ctx.fillStyle = ctx.strokeStyle;
      ctx.setLineDash([3, 3]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(at, area.top);
      ctx.lineTo(at, area.bottom);
      ctx.stroke();
      if (!labels) return;
      row = at - lastX < 11 ? row + 1 : 0; // labels of changes close together stand side by side
      if (!row) lastX = at;
      ctx.save();
      ctx.translate(at + 3 + row * 11, area.top + 4);
      ctx.rotate(Math.PI / 2);
      ctx.fillText(e.label, 0, 0);
      ctx.restore();
    });
    ctx.restore();
  }
});
const lineOf = (label, values, hex, extra) => Object.assign({label: label, data: values, borderColor: hex,
  backgroundColor: hex, pointRadius: 1.5, borderWidth: 2, spanGaps: false}, extra || {});
// Observations of a figure drawn over its curve: observed +/- 2 sigma, and the simulated value at the
// observation (its date or month) with its 95 % interval.
function observed(metric, k) {
  const obs = DATA.observations.filter((o) => o.chart === metric);
  if (!obs.length) return [];
  const bars = (v, h) => (isNum(v) && isNum(h) ? [(v - h) * k, (v + h) * k] : null);
  return [
    {label: 'observed \u00b1 2\u03c3', data: obs.map((o) => ({x: o.month, y: isNum(o.observed) ? o.observed * k : null})),
     errorBars: obs.map((o) => bars(o.observed, 2 * o.sigma)), showLine: false, pointStyle: 'rectRot',
     pointRadius: 6, borderColor: '#111', backgroundColor: '#111'},
    {label: 'simulated at the observation \u00b1 95 %', data: obs.map((o) => ({x: o.month,
      y: isNum(o.simulated) ? o.simulated * k : null})),
     errorBars: obs.map((o) => bars(o.simulated, o.simulated_ci95)), showLine: false, pointStyle: 'circle',
     pointRadius: 5, borderWidth: 2, borderColor: '#c0392b', backgroundColor: '#fff'}];
}
function curve(id, metric, k, hex, label, yTitle, extra, yExtra) {
  const s = M[metric];
  draw(id, {type: 'line', data: {labels: months, datasets: [lineOf(label, scaled(s.mean, k), hex),
    ...band(s.mean, s.ci95, k, hex, '95 % band', k === 100 ? 100 : undefined), ...(extra || []),
    ...observed(metric, k)]},
    options: {scales: {y: axis(yTitle, Object.assign({beginAtZero: true}, yExtra || {}))}}});
}
curve('chart-cells', 'cells_good', 1, colour(0), 'good cells per month (mean)', 'cells');
curve('chart-gwh', 'gwh', 1, colour(0), 'GWh per month (mean)', 'GWh',
  DATA.nameplate_gwh ? [lineOf('nameplate', DATA.nameplate_gwh, '#555', {borderDash: [6, 4], pointRadius: 0,
    borderWidth: 1.5, backgroundColor: 'rgba(0,0,0,0)'})] : []);
curve('chart-gwh-cumulative', 'gwh_cumulative', 1, colour(2), 'cumulative GWh (mean)', 'GWh');
curve('chart-scrap', 'scrap_rate', 100, colour(4), 'plant scrap rate (mean)', 'scrap rate', [],
  {ticks: percentTicks});

const stages = DATA.stages, machines = stages.filter((s) => !s.store);
const any = (xs) => xs.some((v) => isNum(v) && v > 0);
const scrapStages = stages.filter((s) => any(s.scrap_found));
draw('chart-scrap-stages', {type: 'line', data: {labels: months, datasets: (scrapStages.length ? scrapStages : stages)
  .map((s) => lineOf(s.name, scaled(s.scrap_found_rate, 100), colour(stages.indexOf(s))))},
  options: {scales: {y: axis('scrapped here / judged here', {beginAtZero: true, ticks: percentTicks})}}});
const causeStages = stages.filter((s) => any(s.scrap_caused));
draw('chart-scrap-caused', {type: 'bar', data: {labels: months, datasets: (causeStages.length ? causeStages : stages)
  .map((s) => ({label: s.name, data: s.scrap_caused, backgroundColor: colour(stages.indexOf(s))}))},
  options: {interaction: {mode: 'index', intersect: false},
    scales: {x: {stacked: true}, y: axis('cells scrapped, by stage of origin', {stacked: true, beginAtZero: true})}}});
draw('chart-oee', {type: 'line', data: {labels: months, datasets: [
  lineOf('plant (bottleneck-based)', scaled(M.oee.mean, 100), '#111', {borderWidth: 3}),
  ...band(M.oee.mean, M.oee.ci95, 100, '#111111', 'plant 95 % band', 100),
  ...machines.map((s) => lineOf(s.name, scaled(s.oee, 100), colour(stages.indexOf(s))))]},
  options: {scales: {y: axis('OEE', {beginAtZero: true, ticks: percentTicks})}}});
draw('chart-busy', {type: 'line', data: {labels: months, datasets: machines.map((s) =>
  lineOf(s.name, scaled(s.busy_share, 100), colour(stages.indexOf(s))))},
  options: {scales: {y: axis('busy / scheduled machine time', {beginAtZero: true, max: 100, ticks: percentTicks})}}});
const STATE_COLOURS = Object.fromEntries(Array.from(document.querySelectorAll('.legend [data-state]')).map((e) =>
  [e.dataset.state, e.dataset.colour]));
stages.forEach((s, i) => {
  if (s.store) return;
  draw('chart-states-' + i, {type: 'bar', data: {labels: months, datasets: Object.keys(STATE_COLOURS).map((st) =>
    ({label: st, data: scaled(s.states[st], 100), backgroundColor: STATE_COLOURS[st], barPercentage: 1,
      categoryPercentage: 0.95}))},
    options: {interaction: {mode: 'index', intersect: false},
      plugins: {title: {display: true, text: s.name}, legend: {display: false}},
      scales: {x: {stacked: true, ticks: {maxRotation: 0, autoSkipPadding: 8}},
        y: axis('machine time', {stacked: true, min: 0, max: 100, ticks: percentTicks})}}});
});

const relative = DATA.observations.filter((o) => o.covered && o.bound === 'point' && isNum(o.simulated) && isNum(o.observed) &&
  o.observed > 0);
if (relative.length) {
  const ratio = (v) => (isNum(v) ? v : null);
  draw('chart-observations', {type: 'line', data: {labels: relative.map((o) => o.id), datasets: [
    {label: 'observed \u00b1 2\u03c3 (= 1)', data: relative.map(() => 1), showLine: false, pointStyle: 'rectRot',
     pointRadius: 6, borderColor: '#111', backgroundColor: '#111',
     errorBars: relative.map((o) => [1 - 2 * o.sigma / o.observed, 1 + 2 * o.sigma / o.observed])},
    {label: 'simulated / observed \u00b1 95 %', data: relative.map((o) => ratio(o.simulated / o.observed)),
     showLine: false, pointStyle: 'circle', pointRadius: 5, borderWidth: 2, borderColor: '#c0392b',
     backgroundColor: '#fff', errorBars: relative.map((o) => (isNum(o.simulated_ci95) ?
       [(o.simulated - o.simulated_ci95) / o.observed, (o.simulated + o.simulated_ci95) / o.observed] : null))}]},
    options: {interaction: {mode: 'index', intersect: false},
      scales: {x: {offset: true, ticks: {autoSkip: false, maxRotation: 45}},
        y: axis('relative to the observed value', {beginAtZero: true})}}});
}
draw('chart-energy', {type: 'line', data: {labels: months, datasets: [
  lineOf('factory kWh per kWh of good cells (mean)', M.kwh_per_kwh.mean.map((v) => (isNum(v) && v > 0 ? v : null)),
    colour(5))]},
  options: {scales: {y: axis('kWh per kWh (log scale)', {type: 'logarithmic'})}}});
// People, shifts and customers: drawn when the scenario has a workforce, staffing or demand
const S = DATA.state;
if (S.local_staff || S.qualified) {
  const people = [];
  if (S.local_staff) people.push(lineOf('local staff hired', S.local_staff, colour(0)));
  if (S.qualified) people.push(lineOf('qualified locals', S.qualified, colour(1)));
  if (S.experts) people.push(lineOf('experts on site', S.experts, colour(2)));
  if (S.operators_assigned) people.push(lineOf('operators on staffed shifts', S.operators_assigned, colour(3),
    {borderDash: [6, 4]}));
  if (S.skill) people.push(lineOf('plant skill (right axis)', S.skill, '#111', {yAxisID: 'y2', borderWidth: 3}));
  draw('chart-people', {type: 'line', data: {labels: months, datasets: people},
    options: {scales: {y: axis('people', {beginAtZero: true}),
      y2: axis('skill (0-1)', {position: 'right', min: 0, max: 1, grid: {drawOnChartArea: false}})}}});
}
if (DATA.line_shifts.length) {
  draw('chart-shifts', {type: 'line', data: {labels: months, datasets: DATA.line_shifts.map((l, i) =>
    lineOf(l.line, l.shifts, colour(i), {stepped: true}))},
    options: {scales: {y: axis('staffed shifts a week (21 = around the clock)', {min: 0, max: 21})}}});
}
if (S.demand_cells) {
  draw('chart-demand', {type: 'line', data: {labels: months, datasets: [
    lineOf('called off', S.demand_cells, '#111', {borderDash: [6, 4], borderWidth: 3}),
    lineOf('good cells made', M.cells_good.mean, colour(0)),
    lineOf('shipped', S.shipped_cells, colour(1)),
    lineOf('finished-goods stock (mean)', S.stock_cells, colour(2))]},
    options: {scales: {y: axis('cells', {beginAtZero: true})}}});
}
window.gigalineReport = {charts: charts.length, ready: true};
