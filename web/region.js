// web/region.js — the region page's stacked plants and the region's total against nameplate
// (report/RegionHtml.cpp). After common.js.
const R = DATA, months = R.months;
const stackedArea = (p, i, values) => ({label: p.name, data: values, borderColor: colour(i),
  backgroundColor: rgba(colour(i), 0.55), fill: i === 0 ? 'origin' : '-1', pointRadius: 0, borderWidth: 1,
  stack: 'plants'});
draw('chart-gwh', {type: 'line', data: {labels: months, datasets: R.plants.map((p, i) => stackedArea(p, i, p.gwh))
    .concat([{label: 'nameplate of the lines past their SOP', data: R.nameplate_gwh, borderColor: '#555',
      borderDash: [6, 4], pointRadius: 0, fill: false, stack: 'nameplate'}])},
  options: {scales: {y: axis('GWh in the month', {stacked: true, beginAtZero: true})}}});
const years = R.years.map((y) => String(y.year));
const barSets = R.plants.map((p, i) => ({label: p.name, data: R.years.map((y) => p.vehicles_by_year[y.year] || 0),
  backgroundColor: colour(i), stack: 'plants'}));
if (R.targets) barSets.push({type: 'line', label: 'regional target', data: R.years.map(() =>
  R.targets.batteries_per_year), borderColor: '#d62728', borderDash: [6, 4], pointRadius: 0, fill: false});
draw('chart-batteries', {type: 'bar', data: {labels: years, datasets: barSets},
  options: {scales: {x: {stacked: true}, y: axis('vehicle batteries in the year (log)',
    {stacked: true, type: 'logarithmic'})}}});
const people = []; // the plants' people add up (stack 'people'); the totals stand alone on their own stacks
R.plants.forEach((p, i) => {
  if (p.local_staff) people.push({label: p.name + ' local staff', data: p.local_staff, borderColor: colour(i),
    backgroundColor: rgba(colour(i), 0.45), fill: people.length ? '-1' : 'origin', pointRadius: 0, borderWidth: 1,
    stack: 'people'});
  if (p.experts) people.push({label: p.name + ' experts', data: p.experts, borderColor: colour(i),
    backgroundColor: rgba(colour(i), 0.85), fill: people.length ? '-1' : 'origin', pointRadius: 0, borderWidth: 1,
    stack: 'people'});
});
people.push({label: 'headcount of the region (model)', data: R.headcount, borderColor: '#111', pointRadius: 0,
  borderWidth: 2, fill: false, stack: 'total'});
if (R.jobs_observed.length) people.push({type: 'scatter', label: 'headcount published', pointRadius: 5,
  pointStyle: 'rectRot', borderColor: '#d62728', backgroundColor: '#d62728', stack: 'observed',
  data: R.jobs_observed.map((o) => ({x: o.month, y: o.observed}))});
draw('chart-people', {type: 'line', data: {labels: months, datasets: people},
  options: {scales: {y: axis('people', {stacked: true, beginAtZero: true})}}});
window.gigalineReport = {charts: charts.length, ready: true};
