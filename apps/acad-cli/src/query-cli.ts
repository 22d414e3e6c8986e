import { Option, type Command } from 'commander';
import type { CliContext } from './cli-context';
import type { RowFormat } from './format-rows';
import { queryCommand } from './query-command';

export function registerQueryCommands(program: Command, { io, settings }: CliContext): void {
  program
    .command('query')
    .description('Read-only SQL over trusted.<dataset> and curated.<product>.')
    .argument('<sql>', 'one SELECT statement')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--as-of <when>', 'the lake as committed then: a commit number (42), a day (2025-10-01, its end, UTC) or a moment (ISO 8601)')
    .action(async (sql: string, opts: { format: RowFormat; asOf?: string }) => {
      io.stdout(await queryCommand(settings(), sql, opts.format, opts.asOf));
    });
}
