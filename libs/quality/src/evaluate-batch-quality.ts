import type { Engine } from '@acad/engine';
import { followsCalendar, isTeachingDay, type AcademicCalendar, type DatasetContract } from '@acad/schemas';
import { measurableByGroup } from './compile-sql';
import { evaluateRules, evaluateRulesByGroup, summariseResults, type MeasuredCounts, type RuleResult } from './evaluate-rules';
import { sampleFailingRows, type FailingSamples } from './failing-samples';
import { historyNeeded } from './judge-dynamic-condition';
import type { BatchQualityRecord, QualityHistoryStore } from './quality-history-store';
import { withQuarantinedRows, type QuarantineCounts } from './quarantine-results';
import type { Rule } from './rule';
import { datasetRules } from './rules-from-contract';
import { schemaFromContract, type SchemaColumn } from './schema-rules';

export interface BatchQualityInput {
  readonly engine: Engine;
  readonly contract: DatasetContract;
  /** The relation to check: the batch's accepted rows, or the trusted table after the merge. */
  readonly relation: string;
  readonly batchId: string;
  /** Relation of each reference dataset alias (ReferentialIntegrity), e.g. `{ students: 'trusted.students' }`. */
  readonly references?: Readonly<Record<string, string>>;
  /** Where past batches are read from (DetectAnomalies) and this batch is recorded. */
  readonly history?: QualityHistoryStore;
  /** Default: `datasetRules(contract)`. */
  readonly rules?: readonly Rule[];
  readonly now?: Date;
  /** Failing rows kept per row-level rule (default 5). */
  readonly sampleSize?: number;
  /** What the contract quarantined before `relation` was made: recorded as results beside the rules'. */
  readonly quarantined?: QuarantineCounts;
  /** The relation's columns and types, when known (saves a DESCRIBE, which Athena answers differently). */
  readonly schema?: readonly SchemaColumn[];
  /**
   * The institution's academic calendar. For a dataset it lists, DataFreshness counts teaching
   * hours only and DetectAnomalies judges a batch against past batches of the same kind of day
   * (teaching, or not), so a quiet reading week or holiday is no anomaly.
   */
  readonly calendar?: AcademicCalendar;
  /** Ratio rules measured by what made the relation, by rule id (see `EvaluateOptions.measured`). */
  readonly measured?: ReadonlyMap<string, MeasuredCounts>;
}

/**
 * The quality gate of one batch: evaluates the dataset's rules (one aggregate scan plus the
 * few queries some rules need), samples failing rows with PII masked, and records the result
 * in `history` when given. `status` is `failed` when any rule of severity error failed: such a
 * batch must be marked failed and must not reach curated. Warnings never block.
 */
export async function evaluateBatchQuality(input: BatchQualityInput): Promise<BatchQualityRecord> {
  const { engine, contract, relation, batchId, history } = input;
  const rules = input.rules ?? datasetRules(contract);
  const now = input.now ?? new Date();
  const calendar = followsCalendar(input.calendar, contract.name) ? input.calendar : undefined;
  const pastMetrics = await ruleHistory(history, contract.name, rules, [batchId], calendar, now);
  const results = await evaluateRules(engine, relation, rules, {
    calendar,
    references: input.references,
    history: pastMetrics,
    schemas: { [contract.name]: schemaFromContract(contract) },
    now,
    schema: input.schema,
    measured: input.measured,
  });
  const samples = await sampleFailingRows(engine, relation, contract, rules, results, {
    limit: input.sampleSize,
    references: input.references,
    schema: input.schema,
  });
  const record = qualityRecord(
    contract,
    batchId,
    relation,
    now,
    input.quarantined ? withQuarantinedRows(contract, results, input.quarantined) : results,
    samples,
  );
  if (history) await history.record(record);
  return record;
}

/**
 * A DetectAnomalies rule judges a batch against the values of at most this many latest batches:
 * recent behaviour, read at a cost that does not grow with the years of history kept.
 */
export const ANOMALY_HISTORY_BATCHES = 100;

/** With a calendar, this many times ANOMALY_HISTORY_BATCHES latest batches are read, then those of the same kind of day kept. */
const CALENDAR_HISTORY_FACTOR = 4;

/**
 * Past metrics of each DetectAnomalies rule (the latest ANOMALY_HISTORY_BATCHES; with a calendar,
 * those of batches on the same kind of day as `now`, teaching or not) and each Dynamic rule (as
 * many as its largest `last(k)`), leaving out the batches being judged; read from the end of the history.
 */
