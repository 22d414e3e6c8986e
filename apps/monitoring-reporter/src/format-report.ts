import type { MonitoringReport } from './report';
import { QUALITY_COLUMNS_NOTE, qualityRules } from './pipeline-runs';
import type { PublishedMetrics } from './run-report';

const usd = (value: number) => `$${value < 10 ? value.toFixed(4) : value.toFixed(2)}`;

/** The terminal summary: alarms in trouble first, then storage, runs, freshness, requests, keys and cost. */
export function formatReport(report: MonitoringReport, published?: PublishedMetrics): string {
  const lines: string[] = [`Monitoring report ${report.generatedAt}`, ''];
  lines.push(
    `Alarms: ${count(report, 'ALARM')} in ALARM, ${count(report, 'INSUFFICIENT_DATA')} with insufficient data, ${count(report, 'OK')} OK`,
  );
  for (const alarm of report.alarms.filter((a) => a.state !== 'OK')) {
    lines.push(`  ${alarm.state.padEnd(17)} ${alarm.name}: ${alarm.description ?? alarm.condition} (${alarm.reason})`);
  }
  if (report.alarms.length === 0) lines.push('  (no alarms defined)');
  const notable = report.transitions.filter((t) => t.from === 'ALARM' || t.to === 'ALARM');
  if (report.transitions.length > 0) lines.push(`  ${report.transitions.length} state change(s) recorded${notable.length > 0 ? ':' : ''}`);
  for (const t of notable) lines.push(`    ${t.alarm}: ${t.from} → ${t.to}`);

  const growth = (bytes: number | null) => (bytes === null ? '-' : `${bytes >= 0 ? '+' : '-'}${formatBytes(Math.abs(bytes))}`);
  lines.push(
    '',
    `Storage${report.storagePreviousAt ? ` (growth since ${report.storagePreviousAt})` : ''}`,
    `  ${'zone'.padEnd(26)} ${'objects'.padStart(7)} ${'size'.padStart(11)} ${'growth'.padStart(11)}`,
  );
  for (const zone of report.storage) {
    lines.push(
      `  ${zone.zone.padEnd(26)} ${String(zone.objects).padStart(7)} ${formatBytes(zone.bytes).padStart(11)} ${growth(zone.growthBytes).padStart(11)}`,
    );
    for (const d of zone.datasets) {
      lines.push(
        `    ${d.dataset.padEnd(24)} ${String(d.objects).padStart(7)} ${formatBytes(d.bytes).padStart(11)} ${growth(d.growthBytes).padStart(11)}`,
      );
    }
  }

  lines.push(
    '',
    `Runs since ${report.runs.since}: ${report.runs.batches} batch(es), ${report.runs.failures} failed batch(es); ${report.runs.rejectedFiles} file(s) rejected`,
  );
  if (report.runs.datasets.length > 0) {
    lines.push(
      `  ${'dataset'.padEnd(22)} ${'batches'.padStart(7)} ${'rows read'.padStart(10)} ${'accepted'.padStart(10)} ${'dup.'.padStart(6)} ${'quarantined'.padStart(11)} ${'quar. %'.padStart(8)} ${'quality %'.padStart(9)} ${'rules p/f/w'.padStart(12)} ${'max ms'.padStart(9)} ${'failed'.padStart(6)} ${'rejected'.padStart(8)}  last run`,
    );
    for (const d of report.runs.datasets) {
      lines.push(
        `  ${d.dataset.padEnd(22)} ${String(d.batches).padStart(7)} ${String(d.rowsRead).padStart(10)} ${String(d.rowsAccepted).padStart(10)} ${String(d.rowsDuplicate).padStart(6)} ${String(d.rowsQuarantined).padStart(11)} ${(d.quarantinedPercent === null ? '-' : d.quarantinedPercent.toFixed(2)).padStart(8)} ${(d.latestQualityScore === null ? '-' : d.latestQualityScore.toFixed(1)).padStart(9)} ${qualityRules(d).padStart(12)} ${String(d.maxBatchDurationMs ?? '-').padStart(9)} ${String(d.batchesFailed).padStart(6)} ${String(d.filesRejected).padStart(8)}  ${d.lastRunAt}`,
      );
    }
    lines.push(`  (${QUALITY_COLUMNS_NOTE})`);
  }
  if (report.runs.unreadableMetricLines > 0)
    lines.push(`  ${report.runs.unreadableMetricLines} metric line(s) were not valid EMF and were skipped`);
  const waiting = Object.entries(report.rejected.byDataset).map(([dataset, n]) => `${dataset} ${n}`);
  lines.push(
    '',
    report.rejected.waiting === 0
      ? 'Rejected files waiting: none'
      : `Rejected files waiting: ${report.rejected.waiting} (${waiting.join(', ')}; oldest ${report.rejected.oldestRejectedAt}) — npm run acad -- rejected list`,
  );

  if (report.freshness.length > 0) {
    lines.push('', 'Freshness', `  ${'dataset'.padEnd(22)} ${'age h'.padStart(9)} ${'SLA h'.padStart(7)}  status`);
    for (const f of report.freshness) {
      const status = f.lastCommittedAt === null ? 'never committed' : f.withinSla ? 'within SLA' : 'LATE';
      lines.push(
        `  ${f.dataset.padEnd(22)} ${(f.ageHours === null ? '-' : f.ageHours.toFixed(1)).padStart(9)} ${String(f.slaHours).padStart(7)}  ${status}${f.teachingHours ? ' (teaching hours: weekends, holidays and reading weeks do not count)' : ''}`,
      );
    }
  }
  if (report.http.length > 0) {
    lines.push(
      '',
      'Publishing server requests',
      `  ${'route'.padEnd(32)} ${'status'.padStart(6)} ${'requests'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`,
    );
    for (const r of report.http) {
      lines.push(
        `  ${r.route.padEnd(32)} ${r.status.padStart(6)} ${String(r.requests).padStart(9)} ${String(r.p50Ms ?? '-').padStart(8)} ${String(r.p95Ms ?? '-').padStart(8)}`,
      );
    }
  }
  if (report.keys) {
    const byKey = Object.entries(report.keys.sealedObjectsByKey)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
    lines.push(
      '',
      `Keys (${report.keys.provider}): ${report.keys.keyVersions.length} version(s) [${report.keys.keyVersions.join(', ')}]; ${report.keys.sealedObjects} sealed object(s)${byKey ? ` (${byKey})` : ''}`,
    );
  }
  if (report.cost) {
    const c = report.cost;
    lines.push(
      '',
      `Estimated monthly cost on AWS: ${usd(c.estimatedMonthly.totalUsd)} (${c.estimatedMonthly.region} list prices as of ${c.estimatedMonthly.pricesAsOf})`,
    );
    lines.push(
      `  ${Object.entries(c.estimatedMonthly.byService)
        .map(([service, v]) => `${service} ${usd(v)}`)
        .join(', ')}`,
    );
    lines.push(
      `  month to date ${usd(c.budget.monthToDateUsd)}, forecast ${c.budget.forecastUsd === undefined ? 'not yet' : usd(c.budget.forecastUsd)}, budget ${usd(c.budget.limitUsd)}`,
    );
  }
  if (published) lines.push('', `Published ${published.metrics} metric(s) to ${published.destination}`);
  return lines.join('\n') + '\n';
}

function count(report: MonitoringReport, state: string): number {
  return report.alarms.filter((a) => a.state === state).length;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
