import { Command, CommanderError, Option } from 'commander';
import { ConfigError, loadSettings } from '@acad/config';
import { EngineError, SandboxViolation } from '@acad/engine';
import { UnknownDataset } from '@acad/schemas';
import { listDatasets, showDataset } from './catalog-command';
import { keyStatus, rewrapKeys, rotateKeys } from './keys-command';
import { quarantineCommand } from './quarantine-command';
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

  program
    .command('quarantine')
    .description('Rows held in quarantine for a dataset, by rule (read through the decrypting path; no values shown).')
    .argument('<dataset>')
    .option('--json', 'print JSON')
    .action(async (dataset: string, opts: { json?: boolean }) => {
      const summary = await quarantineCommand(settings(), dataset);
      io.stdout(
        opts.json
          ? JSON.stringify(summary, null, 2)
          : [`${summary.dataset}: ${summary.rows} quarantined row(s) in ${summary.batches} batch(es)`, ...summary.byRule.map((r) => `  ${String(r.rows).padStart(7)}  ${r.rule}  — ${r.reason}`)].join('\n'),
      );
    });

  const keys = program.command('keys').description('Master keys of the local keyring (ACAD_HOME/keys).');
  keys
    .command('status', { isDefault: true })
    .description('Key versions and the one new writes use.')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const status = keyStatus(settings());
      io.stdout(opts.json ? JSON.stringify(status, null, 2) : `Keyring ${status.keysDir}: versions ${status.versions.join(', ')}; new writes use ${status.latestKeyId}`);
    });
  keys
    .command('rotate')
    .description('Make a new master key version; new writes use it and all old data stays readable.')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const rotated = rotateKeys(settings());
      io.stdout(opts.json ? JSON.stringify(rotated, null, 2) : `Rotated: new writes use ${rotated.keyId} (versions ${rotated.versions.join(', ')}). Old data stays readable; run "keys rewrap" to move stored data keys to it.`);
    });
  keys
    .command('rewrap')
    .description('Re-wrap the data key of every raw and quarantine object under the newest version (the data is not re-encrypted).')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const report = await rewrapKeys(settings());
      io.stdout(
        opts.json
          ? JSON.stringify(report, null, 2)
          : `Re-wrapped ${report.objects} object(s)${report.to ? ` to ${report.to}` : ''}${Object.keys(report.from).length ? ` (from ${Object.entries(report.from).map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}.`,
      );
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
