import type { Command } from 'commander';
import { listDatasets, showDataset } from './catalog-command';
import type { CliContext } from './cli-context';

export function registerCatalogCommands(program: Command, { io, settings }: CliContext): void {
  const catalog = program.command('catalog').description('The catalog of datasets and data products.');
  catalog
    .command('list', { isDefault: true })
    .description('Every dataset and product with its latest commit.')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await listDatasets(settings());
      io.stdout(
        opts.json
          ? JSON.stringify(rows, null, 2)
          : rows
              .map((r) => `${`${r.zone}.${r.name}`.padEnd(34)} ${String(r.rows ?? '—').padStart(9)} rows  ${r.lastCommittedAt ?? 'never committed'}  ← ${r.upstream.join(', ')}`)
              .join('\n'),
      );
    });
  catalog
    .command('show')
    .description('One dataset: columns with PII classes, key, lineage.')
    .argument('<dataset>')
    .option('--json', 'print JSON')
    .action((name: string, opts: { json?: boolean }) => {
      const shown = showDataset(name);
      io.stdout(opts.json ? JSON.stringify(shown, null, 2) : formatShown(shown));
    });
}

function formatShown(shown: ReturnType<typeof showDataset>): string {
  const lines = [`${shown.zone}.${shown.name} — ${shown.description}`];
  if ('columns' in shown && shown.columns && shown.key) {
    lines.push(`key: ${shown.key.join(', ')} · contract v${shown.version} · owner ${shown.owner}`);
    for (const c of shown.columns) lines.push(`  ${c.name.padEnd(20)} ${c.type.padEnd(10)} ${c.required ? 'required' : 'optional'}  ${c.pii === 'none' ? '' : `[PII: ${c.pii}]`}`);
  } else if ('inputs' in shown && shown.inputs && shown.columnLineage) {
    lines.push(`inputs: ${shown.inputs.join(', ')}`);
    for (const [column, sources] of Object.entries(shown.columnLineage)) lines.push(`  ${column.padEnd(22)} ← ${sources.join(', ')}`);
  }
  return lines.join('\n');
}
