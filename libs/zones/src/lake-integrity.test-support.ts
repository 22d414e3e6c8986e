import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchSummary } from './batch-summary';
import { landFile } from './land-file';
import { runLandingFile } from './run-landing-file';
import type { ZoneContext } from './zone-context';

/** Writes `lines` as a CSV file in `dir` and runs it through every zone; the batch must commit. */
export async function land(ctx: ZoneContext, dir: string, dataset: string, name: string, lines: string[]): Promise<BatchSummary> {
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  const summary = await runLandingFile(ctx, dataset, await landFile(ctx.stores.landing, dataset, path));
  if (summary.status !== 'committed') throw new Error(`${name} of ${dataset} did not commit: ${summary.status} ${summary.problem ?? ''}`);
  return summary;
}
