import type { Engine } from '@acad/engine';
import {
  datasetRules,
  evaluateBatchQuality,
  evaluateGroupQuality,
  qualityBlock,
  schemaFromContract,
  type BatchQualityRecord,
  type MeasuredCounts,
  type QualityHistoryStore,
  type QuarantineCounts,
  type Rule,
  type SchemaColumn,
} from '@acad/quality';
import { sqlIdent, sqlLiteral, type AcademicCalendar, type DatasetContract } from '@acad/schemas';
import type { BatchSummary } from './batch-summary';
import type { LakeSnapshot } from './commit-log';
import type { PrivateStaging } from './private-staging';
import { protectedColumns } from './protect-fields';
import type { TrustedPromotion } from './promote-raw-to-trusted';
import { stageTrustedFiles, trustedSelect } from './trusted-snapshot-files';
import type { ZoneStores } from './zone';

export interface QualityGate {
  /** True when a dataset-level rule of severity error failed: the batch must not commit. */
  failed: boolean;
  quality: BatchSummary['quality'];
  record: BatchQualityRecord;
}

/**
 * The batch's quality gate (PRODUCT.md §3–4, libs/quality): the dataset's rules evaluated on the
 * trusted rows the batch rewrote (`relation` is a plain table name: libs/quality quotes it),
 * references resolved to the current trusted data of the other datasets. The record also holds
 * the row-level contract rules: one that quarantined rows is a warning. The summary's quality
 * block is the record's.
 */
export async function gateBatchQuality(input: {
  engine: Engine;
  contract: DatasetContract;
  batchId: string;
  relation: string;
  snapshot: LakeSnapshot;
  stores: ZoneStores;
  staging: PrivateStaging;
  history?: QualityHistoryStore;
  /** The academic calendar freshness and anomaly rules follow (datasets it lists). */
  calendar?: AcademicCalendar;
  quarantined: QuarantineCounts;
  /** The batch's own rows after the promotion's de-duplication on the key (`BatchRows.ownRows`). */
  ownRows?: number;
}): Promise<QualityGate> {
  const { engine, contract } = input;
  const { rules, references } = await gateRules(contract, (dataset) => referenceRelation(input, dataset));
  const record = await evaluateBatchQuality({
    engine,
    contract,
    relation: input.relation,
    batchId: input.batchId,
    references,
    history: input.history,
    calendar: input.calendar,
    rules,
    ...(input.ownRows === undefined ? {} : { measured: keyMeasuredByPromotion(contract, rules, input.ownRows) }),
    quarantined: input.quarantined,
  });
  return gateOf(record);
}

/**
 * The same gate on Athena: the rules compiled to Trino SQL and run on `relation`, a view of the
 * batch's rows after the merge; references are the Glue tables of the other datasets' trusted
 * data (`trusted_<dataset>`). Failing rows are sampled as locally, one more Athena query for
 * each row-level rule that failed or warned.
 */
export async function gateBatchQualityOnAthena(input: {
  engine: Engine;
  contract: DatasetContract;
  batchId: string;
  relation: string;
  snapshot: LakeSnapshot;
  history?: QualityHistoryStore;
  /** The academic calendar freshness and anomaly rules follow (datasets it lists). */
  calendar?: AcademicCalendar;
  quarantined: QuarantineCounts;
}): Promise<QualityGate> {
  const { engine, contract, relation, snapshot } = input;
  const { rules, references } = await gateRules(contract, async (dataset) => {
    if (dataset === contract.name) return relation;
    return snapshot.trusted.get(dataset)?.size ? `trusted_${dataset}` : undefined;
  });
  const record = await evaluateBatchQuality({
    engine,
    contract,
    relation,
    batchId: input.batchId,
    references,
    history: input.history,
    calendar: input.calendar,
    rules,
    quarantined: input.quarantined,
    schema: trustedSchema(contract),
  });
  return gateOf(record);
}

