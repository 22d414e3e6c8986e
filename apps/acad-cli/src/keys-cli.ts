import type { Command } from 'commander';
import type { CliContext } from './cli-context';
import { keyStatus, rewrapKeys, rotateKeys } from './keys-command';
import { quarantineCommand } from './quarantine-command';

export function registerKeysCommands(program: Command, { io, settings }: CliContext): void {
  const keys = program.command('keys').description('Master keys of the local keyring (ACAD_HOME/keys).');
  keys
    .command('status', { isDefault: true })
    .description('Key versions and the one new writes use.')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const status = keyStatus(settings());
      io.stdout(
        opts.json
          ? JSON.stringify(status, null, 2)
          : `Keyring ${status.keysDir}: versions ${status.versions.join(', ')}; new writes use ${status.latestKeyId}`,
      );
    });
  keys
    .command('rotate')
    .description('Make a new master key version; new writes use it and all old data stays readable.')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const rotated = rotateKeys(settings());
      io.stdout(
        opts.json
          ? JSON.stringify(rotated, null, 2)
          : `Rotated: new writes use ${rotated.keyId} (versions ${rotated.versions.join(', ')}). Old data stays readable; run "keys rewrap" to move stored data keys to it.`,
      );
    });
  keys
    .command('rewrap')
    .description('Re-wrap the data key of every raw and quarantine object under the newest version (the data is not re-encrypted).')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const report = await rewrapKeys(settings());
      const from = Object.entries(report.from).map(([k, n]) => `${k}: ${n}`);
      io.stdout(
        opts.json
          ? JSON.stringify(report, null, 2)
          : `Re-wrapped ${report.objects} object(s)${report.to ? ` to ${report.to}` : ''}${from.length ? ` (from ${from.join(', ')})` : ''}.`,
      );
    });
}

export function registerQuarantineCommands(program: Command, { io, settings }: CliContext): void {
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
          : [
              `${summary.dataset}: ${summary.rows} quarantined row(s) in ${summary.batches} batch(es)`,
              ...summary.byRule.map((r) => `  ${String(r.rows).padStart(7)}  ${r.rule}  — ${r.reason}`),
            ].join('\n'),
      );
    });
}
