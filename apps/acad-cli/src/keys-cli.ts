import type { Command } from 'commander';
import type { CliContext } from './cli-context';
import { backupKeys, initKeys, keyStatus, restoreKeys, rewrapKeys, rotateKeys } from './keys-command';
import { quarantineCommand } from './quarantine-command';

export function registerKeysCommands(program: Command, { io, settings }: CliContext): void {
  const keys = program
    .command('keys')
    .description(
      'Master keys: the local keyring (ACAD_HOME/keys), or with ACAD_KMS=aws the KMS key ACAD_KMS_KEY_ID names, which wraps every data key (the field and tokenization keys kept in the platform zone under _keys/). Back the keyring up: a lost key makes the data it sealed unreadable.',
    );
  keys
    .command('status', { isDefault: true })
    .description('Key versions and the one new writes use.')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const status = await keyStatus(settings());
      io.stdout(
        opts.json
          ? JSON.stringify(status, null, 2)
          : status.kms
            ? `KMS key ${status.kms.keyId} (${status.kms.state}, automatic rotation ${status.kms.automaticRotation ? 'on' : 'off'}) wraps every data key; field and tokenization keys wrapped in ${status.keysDir}: field key versions ${status.versions.join(', ')}`
            : `Keyring ${status.keysDir}: versions ${status.versions.join(', ')}; new writes use ${status.latestKeyId}`,
      );
    });
  keys
    .command('init')
    .description(
      'Create the keys on an empty lake: the keyring (master and tokenization keys), or with ACAD_KMS=aws the field and tokenization keys as KMS data keys stored wrapped; the only command that makes keys.',
    )
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const result = await initKeys(settings());
      io.stdout(
        opts.json
          ? JSON.stringify(result, null, 2)
          : result.kms
            ? result.created
              ? `Created the field and tokenization keys with KMS key ${result.kms.keyId}, stored wrapped in ${result.keysDir}. Nothing is kept locally; the KMS key must outlive the lake.`
              : `The lake's KMS-wrapped keys in ${result.keysDir} already exist (field key versions ${result.versions.join(', ')}); nothing was changed.`
            : result.created
              ? `Created the keyring in ${result.keysDir} (master key v1, tokenization key). Back it up now: acad keys backup <dir>`
              : `The keyring in ${result.keysDir} already exists (versions ${result.versions.join(', ')}); nothing was changed.`,
      );
    });
  keys
    .command('backup')
    .description('Copy every key file and a manifest of their SHA-256s into <dir> (a new or empty folder; keep it offline).')
    .argument('<dir>')
    .option('--json', 'print JSON')
    .action((dir: string, opts: { json?: boolean }) => {
      const backup = backupKeys(settings(), dir, io.cwd);
      io.stdout(
        opts.json
          ? JSON.stringify(backup, null, 2)
          : `Backed up ${backup.files.length} key file(s) (master versions ${backup.masterVersions.join(', ')}) to ${backup.dir}. Keep it away from the lake, readable only by you.`,
      );
    });
  keys
    .command('restore')
    .description(
      'Put back the key files of a backup made by "keys backup", checked against its manifest; never overwrites a different key.',
    )
    .argument('<dir>')
    .option('--json', 'print JSON')
    .action((dir: string, opts: { json?: boolean }) => {
      const report = restoreKeys(settings(), dir, io.cwd);
      io.stdout(
        opts.json
          ? JSON.stringify(report, null, 2)
          : `Restored ${report.restored.length} key file(s)${report.restored.length ? ` (${report.restored.join(', ')})` : ''} into ${report.keysDir}; ${report.unchanged.length} already matched. Master versions: ${report.masterVersions.join(', ')}.`,
      );
    });
  keys
    .command('rotate')
    .description('Make a new master key version; new writes use it and all old data stays readable.')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rotated = await rotateKeys(settings());
      io.stdout(
        opts.json
          ? JSON.stringify(rotated, null, 2)
          : !rotated.versions
            ? `Rotated: KMS made new key material for ${rotated.keyId}; data keys it wrapped before stay readable under the same key.`
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
