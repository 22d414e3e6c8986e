import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { CliContext } from './cli-context';
import { formatVerification, LakeVerificationFailed, verifyCommand } from './verify-command';

export function registerVerifyCommands(program: Command, { io, settings }: CliContext): void {
  program
    .command('verify')
    .description(
      'Check every committed file against its commit: SHA-256 of trusted and curated files, digest and full decryption of raw and ' +
        'quarantine objects. Reports each file (ok, hash-mismatch, missing, undecryptable, unverified); exits 1 if any is damaged.',
    )
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const stream = process.stderr;
      const bar = stream.isTTY
        ? new SingleBar(
            { format: 'verify [{bar}] {value}/{total} {file}', stream, hideCursor: true, clearOnComplete: true },
            Presets.shades_classic,
          )
        : undefined;
      let report;
      try {
        report = await verifyCommand(settings(), (file, done, total) => {
          if (done === 1) bar?.start(total, 0, { file: '' });
          bar?.update(done, { file: `${file.zone}/${file.key}` });
        });
      } finally {
        bar?.stop();
      }
      io.stdout(opts.json ? JSON.stringify(report, null, 2) : formatVerification(report));
      if (!report.ok) throw new LakeVerificationFailed(report);
    });
}
