import { dirname, join } from 'node:path';

/**
 * Where a dataset's extra quality rules live: `rules/<dataset>.dqdl` beside the contracts, in
 * DQDL. The rules a contract implies are derived from it and are not in the file.
 * Found through the package's own name rather than this module's folder, so code bundled
 * elsewhere (a tool's build) still reads the package's files.
 */
export function datasetRulesFile(dataset: string): string {
  return join(dirname(require.resolve('@acad/schemas/package.json')), 'src', 'datasets', 'rules', `${dataset}.dqdl`);
}
