import { sqlLiteral } from '@acad/schemas';
import type { ObjectStore } from '@acad/storage';
import type { LakeSnapshot } from './commit-log';
import type { PrivateStaging } from './private-staging';

/** Local paths of the current trusted files of a dataset, optionally for some partitions only. */
export async function stageTrustedFiles(
  snapshot: LakeSnapshot,
  trusted: ObjectStore,
  staging: PrivateStaging,
  dataset: string,
  partitions?: readonly string[],
): Promise<{ paths: string[]; partitions: string[] }> {
  const current = snapshot.trusted.get(dataset) ?? new Map<string, string>();
  const wanted = partitions ? partitions.filter((p) => current.has(p)) : [...current.keys()];
  const paths: string[] = [];
  for (const partition of wanted) paths.push(await staging.stage(trusted, current.get(partition) as string));
  return { paths, partitions: wanted };
}

/** A SELECT over Parquet files (union by name), for engine relations built from staged files. */
export function parquetSelect(paths: readonly string[]): string {
  return `SELECT * FROM read_parquet([${paths.map(sqlLiteral).join(', ')}], union_by_name = true)`;
}
