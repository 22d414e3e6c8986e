import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { landFiles, runLandingFiles } from '@acad/zones';
import { benchZoneContext } from '../bench-zone-context';
import { reportProgress, runAsRunner } from './runner-protocol';

interface Input {
  /** Folder of the small CSV files (listed here: a thousand paths would crowd argv). */
  dir: string;
  home: string;
}

/**
 * Many small files, one batch each, into one lake, as `npm run ingest -- run` does after they
 * land (`landFiles`, as `npm run ingest` lands them): one worker run (shared engine, curated
 * refreshed with each group). Landing is timed too.
 */
runAsRunner<Input, object>(async ({ dir, home }) => {
  const files = (await readdir(dir))
    .filter((name) => name.endsWith('.csv'))
    .sort()
    .map((name) => join(dir, name));
  const ctx = await benchZoneContext(home, 'bench-small-files');
  const statuses: Record<string, number> = {};
  let rowsRead = 0;
  let done = 0;
  const landed = (await landFiles(ctx.stores.landing, 'attendance', files)).map(({ key }) => ({ dataset: 'attendance', key }));
  await runLandingFiles(ctx, landed, {
    onSummary: (summary) => {
      statuses[summary.status] = (statuses[summary.status] ?? 0) + 1;
      rowsRead += summary.rows.read;
      done += 1;
      reportProgress(done, files.length);
    },
  });
  if ((statuses['committed'] ?? 0) !== files.length) throw new Error(`Not every file committed: ${JSON.stringify(statuses)}`);
  return { files: files.length, rowsRead };
});
