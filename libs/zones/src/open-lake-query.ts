import { DuckDbEngine } from '@acad/engine';
import { DATASET_CONTRACTS } from '@acad/schemas';
import { ObjectNotFound } from '@acad/storage';
import { AsOfUnavailable, readSnapshot } from './commit-log';
import { stageCommittedFile } from './committed-files';
import { CURATED_MODELS } from './models/index';
import { PrivateStaging } from './private-staging';
import { stageTrustedFiles, trustedSelect } from './trusted-snapshot-files';
import type { ZoneStores } from './zone';

export interface LakeQuery {
  engine: DuckDbEngine;
  /** Relations a query may name, e.g. `trusted.attendance`, `curated.attendance_weekly`. */
  relations: string[];
  close(): Promise<void>;
}

/**
 * A locked-down engine over the committed trusted datasets and curated products, for SQL a
 * person wrote: the data is loaded before external access is switched off, so the query can
 * read no file at all. Every file is checked against the SHA-256 its commit recorded. With `upTo`,
 * the lake as it was once that commit was made (`resolveAsOf` turns a date into one).
 */
export async function openLakeQuery(
  stores: ZoneStores,
  options: { memoryLimit?: string; threads?: number; upTo?: number } = {},
): Promise<LakeQuery> {
  const { upTo, ...engineOptions } = options;
  const snapshot = await readSnapshot(stores.platform, upTo === undefined ? {} : { upTo });
  const staging = await PrivateStaging.create();
  const engine = await DuckDbEngine.open({ mode: 'sandbox', ...engineOptions });
  const relations: string[] = [];
  try {
    for (const contract of DATASET_CONTRACTS) {
      const { files } = await stageTrustedFiles(snapshot, stores.trusted, staging, contract.name);
      const rows = trustedSelect(files);
      if (rows === null) continue;
      await engine.registerSelect(`trusted.${contract.name}`, rows);
      relations.push(`trusted.${contract.name}`);
    }
    for (const model of CURATED_MODELS) {
      const key = snapshot.curated.get(model.name);
      if (!key) continue;
      const path = await stageCommittedFile(staging, snapshot, 'curated', stores.curated, key);
      await engine.registerParquetView(`curated.${model.name}`, [path], { hivePartitioning: false });
      relations.push(`curated.${model.name}`);
    }
    await engine.lockDown();
  } catch (error) {
    await engine.close();
    // An earlier state whose files `acad vacuum` removed (superseded before the retention window).
    if (upTo !== undefined && error instanceof ObjectNotFound)
      throw new AsOfUnavailable(`commit ${upTo}`, `its file ${error.key} was removed (superseded before the retention window)`);
    throw error;
  } finally {
    // The sandbox holds the data in memory; the staged copies are no longer needed.
    await staging.dispose();
  }
  return { engine, relations, close: () => engine.close() };
}
