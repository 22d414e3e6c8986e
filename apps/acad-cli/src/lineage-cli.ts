import type { Command } from 'commander';
import { renderLineageTree } from '@acad/catalog';
import type { CliContext } from './cli-context';
import { lineageOf } from './lineage-command';

export function registerLineageCommands(program: Command, { io, settings }: CliContext): void {
  program
    .command('lineage')
    .description('Where a dataset comes from (down to its landing files) and what is built from it.')
    .argument('<dataset>', 'a dataset (trusted.<name> by default) or zone.name')
    .option('--column <column>', 'column-level lineage of one column')
    .option('--upstream', 'only what it comes from')
    .option('--downstream', 'only what is built from it')
    .option('--json', 'print JSON')
    .action(async (dataset: string, opts: { column?: string; upstream?: boolean; downstream?: boolean; json?: boolean }) => {
      const report = await lineageOf(settings(), dataset, opts.column);
      const both = !opts.upstream && !opts.downstream;
      if (opts.json) {
        io.stdout(
          JSON.stringify(
            {
              name: report.name,
              ...(opts.upstream || both ? { upstream: report.upstream } : {}),
              ...(opts.downstream || both ? { downstream: report.downstream } : {}),
            },
            null,
            2,
          ),
        );
        return;
      }
      const parts: string[] = [];
      if (opts.upstream || both) parts.push(`Upstream (what ${report.name} comes from):\n${renderLineageTree(report.upstream)}`);
      if (opts.downstream || both) parts.push(`Downstream (what is built from ${report.name}):\n${renderLineageTree(report.downstream)}`);
      io.stdout(parts.join('\n\n'));
    });
}
