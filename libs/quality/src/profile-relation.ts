import { sqlQualifiedName, type Engine, type Row } from '@acad/engine';
import type { DatasetContract } from '@acad/schemas';
import { describeRelation } from './evaluate-rules';
import { maskValue } from './mask-values';
import { detectPii, maskByKind, type PiiFinding, type PiiValueEvidence } from './pii-detector';
import { columnStatisticsSql, correlationsSql, frequenciesSql, histogramSql, isNumericType, isPlatformColumn } from './profile-sql';
import type { Rule } from './rule';
import { suggestRules } from './suggest-rules';
import { toDqdl } from './to-dqdl';

export interface ValueCount {
  readonly value: string;
  readonly count: number;
}

export interface ColumnProfile {
  readonly name: string;
  readonly type: string;
  /** Rows, missing (null or blank) and distinct values. */
  readonly count: number;
  readonly missing: number;
  readonly distinct: number;
  /** Masked for PII columns. */
  readonly min: string | null;
  readonly max: string | null;
  readonly mean: number | null;
  readonly median: number | null;
  readonly standardDeviation: number | null;
  readonly quantiles: { readonly p25: number; readonly p50: number; readonly p75: number; readonly p95: number } | null;
  /** Most frequent values (masked for PII; omitted, with `topValuesNote`, when protected). */
  readonly topValues: readonly ValueCount[];
  readonly topValuesNote?: string;
  readonly histogram: ReadonlyArray<{ readonly from: number; readonly to: number; readonly count: number }> | null;
  readonly length: { readonly min: number; readonly max: number; readonly mean: number } | null;
  /** Most frequent shapes: letters as A, digits as 9, e.g. `A9999999`. */
  readonly patterns: readonly ValueCount[];
  readonly pii: PiiFinding | null;
}

export interface DatasetProfile {
  readonly relation: string;
  readonly profiledAt: string;
  readonly rows: number;
  readonly columns: readonly ColumnProfile[];
  readonly correlations: ReadonlyArray<{ readonly columns: readonly [string, string]; readonly pearson: number | null }>;
  readonly suggestedRules: readonly Rule[];
  /** The suggested rules as a DQDL ruleset. */
  readonly suggestedDqdl: string;
}

export interface ProfileOptions {
  /** The dataset's contract: its PII classes count as evidence and its name prefixes suggested rule ids. */
  readonly contract?: DatasetContract;
  readonly topValues?: number;
  readonly bins?: number;
  readonly now?: Date;
}

/**
 * The DataBrew profile job's content for a relation, computed in SQL on the engine: one
 * aggregate scan for the column statistics and PII value shares, one statement for top values
 * and patterns, one for histograms and one for correlations. PII values never leave masked.
 */