/** Trusted's columns and types: protected columns hold tokens or ciphertext, as text. */
function trustedSchema(contract: DatasetContract): SchemaColumn[] {
  const text = new Set(protectedColumns(contract).map((c) => c.name));
  return schemaFromContract(contract).map((c) => (text.has(c.name) ? { name: c.name, type: 'VARCHAR' } : c));
}

/**
 * The quality gates of the batches of a group commit, each on its own rows (`relation` holds
 * them all, by `_batch_id`), measured in one grouped scan; the same verdicts as one
 * `gateBatchQuality` per batch, in order.
 */
async function gateGroupQuality(input: {
  engine: Engine;
  contract: DatasetContract;
  batchIds: readonly string[];
  relation: string;
  /** A relation of one batch's own rows (plain name). */
  relationOf: (batchId: string) => Promise<string>;
  snapshot: LakeSnapshot;
  stores: ZoneStores;
  staging: PrivateStaging;
  history?: QualityHistoryStore;
  /** The academic calendar freshness and anomaly rules follow (datasets it lists). */
  calendar?: AcademicCalendar;
  /** By batch id. */
  quarantined: ReadonlyMap<string, QuarantineCounts>;
  /** Each batch's own rows after the promotion's de-duplication on the key, by batch id. */
  ownRows: ReadonlyMap<string, number>;
}): Promise<Map<string, QualityGate>> {
  const { engine, contract } = input;
  const { rules, references } = await gateRules(contract, (dataset) => referenceRelation(input, dataset));
  const measuredByBatch = new Map(input.batchIds.map((id) => [id, keyMeasuredByPromotion(contract, rules, input.ownRows.get(id) ?? 0)]));
  const records = await evaluateGroupQuality({
    engine,
    contract,
    relation: input.relation,
    batchColumn: '_batch_id',
    batchIds: input.batchIds,
    relationOf: input.relationOf,
    references,
    history: input.history,
    calendar: input.calendar,
    rules,
    quarantined: input.quarantined,
    measuredByBatch,
  });
  return new Map([...records].map(([batchId, record]) => [batchId, gateOf(record)]));
}

/**
 * The quality gate of each batch a promotion merged (`promoteRawToTrusted`), on the batch's own
 * rows: one batch on the merged view itself; a group's rows read into memory once (small files),
 * with every batch's rules measured in one grouped scan. `name` names the group's engine objects
 * (its last batch id, so they go with that batch's objects).
 */
export async function gatePromotion(input: {
  engine: Engine;
  contract: DatasetContract;
  snapshot: LakeSnapshot;
  stores: ZoneStores;
  staging: PrivateStaging;
  history?: QualityHistoryStore;
  /** The academic calendar freshness and anomaly rules follow (datasets it lists). */
  calendar?: AcademicCalendar;
  trusted: TrustedPromotion;
  batchIds: readonly string[];
  /** Records each batch's parser could not read, by batch id. */
  unparseable: ReadonlyMap<string, number>;
  name: string;
}): Promise<Map<string, QualityGate>> {
  const { engine, trusted, batchIds } = input;
  const unparseable = (batchId: string) => input.unparseable.get(batchId) ?? 0;
  if (batchIds.length === 1) {
    const [batchId] = batchIds;
    return new Map([
      [
        batchId,
        await gateBatchQuality({
          ...input,
          batchId,
          relation: trusted.mergedTableName,
          quarantined: quarantineCounts(trusted, unparseable(batchId)),
          ownRows: trusted.byBatch.get(batchId)?.ownRows ?? 0,
        }),
      ],
    ]);
  }
  const judged = `judged_group_${input.name}`;
  await engine.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(judged)} AS SELECT * FROM ${trusted.mergedTable}`);
  // One batch's rows are looked up only for samples of its failing rows (or when it has none):
  // the first lookup sorts the rows by batch, so that each lookup reads its own batch's rows.
  const byBatch = `judged_group_sorted_${input.name}`;
  let sorted = false;
  const relationOf = async (batchId: string) => {
    if (!sorted) {
      await engine.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(byBatch)} AS SELECT * FROM ${sqlIdent(judged)} ORDER BY _batch_id`);
      sorted = true;
    }
    const view = `judged_${batchId}`;
    await engine.run(
      `CREATE OR REPLACE TEMP VIEW ${sqlIdent(view)} AS SELECT * FROM ${sqlIdent(byBatch)} WHERE _batch_id = ${sqlLiteral(batchId)}`,
    );
    return view;
  };
  const quarantined = new Map([...trusted.byBatch].map(([id, rows]) => [id, quarantineCounts(rows, unparseable(id))]));
  const ownRows = new Map([...trusted.byBatch].map(([id, rows]) => [id, rows.ownRows]));
  return gateGroupQuality({ ...input, batchIds, relation: judged, relationOf, quarantined, ownRows });
}

