import { COUNTRY_ALPHA2_CODES, columnRuleId, type ColumnSpec, type DatasetContract } from '@acad/schemas';
import { datasetExtraRules } from './dataset-extra-rules';
import { InvalidRule } from './quality-errors';
import type { ColumnLengthRule, ColumnValuesRule, Rule, Threshold, ValueCondition } from './rule';

/**
 * Dataset-level rules a contract implies for its trusted relation, so no rule is written twice:
 * IsComplete per required column, IsPrimaryKey on the key (trusted holds one row per key),
 * ColumnValues for enums, patterns, country codes and ranges, ColumnLength for lengths.
 *
 * Values of `identifier` and `direct` PII columns are tokenized or encrypted in trusted, so
 * checks on their plaintext form (pattern, format, range, length) are left to validation
 * before trusted; completeness and keys still hold for tokens.
 */
export function rulesFromContract(contract: DatasetContract): Rule[] {
  const rules: Rule[] = [];
  for (const column of contract.columns) {
    if (column.required)
      rules.push({ type: 'IsComplete', id: columnRuleId(contract, column, 'required'), severity: 'error', column: column.name });
  }
  if (contract.key.length > 0) {
    rules.push({ type: 'IsPrimaryKey', id: `${contract.name}.key`, severity: 'error', columns: [...contract.key] });
  }
  for (const column of contract.columns) {
    rules.push(...valueRules(contract, column));
  }
  return rules;
}

/** Contract rules plus the dataset's extra rules from its rules file (row count, references). */
export function datasetRules(contract: DatasetContract): Rule[] {
  return [...rulesFromContract(contract), ...datasetExtraRules(contract.name)];
}

function valueRules(contract: DatasetContract, column: ColumnSpec): Rule[] {
  const rules: Rule[] = [];
  const allowNull = !column.required;
  const values = (id: string, condition: ValueCondition): ColumnValuesRule => ({
    type: 'ColumnValues',
    id,
    severity: 'error',
    column: column.name,
    condition,
    // DQDL fails null values in `matches` and comparisons; optional columns exclude them.
    ...(allowNull && condition.kind !== 'in' ? { where: `${bareIdentifier(column.name)} IS NOT NULL` } : {}),
  });

  if (column.type === 'enum' && column.values) {
    rules.push(values(columnRuleId(contract, column, 'enum'), { kind: 'in', values: [...column.values], allowNull }));
  }
  if (column.pii === 'identifier' || column.pii === 'direct') return rules;

  if (column.pattern) rules.push(values(columnRuleId(contract, column, 'pattern'), { kind: 'matches', pattern: column.pattern }));
  if (column.format === 'country-alpha2') {
    rules.push(values(columnRuleId(contract, column, 'format'), { kind: 'in', values: [...COUNTRY_ALPHA2_CODES], allowNull }));
  }
  // Contract bounds are inclusive and DQDL `between` is exclusive, so each bound is its own rule.
  const rangeId = columnRuleId(contract, column, 'range');
  if (column.min !== undefined) rules.push(values(`${rangeId}.min`, { kind: 'compare', threshold: { op: '>=', value: column.min } }));
  if (column.max !== undefined) rules.push(values(`${rangeId}.max`, { kind: 'compare', threshold: { op: '<=', value: column.max } }));

  const lengthId = columnRuleId(contract, column, 'length');
  const length = (id: string, threshold: Threshold): ColumnLengthRule => ({
    type: 'ColumnLength',
    id,
    severity: 'error',
    column: column.name,
    length: threshold,
    ...(allowNull ? { where: `${bareIdentifier(column.name)} IS NOT NULL` } : {}),
  });
  if (column.minLength !== undefined) rules.push(length(`${lengthId}.min`, { op: '>=', value: column.minLength }));
  if (column.maxLength !== undefined) rules.push(length(`${lengthId}.max`, { op: '<=', value: column.maxLength }));
  return rules;
}

/**
 * `where` predicates run on Spark SQL in Glue (where "x" is a string literal) and on DuckDB here;
 * a bare lower-case identifier means the column in both.
 */
function bareIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new InvalidRule(name, 'a column used in a where predicate must be a snake_case name');
  return name;
}
