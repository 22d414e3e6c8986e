import { join } from 'node:path';

/**
 * Where a dataset's extra quality rules live: `rules/<dataset>.dqdl` beside the contracts, in
 * DQDL. The rules a contract implies are derived from it and are not in the file.
 */
export function datasetRulesFile(dataset: string): string {
  return join(__dirname, 'rules', `${dataset}.dqdl`);
}