export async function ruleHistory(
  history: QualityHistoryStore | undefined,
  dataset: string,
  rules: readonly Rule[],
  judged: readonly string[] = [],
  calendar?: AcademicCalendar,
  now: Date = new Date(),
): Promise<Record<string, number[]>> {
  const past: Record<string, number[]> = {};
  if (!history) return past;
  if (calendar && rules.some((r) => r.type === 'DetectAnomalies')) {
    // The baseline is the batches of the same kind of day: teaching days are judged against teaching days only.
    const teaching = isTeachingDay(calendar, now);
    // Read a bounded window (as without a calendar), then keep the batches of the same kind of day.
    const recent = await history.history(dataset, { limit: ANOMALY_HISTORY_BATCHES * CALENDAR_HISTORY_FACTOR });
    const sameKind = recent.filter((r) => !judged.includes(r.batchId) && isTeachingDay(calendar, new Date(r.evaluatedAt)) === teaching);
    for (const rule of rules) {
      if (rule.type !== 'DetectAnomalies') continue;
      const metrics = sameKind.map((r) => r.results.find((x) => x.ruleId === rule.id)?.metric);
      past[rule.id] = metrics.filter((m): m is number => typeof m === 'number' && Number.isFinite(m)).slice(-ANOMALY_HISTORY_BATCHES);
    }
  }
  for (const rule of rules) {
    if (rule.type === 'DetectAnomalies' && !(rule.id in past))
      past[rule.id] = await history.metricHistory(dataset, rule.id, { excludeBatches: judged, limit: ANOMALY_HISTORY_BATCHES });
    const needed = rule.type === 'Dynamic' ? historyNeeded(rule.condition) : 0;
    if (needed > 0) past[rule.id] = await history.metricHistory(dataset, rule.id, { excludeBatches: judged, limit: needed });
  }
  return past;
}

function qualityRecord(
  contract: DatasetContract,
  batchId: string,
  relation: string,
  now: Date,
  results: readonly RuleResult[],
  failingSamples: FailingSamples,
): BatchQualityRecord {
  const summary = summariseResults(results);
  return {
    dataset: contract.name,
    batchId,
    relation,
    evaluatedAt: now.toISOString(),
    status: summary.failed > 0 ? 'failed' : 'passed',
    summary,
    results,
    failingSamples,
  };
}

export interface GroupQualityInput extends Omit<BatchQualityInput, 'relation' | 'batchId' | 'quarantined' | 'schema' | 'measured'> {
  /** The rows of every batch of the group, with the batch in `batchColumn`. */
  readonly relation: string;
  readonly batchColumn: string;
  /** The batches, in delivery order (a later batch's anomaly rules learn from the earlier ones). */
  readonly batchIds: readonly string[];
  /** A relation of one batch's rows alone (for samples of failing rows, and batches without rows). */
  readonly relationOf: (batchId: string) => Promise<string>;
  /** What the contract quarantined of each batch, by batch id. */
  readonly quarantined?: ReadonlyMap<string, QuarantineCounts>;
  /** Ratio rules measured by what made the relation, by batch id, then rule id (every batch the same rules). */
  readonly measuredByBatch?: ReadonlyMap<string, ReadonlyMap<string, MeasuredCounts>>;
}

/**
 * The quality gates of several batches promoted together (a group commit): the same records as
 * `evaluateBatchQuality` on each batch's rows, one after another, but the rules are measured
 * for every batch in one grouped scan. Falls back to one evaluation per batch for CustomSql rules.
 */
export async function evaluateGroupQuality(input: GroupQualityInput): Promise<Map<string, BatchQualityRecord>> {
  const { engine, contract, history, batchIds } = input;
  const rules = input.rules ?? datasetRules(contract);
  const records = new Map<string, BatchQualityRecord>();
  if (!measurableByGroup(rules)) {
    for (const batchId of batchIds) {
      const relation = await input.relationOf(batchId);
      records.set(
        batchId,
        await evaluateBatchQuality({
          ...input,
          relation,
          batchId,
          rules,
          quarantined: input.quarantined?.get(batchId),
          measured: input.measuredByBatch?.get(batchId),
        }),
      );
    }
    return records;
  }
  const now = input.now ?? new Date();
  const calendar = followsCalendar(input.calendar, contract.name) ? input.calendar : undefined;
  const pastMetrics = await ruleHistory(history, contract.name, rules, batchIds, calendar, now);
  const options = {
    calendar,
    references: input.references,
    history: pastMetrics,
    schemas: { [contract.name]: schemaFromContract(contract) },
    now,
    relationOf: input.relationOf,
    measuredByGroup: input.measuredByBatch,
  };
  const results = await evaluateRulesByGroup(engine, input.relation, input.batchColumn, batchIds, rules, options);
  for (const batchId of batchIds) {
    const own: readonly RuleResult[] = results.get(batchId) ?? [];
    // Samples need the batch's own relation; a batch with no failing row has none to show.
    const failing = own.some((r) => (r.failingRows ?? 0) > 0);
    const samples = failing
      ? await sampleFailingRows(engine, await input.relationOf(batchId), contract, rules, own, {
          limit: input.sampleSize,
          references: input.references,
        })
      : {};
    const quarantined = input.quarantined?.get(batchId);
    const record = qualityRecord(
      contract,
      batchId,
      input.relation,
      now,
      quarantined ? withQuarantinedRows(contract, own, quarantined) : own,
      samples,
    );
    if (history) await history.record(record);
    records.set(batchId, record);
  }
  return records;
}

/** The batch summary's `quality` block (`BatchSummary['quality']` in @acad/zones). */
export function qualityBlock(record: BatchQualityRecord): { passed: number; warned: number; failed: number; score: number } {
  const { passed, warned, failed, score } = record.summary;
  return { passed, warned, failed, score };
}
