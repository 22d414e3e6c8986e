import { sqlIdentifier, sqlString } from '@acad/engine';
import { PII_VALUE_PREDICATES } from './pii-detector';
import type { SchemaColumn } from './schema-rules';

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;

export function isNumericType(type: string): boolean {
  return NUMERIC_TYPE.test(type.trim());
}

/** The value as text, trimmed, empty as null: what patterns, lengths and PII checks look at. */
function text(column: string): string {
  return `nullif(trim(CAST(${sqlIdentifier(column)} AS VARCHAR)), '')`;
}

/**
 * One aggregate SELECT over the relation with every column's statistics: counts, distinct,
 * min/max, numeric moments and quantiles, text lengths and the PII value shares.
 * Column i's results are named `c<i>_<stat>`.
 */
export function columnStatisticsSql(relationSql: string, columns: readonly SchemaColumn[]): string {
  const select: string[] = ['count(*) AS row_count'];
  columns.forEach((column, i) => {
    const c = sqlIdentifier(column.name);
    const v = text(column.name);
    const p = `c${i}_`;
    select.push(
      `count(${v}) AS ${p}present`,
      `count(DISTINCT ${c}) AS ${p}distinct`,
      `CAST(min(${c}) AS VARCHAR) AS ${p}min`,
      `CAST(max(${c}) AS VARCHAR) AS ${p}max`,
      `min(length(${v})) AS ${p}len_min`,
      `max(length(${v})) AS ${p}len_max`,
      `avg(length(${v})) AS ${p}len_mean`,
    );
    if (isNumericType(column.type)) {
      const x = `CAST(${c} AS DOUBLE)`;
      select.push(
        `avg(${x}) AS ${p}mean`,
        `median(${x}) AS ${p}median`,
        `stddev_samp(${x}) AS ${p}stddev`,
        `quantile_cont(${x}, [0.25, 0.5, 0.75, 0.95]) AS ${p}quantiles`,
      );
    }
    for (const [kind, predicate] of Object.entries(PII_VALUE_PREDICATES)) {
      // `v` in the predicate is the column's text value.
      select.push(
        `avg(CASE WHEN ${v} IS NULL THEN NULL WHEN coalesce(${predicate.replace(/\bv\b/g, v)}, FALSE) THEN 1.0 ELSE 0.0 END) AS ${p}pii_${kind}`,
      );
    }
  });
  return `SELECT\n  ${select.join(',\n  ')}\nFROM ${relationSql}`;
}

/** The `limit` most frequent values and text patterns (letters → A, digits → 9) of each column, in one statement. */
export function frequenciesSql(relationSql: string, columns: readonly SchemaColumn[], limit: number): string {
  const parts: string[] = [];
  columns.forEach((column, i) => {
    const v = text(column.name);
    const pattern = `regexp_replace(regexp_replace(${v}, '[A-Za-z]', 'A', 'g'), '[0-9]', '9', 'g')`;
    for (const [kind, expr] of [
      ['value', v],
      ['pattern', pattern],
    ] as const) {
      parts.push(
        `(SELECT ${i} AS col, ${sqlString(kind)} AS kind, ${expr} AS value, count(*) AS n FROM ${relationSql} WHERE ${v} IS NOT NULL GROUP BY 3 ORDER BY n DESC, value LIMIT ${limit})`,
      );
    }
  });
  return parts.join('\nUNION ALL\n');
}

/** The platform's own columns (`_batch_id`, `_row_number`, `_fingerprint`…): profiled, but no rule or correlation is about them. */
export function isPlatformColumn(name: string): boolean {
  return name.startsWith('_');
}

/** Ten equal-width bins between each numeric column's min and max, in one statement. */
export function histogramSql(
  relationSql: string,
  columns: ReadonlyArray<{ index: number; name: string; min: number; max: number }>,
  bins: number,
): string {
  return columns
    .map(({ index, name, min, max }) => {
      const x = `CAST(${sqlIdentifier(name)} AS DOUBLE)`;
      const width = max > min ? (max - min) / bins : 1;
      return `(SELECT ${index} AS col, least(CAST(floor((${x} - ${min}) / ${width}) AS INTEGER), ${bins - 1}) AS bin, count(*) AS n FROM ${relationSql} WHERE ${x} IS NOT NULL GROUP BY 2)`;
    })
    .join('\nUNION ALL\n');
}

/** Pearson correlation (DuckDB `corr`) of every pair of numeric columns, in one scan. */
export function correlationsSql(relationSql: string, pairs: ReadonlyArray<[string, string]>): string {
  const select = pairs.map(([a, b], i) => `corr(CAST(${sqlIdentifier(a)} AS DOUBLE), CAST(${sqlIdentifier(b)} AS DOUBLE)) AS r${i}`);
  return `SELECT ${select.join(', ')} FROM ${relationSql}`;
}
