import { sqlQualifiedName, type Engine, type Row } from '@acad/engine';
import { teachingHoursBetween, type AcademicCalendar } from '@acad/schemas';
import { compileRules, type CompiledRule, type CompileOptions } from './compile-sql';
import { detectAnomaly } from './detect-anomaly';
import { judgeDynamicCondition } from './judge-dynamic-condition';
import { qualityScore } from './quality-score';
import { GROUP_COLUMN, HASH_REPEATS_COLUMN } from './key-groups';
import { effectiveThreshold, meetsThreshold, type Rule, type RuleType, type Severity, type Threshold } from './rule';
import { measureSchemaRule, type SchemaColumn } from './schema-rules';

export type RuleOutcome = 'passed' | 'failed' | 'warned';

/**
 * `ContractRule`: the parse (`<dataset>.parse`), or a row-level rule of the dataset contract that
 * has no rule of its own in the ruleset, measured as the records it sent to quarantine
 * (`withQuarantinedRows`).
 */
export type ResultType = RuleType | 'ContractRule';

export interface RuleResult {
  readonly ruleId: string;
  readonly type: ResultType;
  readonly severity: Severity;
  /**
   * `warned` is a failed rule of severity `warn`, a DetectAnomalies rule still learning, or a
   * row-level contract rule that sent rows of the batch to quarantine.
   */
  readonly outcome: RuleOutcome;
  /** Ratio rules: passing / considered rows (1 when no row is considered). Others: the measured value. */
  readonly metric: number | null;
  readonly threshold: Threshold;
  /** Rows that broke a row-level rule; null for aggregate rules. */
  readonly failingRows: number | null;
  /** Rows of the batch that broke this contract rule and went to quarantine before the rules ran. */
  readonly quarantinedRows?: number;
  /** Why there is no metric, or how a composite or anomaly rule was judged. */
  readonly detail?: string;
}

export interface QualitySummary {
  readonly total: number;
  readonly passed: number;
  readonly warned: number;
  readonly failed: number;
  /** passed / (passed + failed), 0–1, 3 decimals rounded down; warnings never count (see `qualityScore`). */
  readonly score: number;
}

export interface EvaluateOptions extends CompileOptions {
  /** Past metric values of each DetectAnomalies and Dynamic rule, oldest first, by rule id. */
  readonly history?: Readonly<Record<string, readonly number[]>>;
  /** Reference schemas for SchemaMatch, by alias. */
  readonly schemas?: Readonly<Record<string, readonly SchemaColumn[]>>;
  /** The clock DataFreshness measures age against (default: now). */
  readonly now?: Date;
  /** When given, DataFreshness counts only the calendar's teaching hours as age. */
  readonly calendar?: AcademicCalendar;
  /** The relation's columns and DuckDB types when known beforehand (Athena: from the contract); otherwise one DESCRIBE. */
  readonly schema?: readonly SchemaColumn[];
  /**
   * Ratio rules measured before the scan by what made the relation, by rule id: judged on these
   * counts and left out of the scan (e.g. the key's uniqueness, which the promotion's
   * de-duplication on the key established).
   */
  readonly measured?: ReadonlyMap<string, MeasuredCounts>;
}

/** A ratio rule's counts, measured elsewhere, and how. */
export interface MeasuredCounts {
  readonly considered: number;
  readonly failing: number;
  /** Where the counts come from, recorded with the result. */
  readonly detail: string;
}

interface Measured {
  metric: number | null;
  failingRows: number | null;
  detail?: string;
}

/**
 * Evaluates rules over `relation` with as few scans as possible: one DESCRIBE (metadata), one
 * aggregate statement for all but CustomSql rules (duplicate keys checked by sorted hashes in
 * CTEs of it, references and the row-level rules on their columns judged on the distinct values
 * of those columns), one query per CustomSql rule. When a key hash repeats, the statement runs
 * once more with duplicates counted exactly. Results keep the rules' order; rules kept as DQDL
 * only (`NotEvaluated`) have no result: `notEvaluatedHere` lists them.
 */
