import type { Engine } from '@acad/engine';
import { sqlLiteral } from '@acad/schemas';
import { readSnapshot } from './commit-log';
import type { DataProtection } from './data-protection';
import { PrivateStaging } from './private-staging';
import { expectedSealedObject, stageSealedObject } from './sealed-objects';
import type { ZoneStores } from './zone';

export interface QuarantineSummary {
  dataset: string;
  batches: number;
  rows: number;
  /** Rule id → reason and how many rows broke it. */
  byRule: Array<{ rule: string; reason: string; rows: number }>;
}

/**
 * What sits in quarantine for a dataset, by rule, read through the decrypting path (the
 * objects are sealed at rest). Reasons and counts only: no row value leaves here.
 */
export async function quarantineSummary(
  stores: ZoneStores,
  protection: DataProtection,
  engine: Engine,
  dataset: string,
): Promise<QuarantineSummary> {
  const snapshot = await readSnapshot(stores.platform);
  const entries = snapshot.entries.filter((e) => e.dataset === dataset);
  const staging = await PrivateStaging.create();
  try {
    const paths: string[] = [];
    for (const entry of entries) {
      for (const key of entry.quarantine) {
        const expected = expectedSealedObject(entry, 'quarantine', key);
        paths.push(await stageSealedObject(stores.quarantine, 'quarantine', key, protection.envelopeKeys, expected, staging));
      }
    }
    const byRule =
      paths.length === 0
        ? []
        : await engine.query<{ rule: string; reason: string; rows: number }>(
            `SELECT v.rule AS rule, min(v.reason) AS reason, count(*)::BIGINT AS rows
             FROM (SELECT unnest(_violations) AS v FROM read_parquet([${paths.map(sqlLiteral).join(', ')}], union_by_name = true))
             GROUP BY v.rule ORDER BY rows DESC, rule`,
          );
    return {
      dataset,
      batches: entries.filter((e) => e.quarantine.length > 0).length,
      rows: entries.reduce((n, e) => n + e.rows.quarantined, 0),
      byRule: byRule.map((r) => ({ ...r, rows: Number(r.rows) })),
    };
  } finally {
    await staging.dispose();
  }
}
