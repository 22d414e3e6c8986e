import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { vacuumLake, type VacuumReport } from '@acad/zones';
import type { CliContext } from './cli-context';
import { runContext } from './compose';

export function registerVacuumCommands(program: Command, { io, settings }: CliContext): void {
  program
    .command('vacuum')
    .description(
      'Remove data files no committed state within the retention window needs: files of batches that never committed ' +
        '(killed before their commit) and files superseded before the window. Holds the commit lease while it works.',
    )
    .option(
      '--retention-days <days>',
      'keep what a reader "as at" any of the last <days> days needs (default ACAD_RETENTION_DAYS, 400)',
      days,
    )
    .option('--dry-run', 'say what would be removed; remove nothing')
    .option('--json', 'print JSON')
    .action(async (opts: { retentionDays?: number; dryRun?: boolean; json?: boolean }) => {
      const s = settings();
      const report = await vacuumLake(await runContext(s), { retentionDays: opts.retentionDays ?? s.retentionDays, dryRun: opts.dryRun });
      io.stdout(opts.json ? JSON.stringify(report, null, 2) : formatVacuum(report));
    });
}

function days(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number of days, such as 400');
  return n;
}

function formatVacuum(report: VacuumReport): string {
  const verb = report.dryRun ? 'Would remove' : 'Removed';
  const head = `${verb} ${report.removed.length} file(s), ${report.bytes} bytes; kept ${report.kept} (readable as at any time since ${report.keepsFrom}, ${report.retentionDays} days).`;
  return [head, ...report.removed.map((f) => `  ${f.why.padEnd(10)} ${f.zone}/${f.key} (${f.bytes} bytes)`)].join('\n');
}