export async function profileRelation(engine: Engine, relation: string, options: ProfileOptions = {}): Promise<DatasetProfile> {
  const relationSql = sqlQualifiedName(relation);
  const schema = await describeRelation(engine, relation);
  const top = options.topValues ?? 5;
  const bins = options.bins ?? 10;
  const [stats] = await engine.query(columnStatisticsSql(relationSql, schema));
  const rows = num(stats.row_count) ?? 0;
  // Ten values are fetched so that small enumerations are known whole for the suggested rules.
  const frequencies = schema.length === 0 ? [] : await engine.query(frequenciesSql(relationSql, schema, Math.max(top, 10)));
  const numeric = schema
    .map((c, index) => ({ index, name: c.name, min: num(stats[`c${index}_min`]), max: num(stats[`c${index}_max`]) }))
    .filter((c) => isNumericType(schema[c.index].type) && c.min !== null && c.max !== null) as Array<{
    index: number;
    name: string;
    min: number;
    max: number;
  }>;
  const histogramRows = numeric.length === 0 ? [] : await engine.query(histogramSql(relationSql, numeric, bins));

  const columns = schema.map((column, i): ColumnProfile => {
    const s = (stat: string): unknown => stats[`c${i}_${stat}`];
    const present = num(s('present')) ?? 0;
    const contractColumn = options.contract?.columns.find((c) => c.name === column.name);
    const evidence: PiiValueEvidence = {
      email: num(s('pii_email')) ?? 0,
      phone: num(s('pii_phone')) ?? 0,
      name: num(s('pii_name')) ?? 0,
      dateOfBirth: num(s('pii_dateOfBirth')) ?? 0,
      nationalId: num(s('pii_nationalId')) ?? 0,
      encrypted: num(s('pii_encrypted')) ?? 0,
      tokenized: num(s('pii_tokenized')) ?? 0,
      distinctRatio: present === 0 ? 0 : (num(s('distinct')) ?? 0) / present,
    };
    const pii = detectPii(column.name, present === 0 ? null : evidence, contractColumn?.pii);
    const safe = (value: unknown): string | null =>
      value === null || value === undefined ? null : pii ? piiMask(String(value), pii, contractColumn) : String(value);
    const counts = (kind: string): ValueCount[] =>
      frequencies.filter((f) => f.col === i && f.kind === kind).map((f) => ({ value: String(f.value), count: num(f.n) ?? 0 }));
    const quantiles = s('quantiles');
    const numericColumn = numeric.find((n) => n.index === i);
    return {
      name: column.name,
      type: column.type,
      count: rows,
      missing: rows - present,
      distinct: num(s('distinct')) ?? 0,
      min: safe(s('min')),
      max: safe(s('max')),
      mean: num(s('mean')),
      median: num(s('median')),
      standardDeviation: num(s('stddev')),
      quantiles: Array.isArray(quantiles)
        ? { p25: Number(quantiles[0]), p50: Number(quantiles[1]), p75: Number(quantiles[2]), p95: Number(quantiles[3]) }
        : null,
      ...topValues(counts('value').slice(0, top), pii, safe),
      histogram: numericColumn ? histogram(histogramRows, numericColumn, bins) : null,
      length: present === 0 ? null : { min: num(s('len_min')) ?? 0, max: num(s('len_max')) ?? 0, mean: num(s('len_mean')) ?? 0 },
      // The shape of ciphertext says nothing about the data.
      patterns: pii?.protection === 'encrypted' ? [] : counts('pattern').slice(0, top),
      pii,
    };
  });

  const pairs: Array<[string, string]> = [];
  const measured = numeric.filter((c) => !isPlatformColumn(c.name));
  for (let a = 0; a < measured.length; a += 1)
    for (let b = a + 1; b < measured.length; b += 1) pairs.push([measured[a].name, measured[b].name]);
  const [corr] = pairs.length === 0 ? [{} as Row] : await engine.query(correlationsSql(relationSql, pairs));
  const correlations = pairs.map((columns, i) => ({ columns, pearson: num(corr[`r${i}`]) }));

  const allValues = new Map(
    schema.map((c, i) => [c.name, frequencies.filter((f) => f.col === i && f.kind === 'value').map((f) => String(f.value))]),
  );
  const profile = { relation, profiledAt: (options.now ?? new Date()).toISOString(), rows, columns, correlations };
  const suggestedRules = suggestRules(profile, { prefix: options.contract?.name ?? 'suggested', values: allValues });
  return { ...profile, suggestedRules, suggestedDqdl: toDqdl(suggestedRules) };
}

function topValues(
  values: ValueCount[],
  pii: PiiFinding | null,
  safe: (v: unknown) => string | null,
): Pick<ColumnProfile, 'topValues' | 'topValuesNote'> {
  if (!pii) return { topValues: values };
  if (pii.protection) return { topValues: [], topValuesNote: `omitted: ${pii.label}` };
  return {
    topValues: values.map((v) => ({ value: safe(v.value) ?? '', count: v.count })),
    topValuesNote: `masked: ${pii.label} (${pii.kind})`,
  };
}

function piiMask(
  value: string,
  pii: PiiFinding,
  contractColumn: { name: string; pii: string; format?: string; type?: string } | undefined,
): string {
  if (pii.protection === 'tokenized') return value;
  const masked = contractColumn && contractColumn.pii !== 'none' ? maskValue(value, contractColumn) : maskByKind(value, pii.kind);
  return String(masked);
}

function histogram(
  rows: readonly Row[],
  column: { index: number; min: number; max: number },
  bins: number,
): Array<{ from: number; to: number; count: number }> {
  const width = column.max > column.min ? (column.max - column.min) / bins : 1;
  const counts = new Map(rows.filter((r) => r.col === column.index).map((r) => [num(r.bin) ?? 0, num(r.n) ?? 0]));
  return Array.from({ length: bins }, (_, bin) => ({
    from: column.min + bin * width,
    to: column.min + (bin + 1) * width,
    count: counts.get(bin) ?? 0,
  }));
}

function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}