export async function evaluateRules(
  engine: Engine,
  relation: string,
  rules: readonly Rule[],
  options: EvaluateOptions = {},
): Promise<RuleResult[]> {
  // Metadata only: the types let typed columns skip text checks, and schema rules read it.
  const schema = options.schema ?? (await describeRelation(engine, relation));
  const compileOptions = {
    ...options,
    dialect: options.dialect ?? engine.dialect,
    types: Object.fromEntries(schema.map((c) => [c.name, c.type])),
  };
  const scanned = withoutMeasured(rules, options.measured);
  let compiled = compileRules(relation, scanned, compileOptions);
  let scanRow = compiled.scanSql === null ? {} : ((await engine.query(compiled.scanSql))[0] ?? {});
  if (compiled.checksKeyHashes && (toNumber(scanRow[HASH_REPEATS_COLUMN]) ?? 0) > 0) {
    // Some key hash repeats: a duplicate (or a rare collision) that only grouping can count.
    compiled = compileRules(relation, scanned, { ...compileOptions, exactKeys: true });
    scanRow = compiled.scanSql === null ? {} : ((await engine.query(compiled.scanSql))[0] ?? {});
  }
  const own = new Map<CompiledRule, Row[]>();
  const runOwn = async (entry: CompiledRule): Promise<void> => {
    if ((entry.measure === 'ratio' || entry.measure === 'value') && entry.query !== undefined)
      own.set(entry, await engine.query(entry.query));
    if (entry.measure === 'composite') for (const child of entry.children) await runOwn(child);
    if (entry.measure === 'anomaly' || entry.measure === 'dynamic') await runOwn(entry.inner);
  };
  for (const entry of compiled.rules) await runOwn(entry);
  return inRuleOrder(rules, judgeRules(compiled.rules, scanRow, own, schema, options), options.measured);
}

function withoutMeasured(rules: readonly Rule[], measured: ReadonlyMap<string, MeasuredCounts> | undefined): readonly Rule[] {
  return measured === undefined || measured.size === 0 ? rules : rules.filter((r) => !measured.has(r.id));
}

/** The scanned rules' results and the measured rules' judgements, in the rules' order. */
function inRuleOrder(
  rules: readonly Rule[],
  judged: readonly RuleResult[],
  measured: ReadonlyMap<string, MeasuredCounts> | undefined,
): RuleResult[] {
  if (measured === undefined || measured.size === 0) return [...judged];
  const byId = new Map(judged.map((r) => [r.ruleId, r]));
  return rules.flatMap((rule) => {
    const counts = measured.get(rule.id);
    if (counts === undefined) return byId.has(rule.id) ? [byId.get(rule.id) as RuleResult] : [];
    const metric = counts.considered === 0 ? 1 : (counts.considered - counts.failing) / counts.considered;
    const threshold = effectiveThreshold(rule);
    return [result(rule, { metric, failingRows: counts.failing, detail: counts.detail }, meetsThreshold(metric, threshold), threshold)];
  });
}

/**
 * Evaluates rules over `relation` once per value of `groupColumn` (e.g. each batch of a group
 * commit), in one aggregate statement grouped by that column: the results per group equal
 * `evaluateRules` on that group's rows alone. `groups` gives the order: a DetectAnomalies rule of
 * a group learns from `history` plus the groups before it, as if they had run one after another.
 * A group without rows is evaluated alone on `relationOf(group)`. CustomSql rules cannot be
 * measured per group (`measurableByGroup`).
 */
