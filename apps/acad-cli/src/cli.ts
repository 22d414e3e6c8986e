import { Command, CommanderError, Option } from 'commander';
import { ConfigError, loadSettings } from '@acad/config';
import { EngineError, SandboxViolation } from '@acad/engine';
import { UnknownDataset } from '@acad/schemas';
import { listDatasets, showDataset } from './catalog-command';
import type { RowFormat } from './format-rows';
import { queryCommand } from './query-command';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The operator's command line; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const settings = () => loadSettings({ env: io.env, cwd: io.cwd });
  const program = new Command('acad')
    .description('The Academics Data Platform operator command line.')
    .exitOverride()
    .enablePositionalOptions()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('query')
    .description('Read-only SQL over trusted.<dataset> and curated.<product>.')
    .argument('<sql>', 'one SELECT statement')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .action(async (sql: string, opts: { format: RowFormat }) => {
      io.stdout(await queryCommand(settings(), sql, opts.format));
    });

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

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? 0 : 2;
    }
    if (error instanceof ConfigError || error instanceof UnknownDataset) {
      io.stderr(error.message);
      return 2;
    }
    if (error instanceof SandboxViolation) {
      io.stderr(`Refused: ${error.message}`);
      return 2;
    }
    if (error instanceof EngineError) {
      io.stderr(`Query failed: ${error.message}`);
      return 1;
    }
    io.stderr(`acad failed: ${(error as Error).message}`);
    return 1;
  }
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
