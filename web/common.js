// web/common.js — the script every report page runs first: its data (DATA), palette, bands, error bars, and the
// list of drawn charts (window.gigalineReport, read by the browser test). Compiled into the binary.
'use strict';
const DATA = JSON.parse(document.getElementById('report-data').textContent);
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
  '#bcbd22', '#17becf'];
const colour = (i) => PALETTE[i % PALETTE.length];
function rgba(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return 'rgba(' + ((n >> 16) & 255) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
}
const isNum = (v) => typeof v === 'number' && isFinite(v);
const scaled = (xs, k) => xs.map((v) => (isNum(v) ? v * k : null));
Chart.defaults.animation = false;
Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
Chart.defaults.color = '#2b333b';
Chart.defaults.plugins.legend.labels.boxWidth = 14;
Chart.defaults.scale.ticks.maxRotation = 0; // months are skipped to fit rather than slanted
Chart.defaults.scale.ticks.autoSkipPadding = 10;
Chart.defaults.plugins.legend.labels.filter = (item, data) => !data.datasets[item.datasetIndex].hideInLegend;
Chart.defaults.plugins.tooltip.filter = (item) => !item.dataset.noTooltip;
// Vertical error bars with caps: a dataset's errorBars[j] is [low, high] of its j-th point, or null.
Chart.register({
  id: 'errorBars',
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx, area = chart.chartArea;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    chart.data.datasets.forEach((ds, i) => {
      if (!ds.errorBars || !chart.isDatasetVisible(i)) return;
      const meta = chart.getDatasetMeta(i), y = chart.scales[meta.yAxisID];
      ctx.strokeStyle = ds.borderColor;
      ctx.lineWidth = 1.5;
      meta.data.forEach((pt, j) => {
        const e = ds.errorBars[j];
        if (!e || !isNum(e[0]) || !isNum(e[1]) || pt.skip) return;
        const lo = y.getPixelForValue(e[0]), hi = y.getPixelForValue(e[1]);
        if (!isFinite(lo) || !isFinite(hi)) return;
        ctx.beginPath();
        ctx.moveTo(pt.x, lo); ctx.lineTo(pt.x, hi);
        ctx.moveTo(pt.x - 4, lo); ctx.lineTo(pt.x + 4, lo);
        ctx.moveTo(pt.x - 4, hi); ctx.lineTo(pt.x + 4, hi);
        ctx.stroke();
      });
    });
    ctx.restore();
  }
});
// A 95 % band around a mean: an invisible upper edge and a lower edge filled up to it. The figures drawn
// with a band are counts and shares: the band stays within [0, top].
function band(mean, ci, k, hex, label, top) {
  const limit = (v) => Math.min(Math.max(v, 0), top === undefined ? Infinity : top);
  const edge = (sign) => mean.map((m, i) => (isNum(m) && isNum(ci[i]) ? limit((m + sign * ci[i]) * k) : null));
  return [
    {label: label + ' (upper)', data: edge(1), borderWidth: 0, pointRadius: 0, pointHitRadius: 0, fill: false,
     hideInLegend: true, noTooltip: true},
    {label: label, data: edge(-1), borderWidth: 0, pointRadius: 0, pointHitRadius: 0, fill: '-1',
     backgroundColor: rgba(hex, 0.2), borderColor: rgba(hex, 0.2), noTooltip: true}];
}
// Chart.js fits its axis to the data, not to the error bars: widen the y axis to hold them too.
function fitErrorBars(y, datasets) {
  const bars = datasets.flatMap((d) => d.errorBars || []).filter((e) => e && isNum(e[0]) && isNum(e[1]));
  delete y.suggestedMin;
  delete y.suggestedMax;
  if (!bars.length) return;
  y.suggestedMax = Math.max(...bars.map((e) => e[1]));
  const lo = Math.min(...bars.map((e) => e[0]));
  y.suggestedMin = y.beginAtZero ? Math.max(0, lo) : lo;
}
const charts = [];
function draw(id, config) {
  const canvas = document.getElementById(id);
  if (!canvas) return;
  config.options = Object.assign({responsive: true, maintainAspectRatio: false,
    interaction: {mode: 'nearest', intersect: false}}, config.options || {});
  const scales = (config.options.scales = config.options.scales || {});
  fitErrorBars((scales.y = scales.y || {}), config.data.datasets);
  charts.push(new Chart(canvas, config));
}
const axis = (text, extra) => Object.assign({title: {display: true, text: text}}, extra || {});
const percentTicks = {callback: (v) => v + ' %'};