export async function evaluateRulesByGroup(
  engine: Engine,
  relation: string,
  groupColumn: string,
  groups: readonly string[],
  rules: readonly Rule[],
  options: EvaluateOptions & {
    relationOf: (group: string) => Promise<string>;
    /** Measured rules per group (see `EvaluateOptions.measured`); every group measures the same rules. */
    measuredByGroup?: ReadonlyMap<string, ReadonlyMap<string, MeasuredCounts>>;
  },
): Promise<Map<string, RuleResult[]>> {
  // Each group's rows have the relation's columns, the group column among them.
  const schema = await describeRelation(engine, relation);
  const compileOptions = {
    ...options,
    dialect: options.dialect ?? engine.dialect,
    types: Object.fromEntries(schema.map((c) => [c.name, c.type])),
    groupBy: groupColumn,
  };
  const measuredIds = new Set([...(options.measuredByGroup?.values() ?? [])].flatMap((m) => [...m.keys()]));
  const scanned = rules.filter((r) => !measuredIds.has(r.id));
  const measuredOf = (group: string): ReadonlyMap<string, MeasuredCounts> | undefined => {
    const own = options.measuredByGroup?.get(group);
    for (const id of measuredIds) if (!own?.has(id)) throw new Error(`rule ${id} is measured for some groups but not for group ${group}`);
    return own;
  };
  let compiled = compileRules(relation, scanned, compileOptions);
  let scanRows = compiled.scanSql === null ? [] : await engine.query(compiled.scanSql);
  const wanted = new Set(groups);
  if (
    compiled.checksKeyHashes &&
    scanRows.some((row) => wanted.has(String(row[GROUP_COLUMN])) && (toNumber(row[HASH_REPEATS_COLUMN]) ?? 0) > 0)
  ) {
    compiled = compileRules(relation, scanned, { ...compileOptions, exactKeys: true });
    scanRows = compiled.scanSql === null ? [] : await engine.query(compiled.scanSql);
  }
  const byGroup = new Map(scanRows.map((row) => [String(row[GROUP_COLUMN]), row]));
  const history: Record<string, number[]> = Object.fromEntries(
    Object.entries(options.history ?? {}).map(([id, values]) => [id, [...values]]),
  );
  const results = new Map<string, RuleResult[]>();
  for (const group of groups) {
    const scanRow = byGroup.get(group);
    const measured = measuredOf(group);
    const judged =
      scanRow !== undefined || compiled.scanSql === null
        ? inRuleOrder(rules, judgeRules(compiled.rules, scanRow ?? {}, new Map(), schema, { ...options, history }), measured)
        : await evaluateRules(engine, await options.relationOf(group), rules, { ...options, history, measured });
    results.set(group, judged);
    // The next group learns from this one, as a later batch does from an earlier one.
    for (const result of judged) {
      if (
        (result.type === 'DetectAnomalies' || result.type === 'Dynamic') &&
        typeof result.metric === 'number' &&
        Number.isFinite(result.metric)
      )
        (history[result.ruleId] ??= []).push(result.metric);
    }
  }
  return results;
}

function judgeRules(
  compiledRules: readonly CompiledRule[],
  scanRow: Row,
  own: ReadonlyMap<CompiledRule, Row[]>,
  schema: readonly SchemaColumn[],
  options: EvaluateOptions,
): RuleResult[] {
  const judge = (entry: CompiledRule): RuleResult => {
    const { rule } = entry;
    if (entry.measure === 'composite') return judgeComposite(entry.rule, entry.children.map(judge));
    if (entry.measure === 'anomaly' && rule.type === 'DetectAnomalies') {
      const inner = measure(entry.inner);
      if (inner.metric === null) return result(rule, inner, false, effectiveThreshold(rule));
      const verdict = detectAnomaly(inner.metric, options.history?.[rule.id] ?? [], rule.k, rule.minHistory);
      const outcome: RuleOutcome =
        verdict.anomalous === null ? 'warned' : !verdict.anomalous ? 'passed' : rule.severity === 'warn' ? 'warned' : 'failed';
      return {
        ...result(rule, { ...inner, detail: verdict.detail }, outcome === 'passed', verdict.bounds ?? effectiveThreshold(rule)),
        outcome,
      };
    }
    if (entry.measure === 'dynamic' && rule.type === 'Dynamic') {
      const inner = measure(entry.inner);
      if (inner.metric === null) return result(rule, inner, false, effectiveThreshold(rule));
      const verdict = judgeDynamicCondition(inner.metric, rule.condition, options.history?.[rule.id] ?? []);
      // Unresolved bounds (no history yet) warn, as a DetectAnomalies rule still learning does.
      const outcome: RuleOutcome =
        verdict.passed === null ? 'warned' : verdict.passed ? 'passed' : rule.severity === 'warn' ? 'warned' : 'failed';
      return { ...result(rule, { ...inner, detail: verdict.detail }, outcome === 'passed', verdict.threshold), outcome };
    }
    const measured = measure(entry);
    const threshold = effectiveThreshold(rule);
    return result(rule, measured, measured.metric !== null && meetsThreshold(measured.metric, threshold), threshold);
  };
  const measure = (entry: CompiledRule): Measured => {
    const { rule } = entry;
    if (
      entry.measure === 'schema' &&
      (rule.type === 'ColumnCount' ||
        rule.type === 'ColumnExists' ||
        rule.type === 'SchemaMatch' ||
        rule.type === 'ColumnNamesMatchPattern')
    ) {
      return { failingRows: null, ...measureSchemaRule(rule, schema, options.schemas ?? {}) };
    }
    if (entry.measure !== 'ratio' && entry.measure !== 'value')
      return { metric: null, failingRows: null, detail: `${rule.type} has no single measure` };
    const rows = entry.query === undefined ? [scanRow] : (own.get(entry) ?? []);
    if (entry.measure === 'ratio') {
      const considered = toNumber(rows[0]?.[entry.columns.considered]) ?? 0;
      const failingRows = toNumber(rows[0]?.[entry.columns.failing]) ?? 0;
      return { metric: considered === 0 ? 1 : (considered - failingRows) / considered, failingRows };
    }
    if (rows.length !== 1)
      return { metric: null, failingRows: null, detail: `the query returned ${rows.length} rows; it must return exactly one` };
    const value = toNumber(rows[0][entry.columns.value]);
    if (value === null)
      return { metric: null, failingRows: null, detail: 'the measured value is empty or not a number (e.g. no rows to measure)' };
    if (rule.type === 'DataFreshness')
      return { metric: ageOf(value, options.now ?? new Date(), rule.unit, options.calendar), failingRows: null };
    return { metric: value, failingRows: null };
  };
  return compiledRules.filter((entry) => entry.measure !== 'none').map(judge);
}

