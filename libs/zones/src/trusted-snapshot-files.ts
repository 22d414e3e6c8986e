import { sqlLiteral } from '@acad/schemas';
import type { ObjectStore } from '@acad/storage';
import type { LakeSnapshot } from './commit-log';
import { stageCommittedFile } from './committed-files';
import type { PrivateStaging } from './private-staging';

/** A staged trusted file: its partition, object key and local path. */
export interface StagedTrustedFile {
  partition: string;
  key: string;
  path: string;
}

/** Local paths of the current trusted files of a dataset, optionally for some partitions only; each checked against its recorded SHA-256. */
export async function stageTrustedFiles(
  snapshot: LakeSnapshot,
  trusted: ObjectStore,
  staging: PrivateStaging,
  dataset: string,
  partitions?: readonly string[],
): Promise<{ paths: string[]; partitions: string[]; files: StagedTrustedFile[] }> {
  const current = snapshot.trusted.get(dataset) ?? new Map<string, readonly string[]>();
  const wanted = partitions ? partitions.filter((p) => current.has(p)) : [...current.keys()];
  const files: StagedTrustedFile[] = [];
  for (const partition of wanted) {
    for (const key of current.get(partition) ?? [])
      files.push({ partition, key, path: await stageCommittedFile(staging, snapshot, 'trusted', trusted, key) });
  }
  return { paths: files.map((f) => f.path), partitions: wanted, files };
}

/** A SELECT over Parquet files (union by name), for engine relations built from staged files. */
export function parquetSelect(paths: readonly string[]): string {
  return `SELECT * FROM read_parquet([${paths.map(sqlLiteral).join(', ')}], union_by_name = true)`;
}
