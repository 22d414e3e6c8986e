import type { Command } from 'commander';
import type { CliContext } from './cli-context';
import { formatProfile, profileCommand } from './profile-command';

export function registerProfileCommands(program: Command, { io, settings }: CliContext): void {
  program
    .command('profile')
    .description('Profile a dataset in trusted (or a staged file): statistics, patterns, PII detection, suggested DQDL rules.')
    .argument('<dataset>')
    .option('--file <path>', 'profile this CSV or Parquet file instead of trusted.<dataset>')
    .option('--json', 'print JSON')
    .action(async (dataset: string, opts: { file?: string; json?: boolean }) => {
      const profile = await profileCommand(settings(), dataset, opts.file);
      io.stdout(opts.json ? JSON.stringify(profile, null, 2) : formatProfile(profile));
    });
}