/** The rules `evaluateRules` leaves out, with why: DQDL this engine keeps but does not evaluate. */
export function notEvaluatedHere(rules: readonly Rule[]): { readonly ruleId: string; readonly reason: string }[] {
  return rules.flatMap((rule) => (rule.type === 'NotEvaluated' ? [{ ruleId: rule.id, reason: rule.reason }] : []));
}

export function summariseResults(results: readonly RuleResult[]): QualitySummary {
  const passed = results.filter((r) => r.outcome === 'passed').length;
  const warned = results.filter((r) => r.outcome === 'warned').length;
  const failed = results.filter((r) => r.outcome === 'failed').length;
  return { total: results.length, passed, warned, failed, score: qualityScore({ passed, failed }) };
}

/** The relation's columns and types (DESCRIBE reads metadata only). */
export async function describeRelation(engine: Engine, relation: string): Promise<SchemaColumn[]> {
  const rows = await engine.query<{ column_name: string; column_type: string }>(`DESCRIBE ${sqlQualifiedName(relation)}`);
  return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
}

function judgeComposite(rule: Rule, children: readonly RuleResult[]): RuleResult {
  const passes = children.map((c) => c.outcome === 'passed');
  const passed = rule.type === 'Composite' && rule.operator === 'or' ? passes.some(Boolean) : passes.every(Boolean);
  const failedIds = children.filter((c) => c.outcome !== 'passed').map((c) => c.ruleId);
  const operator = rule.type === 'Composite' ? rule.operator : 'and';
  const detail = `${operator}: ${passes.filter(Boolean).length} of ${children.length} passed${failedIds.length ? ` (not passed: ${failedIds.join(', ')})` : ''}`;
  return result(rule, { metric: passed ? 1 : 0, failingRows: null, detail }, passed, effectiveThreshold(rule));
}

function result(rule: Rule, measured: Measured, passed: boolean, threshold: Threshold): RuleResult {
  const outcome: RuleOutcome = passed ? 'passed' : rule.severity === 'warn' ? 'warned' : 'failed';
  return {
    ruleId: rule.id,
    type: rule.type,
    severity: rule.severity,
    outcome,
    metric: measured.metric,
    threshold,
    failingRows: measured.failingRows,
    ...(measured.detail ? { detail: measured.detail } : {}),
  };
}

function ageOf(epochSeconds: number, now: Date, unit: 'minutes' | 'hours' | 'days', calendar: AcademicCalendar | undefined): number {
  const newest = new Date(epochSeconds * 1000);
  const hours = calendar ? teachingHoursBetween(calendar, newest, now) : (now.getTime() - newest.getTime()) / 3_600_000;
  return unit === 'days' ? hours / 24 : unit === 'minutes' ? hours * 60 : hours;
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}
