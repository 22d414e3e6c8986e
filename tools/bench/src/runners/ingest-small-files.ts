import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { landFile, runLandingFile } from '@acad/zones';
import { benchZoneContext } from '../bench-zone-context';
import { reportProgress, runAsRunner } from './runner-protocol';

interface Input {
  /** Folder of the small CSV files (listed here: a thousand paths would crowd argv). */
  dir: string;
  home: string;
}

/** Many small files, one batch each, into one lake: landing and the run are both timed. */
runAsRunner<Input, object>(async ({ dir, home }) => {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.csv')).sort().map((name) => join(dir, name));
  const ctx = benchZoneContext(home, 'bench-small-files');
  const statuses: Record<string, number> = {};
  let rowsRead = 0;
  for (const [i, file] of files.entries()) {
    const summary = await runLandingFile(ctx, 'attendance', await landFile(ctx.stores.landing, 'attendance', file));
    statuses[summary.status] = (statuses[summary.status] ?? 0) + 1;
    rowsRead += summary.rows.read;
    reportProgress(i + 1, files.length);
  }
  if ((statuses['committed'] ?? 0) !== files.length) throw new Error(`Not every file committed: ${JSON.stringify(statuses)}`);
  return { files: files.length, rowsRead };
});
