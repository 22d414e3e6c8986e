import { sqlLiteral } from '@acad/schemas';
import type { ObjectStore } from '@acad/storage';
import type { LakeSnapshot } from './commit-log';
import { stageCommittedFile } from './committed-files';
import type { PrivateStaging } from './private-staging';
import { isDeleteFile } from './trusted-layout';

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
): Promise<{ partitions: string[]; files: StagedTrustedFile[] }> {
  const current = snapshot.trusted.get(dataset) ?? new Map<string, readonly string[]>();
  const wanted = partitions ? partitions.filter((p) => current.has(p)) : [...current.keys()];
  const files: StagedTrustedFile[] = [];
  for (const partition of wanted) {
    for (const key of current.get(partition) ?? [])
      files.push({ partition, key, path: await stageCommittedFile(staging, snapshot, 'trusted', trusted, key) });
  }
  return { partitions: wanted, files };
}

/** A SELECT over Parquet files (union by name), for engine relations built from staged files. */
export function parquetSelect(paths: readonly string[]): string {
  return `SELECT * FROM read_parquet([${paths.map(sqlLiteral).join(', ')}], union_by_name = true)`;
}

/**
 * The rows trusted holds in `files` (data files and the delete files beside them): each data
 * file's rows less those a delete file names by object key and position. With `origin`, each row
 * also carries `_file` (its data file's local path) and `_pos` (its position in that file), what
 * a delete file records. Null when the files hold no data file.
 *
 * Merge-on-read: a correction records the rows it replaces in a partition's delete file instead
 * of rewriting the files that hold them, so it writes what it touches; the batch that merges a
 * partition's files folds the deletes in (`promoteRawToTrusted`).
 */
export function trustedSelect(files: readonly StagedTrustedFile[], options: { origin?: boolean } = {}): string | null {
  const data = files.filter((f) => !isDeleteFile(f.key));
  if (data.length === 0) return null;
  const deletes = files.filter((f) => isDeleteFile(f.key));
  const read = `read_parquet([${data.map((f) => sqlLiteral(f.path)).join(', ')}], union_by_name = true, filename = true, file_row_number = true)`;
  const columns = options.origin
    ? `d.* EXCLUDE (filename, file_row_number), d.filename AS _file, d.file_row_number AS _pos`
    : `d.* EXCLUDE (filename, file_row_number)`;
  if (deletes.length === 0) return `SELECT ${columns} FROM ${read} d`;
  // A delete file names data files by object key; the engine reads them at their staged paths.
  const paths = `(VALUES ${data.map((f) => `(${sqlLiteral(f.key)}, ${sqlLiteral(f.path)})`).join(', ')}) AS m(key, path)`;
  const deleted = `SELECT m.path AS filename, x._pos AS file_row_number FROM read_parquet([${deletes.map((f) => sqlLiteral(f.path)).join(', ')}]) x JOIN ${paths} ON m.key = x._file`;
  return `SELECT ${columns} FROM ${read} d ANTI JOIN (${deleted}) x ON x.filename = d.filename AND x.file_row_number = d.file_row_number`;
}
