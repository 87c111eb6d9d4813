// web/sweep_curves.js — the sweep page's curves per point and bottleneck-by-point charts
// (report/SweepCurvesHtml.cpp). After sweep_analysis.js.
const C = DATA.curves;
if (C && document.getElementById('chart-curves')) {
  const byPoint = new Map(C.points.map((p) => [p.point, p]));
  const figurePicker = document.getElementById('curve-figure'), pointPicker = document.getElementById('curve-point');
  const curveSets = (fi, picked) => {
    const shown = [];
    const add = (p, role) => {
      if (p === null || !byPoint.has(p)) return;
      const s = shown.find((x) => x[0] === p);
      if (s) s[1] += ', ' + role; else shown.push([p, role]);
    };
    add(C.base, 'base');
    add(C.best, 'best');
    add(C.worst, 'worst');
    add(picked, 'picked');
    const k = C.figures[fi].scale;
    return shown.flatMap(([p, role], i) => {
      const pt = byPoint.get(p), hex = colour(i);
      return [{label: 'point ' + p + ' (' + role + ')', data: scaled(pt.mean[fi], k), borderColor: hex,
        backgroundColor: hex, pointRadius: 1.5, borderWidth: 2},
        ...band(pt.mean[fi], pt.ci95[fi], k, hex, 'point ' + p + ' 95 % band', k === 100 ? 100 : undefined)
          .map((d) => Object.assign(d, {hideInLegend: true}))];
    });
  };
  draw('chart-curves', {type: 'line', data: {labels: C.months, datasets: curveSets(0, null)},
    options: {scales: {y: axis(C.figures[0].label, {beginAtZero: true})}}});
  const curves = charts[charts.length - 1];
  const redraw = () => {
    const fi = Number(figurePicker.value), picked = pointPicker.value === '' ? null : Number(pointPicker.value);
    curves.data.datasets = curveSets(fi, picked);
    curves.options.scales.y.title.text = C.figures[fi].label;
    curves.update();
  };
  figurePicker.addEventListener('change', redraw);
  pointPicker.addEventListener('change', redraw);

  // one bar per point, a segment per run of months with the same bottleneck, coloured by its stage
  const rows = C.points.filter((p) => p.point === C.base).concat(C.points.filter((p) => p.point !== C.base))
    .slice(0, 40);
  const segments = rows.map((p) => {
    const out = [];
    p.bottleneck.forEach((b, m) => {
      if (b === null) return;
      const last = out[out.length - 1];
      if (last && last.stage === b && last.to === m) last.to = m + 1; else out.push({stage: b, from: m, to: m + 1});
    });
    return out;
  });
  const most = Math.max(0, ...segments.map((s) => s.length));
  const sets = [];
  for (let j = 0; j < most; j++)
    sets.push({label: 'segment ' + j, data: segments.map((s) => (s[j] ? [s[j].from, s[j].to] : null)),
      backgroundColor: segments.map((s) => (s[j] ? colour(s[j].stage) : 'rgba(0,0,0,0)')), grouped: false,
      hideInLegend: true, segs: segments.map((s) => s[j] || null), barPercentage: 0.8, categoryPercentage: 1});
  C.stages.forEach((name, i) => sets.push({label: name, data: [], backgroundColor: colour(i), grouped: false}));
  const label = (p) => 'point ' + p.point + (p.point === C.base ? ' (base)' : (p.changed.length ? ': ' +
    p.changed.join(', ') : ''));
  draw('chart-bottleneck', {type: 'bar', data: {labels: rows.map(label), datasets: sets},
    options: {indexAxis: 'y', interaction: {mode: 'nearest', intersect: true},
      plugins: {tooltip: {callbacks: {label: (ctx) => {
        const s = ctx.dataset.segs && ctx.dataset.segs[ctx.dataIndex];
        return s ? C.stages[s.stage] + ': ' + C.months[s.from] + (s.to - 1 > s.from ? ' to ' + C.months[s.to - 1] : '')
          : '';
      }}}},
      scales: {x: axis('month', {type: 'linear', min: 0, max: C.months.length,
        ticks: {stepSize: 1, callback: (v) => (Number.isInteger(v) && v < C.months.length ? C.months[v] : null)}}),
        y: {ticks: {autoSkip: false}}}}});
}
window.gigalineReport = {charts: charts.length, ready: true};