/** The dataset's rules, with references resolved by `referenceOf`; a rule whose reference has no data yet is left out. */
async function gateRules(
  contract: DatasetContract,
  referenceOf: (dataset: string) => Promise<string | undefined>,
): Promise<{ rules: Rule[]; references: Record<string, string> }> {
  const references: Record<string, string> = {};
  const rules: Rule[] = [];
  for (const rule of datasetRules(contract)) {
    if (rule.type === 'ReferentialIntegrity') {
      const dataset = rule.reference.dataset;
      if (!(dataset in references)) {
        const relation = await referenceOf(dataset);
        if (!relation) continue; // the reference data has not arrived yet: nothing to check against
        references[dataset] = relation;
      }
    }
    rules.push(rule);
  }
  return { rules, references };
}

/** What a batch's contract checks quarantined, from its row counts (`BatchRows`, or a one-batch promotion). */
function quarantineCounts(
  rows: { accepted: number; duplicates: number; invalid: number; violationsByRule: ReadonlyMap<string, number> },
  unparseable: number,
): QuarantineCounts {
  return { checkedRows: rows.accepted + rows.duplicates + rows.invalid, byRule: rows.violationsByRule, unparseable };
}

function gateOf(record: BatchQualityRecord): QualityGate {
  return { failed: record.status === 'failed', quality: qualityBlock(record), record };
}

async function referenceRelation(
  input: {
    engine: Engine;
    contract: DatasetContract;
    relation: string;
    snapshot: LakeSnapshot;
    stores: ZoneStores;
    staging: PrivateStaging;
  },
  dataset: string,
): Promise<string | undefined> {
  if (dataset === input.contract.name) return input.relation;
  const { files } = await stageTrustedFiles(input.snapshot, input.stores.trusted, input.staging, dataset);
  const rows = trustedSelect(files);
  if (rows === null) return undefined;
  const view = `reference_${dataset}`;
  await input.engine.run(`CREATE OR REPLACE TEMP VIEW ${sqlIdent(view)} AS ${rows}`);
  return view;
}

/**
 * The key rules the promotion has measured: an IsPrimaryKey rule on exactly the contract's key,
 * unfiltered, when every key column is required. The promotion keeps one row per key of each
 * batch (its de-duplication on the key) and the contract refused rows with a missing key part,
 * so all `ownRows` rows pass; scanning them again for duplicates would find none.
 */
export function keyMeasuredByPromotion(contract: DatasetContract, rules: readonly Rule[], ownRows: number): Map<string, MeasuredCounts> {
  const required = new Set(contract.columns.filter((c) => c.required).map((c) => c.name));
  if (!contract.key.every((k) => required.has(k))) return new Map();
  const key = [...contract.key].sort().join(',');
  const measured = new Map<string, MeasuredCounts>();
  for (const rule of rules) {
    if (rule.type !== 'IsPrimaryKey' || rule.where !== undefined || [...rule.columns].sort().join(',') !== key) continue;
    measured.set(rule.id, {
      considered: ownRows,
      failing: 0,
      detail: `measured by the promotion: ${ownRows} rows after de-duplication on the key, one per key`,
    });
  }
  return measured;
}
