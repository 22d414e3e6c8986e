import { readFileSync } from 'node:fs';
import type { MonitoringReport } from './report';
import { reportCharts } from './report-charts';
import { formatBytes } from './format-report';
import { QUALITY_COLUMNS_NOTE, qualityRules } from './pipeline-runs';

/** ECharts' browser bundle, embedded inline so the report needs no network. */
export function readEchartsBundle(): string {
  return readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

function table(headings: string[], rows: string[][]): string {
  const head = headings.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** One self-contained HTML page: summary tables and four charts drawn by the inlined ECharts. */
export function renderHtmlReport(report: MonitoringReport, echartsBundle: string = readEchartsBundle()): string {
  const charts = reportCharts(report);
  const alarms = table(
    ['state', 'alarm', 'what', 'why'],
    report.alarms.map((a) => [a.state, a.name, a.description ?? a.condition, a.reason]),
  );
  const storage = table(
    ['zone', 'objects', 'size', 'growth'],
    report.storage.map((z) => [z.zone, String(z.objects), formatBytes(z.bytes), z.growthBytes === null ? '-' : formatBytes(z.growthBytes)]),
  );
  const freshness = table(
    ['dataset', 'last commit', 'age (h)', 'SLA (h)', 'within SLA'],
    report.freshness.map((f) => [
      f.dataset,
      f.lastCommittedAt ?? 'never',
      f.ageHours === null ? '-' : f.ageHours.toFixed(1),
      String(f.slaHours),
      f.withinSla ? 'yes' : 'NO',
    ]),
  );
  const runs = table(
    [
      'dataset',
      'batches',
      'rows read',
      'accepted',
      'duplicate',
      'quarantined',
      'quality %',
      'rules p/f/w',
      'failed batches',
      'rejected files',
    ],
    report.runs.datasets.map((d) => [
      d.dataset,
      String(d.batches),
      String(d.rowsRead),
      String(d.rowsAccepted),
      String(d.rowsDuplicate),
      String(d.rowsQuarantined),
      d.latestQualityScore === null ? '-' : d.latestQualityScore.toFixed(1),
      qualityRules(d),
      String(d.batchesFailed),
      String(d.filesRejected),
    ]),
  );
  const cost = report.cost;
  const costText = cost
    ? `Estimated monthly cost on AWS $${cost.estimatedMonthly.totalUsd.toFixed(4)} (${escapeHtml(cost.estimatedMonthly.region)} list prices as of ${escapeHtml(cost.estimatedMonthly.pricesAsOf)}); month to date $${cost.budget.monthToDateUsd.toFixed(4)}, forecast ${cost.budget.forecastUsd === undefined ? 'not yet' : `$${cost.budget.forecastUsd.toFixed(4)}`}, budget $${cost.budget.limitUsd}.`
    : '';
  const inAlarm = report.alarms.filter((a) => a.state === 'ALARM').length;
  const chart = (id: string, title: string) => `<section><h2>${escapeHtml(title)}</h2><div class="chart" id="${id}"></div></section>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Monitoring report ${escapeHtml(report.generatedAt)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2733; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin: 18px 0 6px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 16px; }
.chart { width: 100%; height: 300px; border: 1px solid #dde3ea; }
table { border-collapse: collapse; margin-bottom: 8px; } th, td { border: 1px solid #dde3ea; padding: 3px 8px; text-align: left; }
td:first-child { font-weight: 600; } .summary { font-size: 15px; }
</style>
</head>
<body>
<h1>Academics Data Platform — monitoring report</h1>
<p class="summary">Generated ${escapeHtml(report.generatedAt)}: ${inAlarm} alarm(s) in ALARM of ${report.alarms.length}; ${report.runs.batches} batch(es) since ${escapeHtml(report.runs.since)}.</p>
<h2>Alarms (in trouble first)</h2>${alarms}
<div class="grid">
${chart('chart-storage', 'Storage growth by zone')}
${chart('chart-durations', 'Batch durations')}
${chart('chart-quality', 'Quality score per batch')}
${chart('chart-cost', 'Cost (USD per month)')}
</div>
<p>${costText}</p>
<h2>Freshness</h2>${freshness}
<h2>Pipeline runs</h2>${runs}<p class="note">${escapeHtml(QUALITY_COLUMNS_NOTE)}.</p>
<p>Rejected files waiting: ${report.rejected.waiting === 0 ? 'none' : `${report.rejected.waiting}, the oldest rejected ${escapeHtml(report.rejected.oldestRejectedAt ?? '')} (npm run acad -- rejected list)`}.</p>
<h2>Storage</h2>${storage}
<script>${echartsBundle.replace(/<\/script/gi, '<\\/script')}</script>
<script>
(function () {
  var charts = ${scriptJson(charts)};
  var drawn = 0;
  Object.keys(charts).forEach(function (id) {
    echarts.init(document.getElementById(id), null, { renderer: 'canvas' }).setOption(charts[id]);
    drawn += 1;
  });
  document.body.setAttribute('data-charts-rendered', String(drawn));
})();
</script>
</body>
</html>
`;
}
