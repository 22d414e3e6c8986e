import type { ColumnProfile, DatasetProfile } from './profile-relation';
import { isPlatformColumn } from './profile-sql';
import type { Rule } from './rule';

export interface SuggestOptions {
  /** Prefix of the suggested rule ids, e.g. the dataset name. */
  readonly prefix: string;
  /** Up to ten most frequent values per column: all of them when a column has ten or fewer. */
  readonly values: ReadonlyMap<string, readonly string[]>;
}

const MAX_ENUM_VALUES = 10;

/**
 * Rules the profile says the data meets today, as DataBrew and Glue recommendations do:
 * non-empty and a row-count anomaly watch; completeness as seen; uniqueness where every value
 * is distinct; small value sets; numeric ranges; a single text shape as a pattern; maximum
 * lengths. PII columns get no value, range or pattern rule: that would write PII into a ruleset.
 */
export function suggestRules(profile: Omit<DatasetProfile, 'suggestedRules' | 'suggestedDqdl'>, options: SuggestOptions): Rule[] {
  const id = (...parts: string[]): string => [options.prefix, ...parts].join('.');
  const rules: Rule[] = [
    { id: id('row_count'), severity: 'error', type: 'RowCount', threshold: { op: '>', value: 0 } },
    { id: id('row_count', 'anomaly'), severity: 'warn', type: 'DetectAnomalies', metric: { type: 'RowCount' }, k: 3, minHistory: 5 },
  ];
  for (const column of profile.columns) {
    if (isPlatformColumn(column.name)) continue;
    rules.push(...columnRules(column, options.values.get(column.name) ?? [], (...parts) => id(column.name, ...parts)));
  }
  return rules;
}

function columnRules(column: ColumnProfile, values: readonly string[], id: (...parts: string[]) => string): Rule[] {
  const rules: Rule[] = [];
  const present = column.count - column.missing;
  if (column.count > 0 && column.missing === 0)
    rules.push({ id: id('complete'), severity: 'error', type: 'IsComplete', column: column.name });
  else if (present > 0)
    rules.push({
      id: id('completeness'),
      severity: 'warn',
      type: 'Completeness',
      column: column.name,
      threshold: { op: '>=', value: Math.floor((present / column.count) * 100) / 100 },
    });
  if (present > 1 && column.distinct === present && column.pii?.protection !== 'encrypted')
    rules.push({ id: id('unique'), severity: 'error', type: 'IsUnique', column: column.name });
  if (column.pii || present === 0) return rules;
  const optional = column.missing > 0 ? { where: `${column.name} IS NOT NULL` } : {};
  const plain = /^[a-z_][a-z0-9_]*$/.test(column.name);
  if (column.mean !== null && column.min !== null && column.max !== null) {
    rules.push({
      id: id('range'),
      severity: 'error',
      type: 'ColumnValues',
      column: column.name,
      condition: { kind: 'compare', threshold: { op: '>=', value: Number(column.min) } },
      ...(plain ? optional : {}),
    });
    rules.push({
      id: id('range', 'max'),
      severity: 'error',
      type: 'ColumnValues',
      column: column.name,
      condition: { kind: 'compare', threshold: { op: '<=', value: Number(column.max) } },
      ...(plain ? optional : {}),
    });
    return rules;
  }
  if (column.distinct > 0 && column.distinct <= MAX_ENUM_VALUES && values.length === column.distinct && column.distinct < present) {
    rules.push({
      id: id('values'),
      severity: 'error',
      type: 'ColumnValues',
      column: column.name,
      condition: { kind: 'in', values: [...values], allowNull: column.missing > 0 },
    });
  }
  const [shape] = column.patterns;
  if (shape && shape.count === present && column.patterns.length === 1) {
    rules.push({
      id: id('pattern'),
      severity: 'error',
      type: 'ColumnValues',
      column: column.name,
      condition: { kind: 'matches', pattern: patternRegex(shape.value) },
      ...(plain ? optional : {}),
    });
  }
  if (column.length)
    rules.push({
      id: id('length'),
      severity: 'warn',
      type: 'ColumnLength',
      column: column.name,
      length: { op: '<=', value: column.length.max },
      ...(plain ? optional : {}),
    });
  return rules;
}

/** `AA999-A` → `^[A-Za-z]{2}[0-9]{3}-[A-Za-z]$`. */
export function patternRegex(shape: string): string {
  const runs = shape.match(/A+|9+|[^A9]+/g) ?? [];
  const body = runs
    .map((run) => {
      if (run[0] === 'A') return `[A-Za-z]${quantifier(run.length)}`;
      if (run[0] === '9') return `[0-9]${quantifier(run.length)}`;
      return run.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return `^${body}$`;
}

function quantifier(n: number): string {
  return n === 1 ? '' : `{${n}}`;
}
