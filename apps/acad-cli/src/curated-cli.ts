import type { Command } from 'commander';
import type { CliContext } from './cli-context';
import { formatCuratedRebuild, rebuildCuratedCommand } from './curated-command';

/** `acad curated rebuild [<product>]`: a full rebuild of curated products, beside the incremental refresh each batch does. */
export function registerCuratedCommands(program: Command, { io, settings }: CliContext): void {
  const curated = program
    .command('curated')
    .description('Curated products: each batch refreshes the groups it touched; rebuild builds them in full from trusted.');
  curated
    .command('rebuild')
    .description(
      'Build curated products in full from every committed trusted row and commit them as a refresh (every product, or the one named). ' +
        'A product whose required inputs have no data yet is left out.',
    )
    .argument('[product]', 'a curated product, e.g. attendance_weekly (default: every product)')
    .option('--json', 'print JSON')
    .action(async (product: string | undefined, opts: { json?: boolean }) => {
      const result = await rebuildCuratedCommand(settings(), product ? [product] : []);
      io.stdout(opts.json ? JSON.stringify(result, null, 2) : formatCuratedRebuild(result));
    });
}
