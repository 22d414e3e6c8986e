import type { ColumnSpec } from '../column-spec';
import type { DatasetContract } from '../dataset-contract';
import { describeRowRule } from '../row-rule';

/** The per-column checks a contract implies; each has a stable rule id. */
export type ColumnCheck = 'required' | 'type' | 'pattern' | 'enum' | 'range' | 'length' | 'format';

export function columnRuleId(contract: DatasetContract, column: ColumnSpec, check: ColumnCheck): string {
  return `${contract.name}.${column.name}.${check}`;
}

/** Person-readable reason for a rule. Never includes a value, so it can hold no PII. */
export function columnRuleReason(column: ColumnSpec, check: ColumnCheck): string {
  switch (check) {
    case 'required':
      return `${column.name} is required`;
    case 'type':
      return `${column.name} is not a valid ${column.type === 'date' ? 'date (YYYY-MM-DD)' : column.type === 'timestamp' ? 'ISO 8601 timestamp' : column.type}`;
    case 'pattern':
      return `${column.name} does not match ${column.pattern}`;
    case 'enum':
      return `${column.name} is not one of ${(column.values ?? []).join(', ')}`;
    case 'range':
      return `${column.name} is outside ${column.min ?? '-∞'}..${column.max ?? '∞'}`;
    case 'length':
      return `${column.name} length is outside ${column.minLength ?? 0}..${column.maxLength ?? '∞'}`;
    case 'format':
      return `${column.name} is not a valid ${column.format === 'email' ? 'e-mail address' : 'ISO 3166-1 alpha-2 country code'}`;
  }
}

/** Which checks apply to a column, in evaluation order. */
export function columnChecks(column: ColumnSpec): ColumnCheck[] {
  const checks: ColumnCheck[] = [];
  if (column.required) checks.push('required');
  if (['integer', 'decimal', 'date', 'timestamp'].includes(column.type)) checks.push('type');
  if (column.pattern) checks.push('pattern');
  if (column.type === 'enum') checks.push('enum');
  if (column.min !== undefined || column.max !== undefined) checks.push('range');
  if (column.minLength !== undefined || column.maxLength !== undefined) checks.push('length');
  if (column.format) checks.push('format');
  return checks;
}

export interface ContractRule {
  id: string;
  column: string;
  reason: string;
}

/** Every row-level rule of a contract with its id and reason (for docs, quality and quarantine). */
export function contractRules(contract: DatasetContract): ContractRule[] {
  const rules: ContractRule[] = [];
  for (const column of contract.columns) {
    for (const check of columnChecks(column)) {
      rules.push({ id: columnRuleId(contract, column, check), column: column.name, reason: columnRuleReason(column, check) });
    }
  }
  for (const rule of contract.rowRules) {
    rules.push({ id: rule.id, column: rule.column, reason: describeRowRule(rule) });
  }
  return rules;
}
