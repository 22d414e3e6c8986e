import type { Settings } from '@acad/config';
import { rebuildCurated } from '@acad/zones';
import { runContext } from './compose';

export interface CuratedRebuild {
  /** Products rebuilt and committed, in model order; none when no product's required inputs have data yet. */
  rebuilt: string[];
}

/**
 * `acad curated rebuild [<product>]`: builds products in full from all of trusted and commits
 * them as a refresh, whatever incremental refreshes did before (after a model changes, or to
 * check a product against a fresh build).
 */
export async function rebuildCuratedCommand(settings: Settings, products: readonly string[]): Promise<CuratedRebuild> {
  return { rebuilt: await rebuildCurated(await runContext(settings), products) };
}

export function formatCuratedRebuild({ rebuilt }: CuratedRebuild): string {
  return rebuilt.length === 0
    ? 'Nothing rebuilt: no product has data in its required inputs yet.'
    : `Rebuilt in full and committed: ${rebuilt.join(', ')}`;
}
