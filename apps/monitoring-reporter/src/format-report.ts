import type { MonitoringReport } from './report';
import type { PublishedMetrics } from './run-report';

/** The terminal summary: alarms in trouble first, then storage per zone, then pipeline runs. */
export function formatReport(report: MonitoringReport, published?: PublishedMetrics): string {
  const lines: string[] = [`Monitoring report ${report.generatedAt}`, ''];
  const trouble = report.alarms.filter((a) => a.state !== 'OK');
  lines.push(`Alarms: ${count(report.alarms, 'ALARM')} in ALARM, ${count(report.alarms, 'INSUFFICIENT_DATA')} with insufficient data, ${count(report.alarms, 'OK')} OK`);
  for (const alarm of trouble) lines.push(`  ${alarm.state.padEnd(17)} ${alarm.name}: ${alarm.description ?? alarm.condition} (${alarm.reason})`);
  if (report.alarms.length === 0) lines.push('  (no alarms: no pipeline runs recorded yet)');
  lines.push('', 'Storage', `  ${'zone'.padEnd(24)} ${'objects'.padStart(9)} ${'size'.padStart(11)}`);
  for (const zone of report.storage) {
    lines.push(`  ${zone.zone.padEnd(24)} ${String(zone.objects).padStart(9)} ${formatBytes(zone.bytes).padStart(11)}`);
    for (const dataset of zone.datasets) {
      lines.push(`    ${dataset.dataset.padEnd(22)} ${String(dataset.objects).padStart(9)} ${formatBytes(dataset.bytes).padStart(11)}`);
    }
  }
  lines.push('', `Runs since ${report.runs.since}: ${report.runs.batches} batch(es)`);
  if (report.runs.datasets.length > 0) {
    lines.push(`  ${'dataset'.padEnd(22)} ${'batches'.padStart(7)} ${'rows read'.padStart(10)} ${'accepted'.padStart(10)} ${'quarantined'.padStart(11)} ${'quar. %'.padStart(8)} ${'max ms'.padStart(9)}  last run`);
    for (const d of report.runs.datasets) {
      lines.push(
        `  ${d.dataset.padEnd(22)} ${String(d.batches).padStart(7)} ${String(d.rowsRead).padStart(10)} ${String(d.rowsAccepted).padStart(10)} ${String(d.rowsQuarantined).padStart(11)} ${(d.quarantinedPercent === null ? '-' : d.quarantinedPercent.toFixed(2)).padStart(8)} ${String(d.maxBatchDurationMs ?? '-').padStart(9)}  ${d.lastRunAt}`,
      );
    }
  }
  if (report.runs.unreadableMetricLines > 0) lines.push(`  ${report.runs.unreadableMetricLines} metric line(s) were not valid EMF and were skipped`);
  if (published) lines.push('', `Published ${published.metrics} storage metric(s) to ${published.destination}`);
  return lines.join('\n') + '\n';
}

function count(alarms: MonitoringReport['alarms'], state: string): number {
  return alarms.filter((a) => a.state === state).length;
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
