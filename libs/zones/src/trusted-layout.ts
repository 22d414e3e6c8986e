import { sqlIdent, type DatasetContract } from '@acad/schemas';

/** SQL expression of a row's partition path, e.g. `session_month=2025-09`. */
export function partitionExpression(contract: DatasetContract): string {
  const spec = contract.partition;
  if (!spec) return `'all'`;
  const value = spec.transform === 'month' ? `strftime(${sqlIdent(spec.column)}, '%Y-%m')` : `CAST(${sqlIdent(spec.column)} AS VARCHAR)`;
  return `'${spec.name}=' || coalesce(${value}, '__null__')`;
}

/** Trusted object key of a partition's file as written by a batch. */
export function trustedKey(dataset: string, partition: string, batchId: string): string {
  return `${dataset}/${partition}/part-${batchId}.parquet`;
}

/** True when a row's partition follows from its key, so a batch can only touch its own partitions. */
export function partitionFollowsKey(contract: DatasetContract): boolean {
  return !contract.partition || contract.key.includes(contract.partition.column);
}

/** Object key of the delete file a batch writes for a partition: the rows of its other files that trusted no longer holds. */
export function trustedDeletesKey(dataset: string, partition: string, batchId: string): string {
  return `${dataset}/${partition}/deletes-${batchId}.parquet`;
}

/** True for a partition's delete file (object key or path), as opposed to a data file. */
export function isDeleteFile(key: string): boolean {
  return /(^|\/)deletes-[^/]*\.parquet$/.test(key);
}
