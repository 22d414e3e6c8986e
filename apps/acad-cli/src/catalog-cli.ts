import type { Command } from 'commander';
import { formatAcceptedShare, formatPercent, formatQualityScore } from '@acad/quality';
import {
  listDatasets,
  rebuildCatalogFromLog,
  searchDatasets,
  showDataset,
  type DatasetListing,
  type ShownDataset,
} from './catalog-command';
import type { CliContext } from './cli-context';

export function registerCatalogCommands(program: Command, { io, settings }: CliContext): void {
  const catalog = program.command('catalog').description('The catalog of datasets and data products in every zone.');
  catalog
    .command('list', { isDefault: true })
    .description('Every dataset in every zone and every product, with rows, last success and upstream.')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await listDatasets(settings());
      io.stdout(opts.json ? JSON.stringify(rows, null, 2) : formatListings(rows));
    });
  catalog
    .command('show')
    .description('One dataset (name = trusted.<name>, or zone.name): columns with PII classes, key, lineage, contract history, batches.')
    .argument('<dataset>')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { json?: boolean }) => {
      const shown = await showDataset(settings(), name);
      io.stdout(opts.json ? JSON.stringify(shown, null, 2) : formatShown(shown));
    });
  catalog
    .command('search')
    .description('Datasets whose names, descriptions, owners, columns or tags contain every word.')
    .argument('<text...>')
    .option('--json', 'print JSON')
    .action(async (words: string[], opts: { json?: boolean }) => {
      const rows = await searchDatasets(settings(), words.join(' '));
      io.stdout(
        opts.json ? JSON.stringify(rows, null, 2) : rows.length ? formatListings(rows) : `No dataset matches "${words.join(' ')}".`,
      );
    });
  catalog
    .command('rebuild')
    .description(
      'Record in the catalog every committed batch it does not know, from the commit log (after a crash between the commit and the catalog write, or a lost catalog). Safe to run again.',
    )
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rebuilt = await rebuildCatalogFromLog(settings());
      if (opts.json) return io.stdout(JSON.stringify(rebuilt, null, 2));
      const lines = rebuilt.recorded.map((b) => `  #${b.seq} ${b.dataset} ${b.file} (batch ${b.batchId.slice(0, 12)})`);
      io.stdout(
        rebuilt.recorded.length === 0
          ? `The catalog already holds every committed batch (${rebuilt.alreadyRecorded}).`
          : [
              `Recorded ${rebuilt.recorded.length} committed batch${rebuilt.recorded.length === 1 ? '' : 'es'} the catalog did not know (${rebuilt.alreadyRecorded} already there):`,
              ...lines,
              ...(rebuilt.products.length ? [`Products described again: ${rebuilt.products.join(', ')}`] : []),
            ].join('\n'),
      );
    });
}

/** One line per dataset under a header row; search results say where each matched. */
function formatListings(rows: readonly DatasetListing[]): string {
  const header = `${'dataset'.padEnd(34)} ${'rows'.padStart(9)}  last success  ← upstream`;
  const lines = rows.map((r) => {
    const rowsText = r.rows === null ? '—' : String(r.rows);
    const when = r.lastSuccessAt ?? (r.source === 'model' ? 'not built' : 'never committed');
    const line = `${`${r.zone}.${r.name}`.padEnd(34)} ${rowsText.padStart(9)}  ${when}${r.upstream.length ? `  ← ${r.upstream.join(', ')}` : ''}`;
    return r.matched?.length ? `${line}\n${' '.repeat(4)}matched: ${r.matched.join(', ')}` : line;
  });
  return [header, ...lines].join('\n');
}

/** The latest batch's score with its breakdown and the share of its rows accepted (trusted datasets). */
function qualityText(shown: ShownDataset): string {
  const latest = shown.latestCommitted;
  if (latest) return ` · quality ${formatQualityScore(latest.quality)}, ${formatAcceptedShare(latest.rows)}`;
  return shown.qualityScore === null ? '' : ` · quality score ${formatPercent(shown.qualityScore)}`;
}

function formatShown(shown: ShownDataset): string {
  const lines = [`${shown.zone}.${shown.name} — ${shown.description}`];
  const about = [
    shown.key.length ? `key: ${shown.key.join(', ')}` : '',
    `contract v${shown.contractVersion}`,
    `owner ${shown.owner}`,
  ].filter(Boolean);
  lines.push(about.join(' · '));
  lines.push(
    `rows: ${shown.rows} · last success: ${shown.lastSuccessAt ?? 'never'}${qualityText(shown)}${shown.freshnessSlaHours === null ? '' : ` · freshness SLA ${shown.freshnessSlaHours} h`}`,
  );
  lines.push(
    `location: ${shown.location}${shown.partitionKeys.length ? ` · partitioned by ${shown.partitionKeys.join(', ')} (${shown.partitions})` : ''}`,
  );
  if (shown.upstream.length) lines.push(`upstream: ${shown.upstream.join(', ')}`);
  lines.push('columns:');
  for (const c of shown.columns) {
    const required = c.required === null ? '' : c.required ? 'required' : 'optional';
    const pii = c.pii === 'none' ? '' : `[PII: ${c.pii}]`;
    const lineage = c.lineage ? `← ${c.lineage.join(', ')}` : '';
    lines.push(`  ${c.name.padEnd(20)} ${c.type.padEnd(10)} ${[required, pii, lineage].filter(Boolean).join('  ')}`.trimEnd());
  }
  if (shown.contractHistory.length) {
    lines.push('contract history:');
    for (const v of shown.contractHistory) {
      const changes = v.changes.map((c) => `${c.column} ${c.detail}`).join('; ');
      lines.push(`  v${v.version}  ${v.recordedAt}${changes ? `  ${changes}` : ''}${v.migration ? `  (migration: ${v.migration})` : ''}`);
    }
  }
  if (shown.recentBatches.length) {
    lines.push('recent batches:');
    for (const b of shown.recentBatches)
      lines.push(
        `  ${b.finishedAt}  ${b.status.padEnd(9)} ${b.file}  read ${b.rows.read}, accepted ${b.rows.accepted}, quarantined ${b.rows.quarantined}${b.status === 'committed' ? ` · ${formatQualityScore(b.quality)}` : ''}`,
      );
  }
  return lines.join('\n');
}
