import { z } from 'zod';
import type { ColumnSpec } from '../column-spec';
import { COUNTRY_ALPHA2_CODES } from '../country-codes';
import type { DatasetContract } from '../dataset-contract';
import type { RowRule } from '../row-rule';
import { columnRuleId } from './rule-ids';
import { DATE_PATTERN, DECIMAL_PATTERN, EMAIL_PATTERN, INTEGER_PATTERN, TIMESTAMP_PATTERN, isCalendarDate } from './value-formats';

export type TypedValue = string | number | null;
export type TypedRow = Record<string, TypedValue>;
/** A row as read from a file: column name → cell text. */
export type RawRow = Record<string, string | null | undefined>;

const countries = new Set(COUNTRY_ALPHA2_CODES);

function calendarDay(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  return isCalendarDate(y, m, d);
}

/** The zod schema of one column, over its trimmed text (null when empty). */
export function compileColumnSchema(contract: DatasetContract, column: ColumnSpec): z.ZodType<TypedValue, string | null> {
  const id = (check: Parameters<typeof columnRuleId>[2]) => ({ error: columnRuleId(contract, column, check) });
  let text = column.required ? z.string(id('required')) : z.string();
  if (column.pattern) text = text.regex(new RegExp(column.pattern), id('pattern'));
  if (column.minLength !== undefined) text = text.min(column.minLength, id('length'));
  if (column.maxLength !== undefined) text = text.max(column.maxLength, id('length'));
  if (column.format === 'email') text = text.regex(new RegExp(EMAIL_PATTERN), id('format'));

  const ranged = (n: z.ZodNumber): z.ZodNumber => {
    if (column.min !== undefined) n = n.min(column.min, id('range'));
    if (column.max !== undefined) n = n.max(column.max, id('range'));
    return n;
  };
  let typed: z.ZodType<TypedValue, string>;
  switch (column.type) {
    case 'text':
      typed =
        column.format === 'country-alpha2'
          ? text.refine((v) => countries.has(v.toUpperCase()), id('format')).transform((v) => v.toUpperCase())
          : text;
      break;
    case 'enum':
      typed = text.refine((v) => (column.values ?? []).includes(v.toLowerCase()), id('enum')).transform((v) => v.toLowerCase());
      break;
    case 'integer':
      typed = text.regex(new RegExp(INTEGER_PATTERN), id('type')).transform(Number).pipe(ranged(z.number()));
      break;
    case 'decimal':
      typed = text.regex(new RegExp(DECIMAL_PATTERN), id('type')).transform(Number).pipe(ranged(z.number()));
      break;
    case 'date':
      typed = text.regex(new RegExp(DATE_PATTERN), id('type')).refine(calendarDay, id('type'));
      break;
    case 'timestamp':
      typed = text.regex(new RegExp(TIMESTAMP_PATTERN), id('type')).refine(calendarDay, id('type'));
      break;
  }
  return column.required ? typed : typed.nullable();
}

/** Whole years between two ISO dates, as the SQL compiler computes them. */
function wholeYears(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return ty - fy - (tm * 100 + td < fm * 100 + fd ? 1 : 0);
}

/**
 * The value a row rule sees: the text converted by type alone (no pattern or range checks),
 * mirroring the SQL compiler's `typedExpression`.
 */
function typedForRowRule(column: ColumnSpec | undefined, text: string | null | undefined): TypedValue {
  if (!column || text == null) return null;
  switch (column.type) {
    case 'text':
      return column.format === 'country-alpha2' ? text.toUpperCase() : text;
    case 'enum':
      return text.toLowerCase();
    case 'integer':
      return new RegExp(INTEGER_PATTERN).test(text) ? Number(text) : null;
    case 'decimal':
      return new RegExp(DECIMAL_PATTERN).test(text) ? Number(text) : null;
    case 'date':
    case 'timestamp':
      return new RegExp(column.type === 'date' ? DATE_PATTERN : TIMESTAMP_PATTERN).test(text) && calendarDay(text) ? text : null;
  }
}

function rowRuleHolds(contract: DatasetContract, rule: RowRule, text: RawRow): boolean {
  const typed: TypedRow = {};
  for (const name of [rule.column, 'when' in rule ? rule.when : '', 'other' in rule ? rule.other : '', 'at' in rule ? rule.at : '']) {
    if (name)
      typed[name] = typedForRowRule(
        contract.columns.find((c) => c.name === name),
        text[name],
      );
  }
  switch (rule.kind) {
    case 'required-when': {
      const matches = typed[rule.when] === rule.equals;
      const value = typed[rule.column];
      if (matches) return text[rule.column] != null;
      return value === null || value === undefined || (rule.otherwiseNullOr !== undefined && value === rule.otherwiseNullOr);
    }
    case 'not-before': {
      const a = typed[rule.column];
      const b = typed[rule.other];
      return a == null || b == null || String(a) >= String(b);
    }
    case 'age-between': {
      const birth = typed[rule.column];
      const at = typed[rule.at];
      if (birth == null || at == null) return true;
      const age = wholeYears(String(birth), String(at));
      return age >= rule.min && age <= rule.max;
    }
  }
}

export interface RowVerdict {
  valid: boolean;
  /** Rule ids broken by the row, as in the SQL validator's `_violations`. */
  violations: string[];
  /** Typed values; null where a value is missing or invalid. */
  row: TypedRow;
}

/** Trims cells and turns empty ones into null (PRODUCT.md §4). */
export function normaliseCells(contract: DatasetContract, raw: RawRow): RawRow {
  const out: RawRow = {};
  for (const c of contract.columns) {
    const v = raw[c.name];
    const trimmed = typeof v === 'string' ? v.trim() : null;
    out[c.name] = trimmed === '' ? null : trimmed;
  }
  return out;
}

/** Validates one raw row against the contract's zod schemas and row rules. */
export function validateRow(contract: DatasetContract, raw: RawRow): RowVerdict {
  const text = normaliseCells(contract, raw);
  const violations: string[] = [];
  const row: TypedRow = {};
  for (const column of contract.columns) {
    const result = compileColumnSchema(contract, column).safeParse(text[column.name] ?? null);
    if (result.success) {
      row[column.name] = result.data;
    } else {
      row[column.name] = null;
      for (const issue of result.error.issues) if (!violations.includes(issue.message)) violations.push(issue.message);
    }
  }
  for (const rule of contract.rowRules) {
    if (!rowRuleHolds(contract, rule, text)) violations.push(rule.id);
  }
  return { valid: violations.length === 0, violations, row };
}

/** The zod object schema of a whole row (row rules included), for typed parsing in JS. */
export function compileZodSchema(contract: DatasetContract) {
  const shape = Object.fromEntries(contract.columns.map((c) => [c.name, compileColumnSchema(contract, c)]));
  return z.object(shape).superRefine((row, ctx) => {
    for (const rule of contract.rowRules) {
      if (!rowRuleHolds(contract, rule, row as RawRow)) ctx.addIssue({ code: 'custom', message: rule.id, path: [rule.column] });
    }
  });
}
