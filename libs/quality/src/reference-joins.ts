import { sqlIdentifier, sqlQualifiedName } from '@acad/engine';
import type { ReferentialIntegrityRule } from './rule';

/**
 * ReferentialIntegrity as LEFT JOINs of the reference keys to the relation measured (a value
 * grouping, see ValueGroups): each distinct check (reference relation, its columns, the
 * relation's columns) joins the reference's DISTINCT keys once, so a row matches at most one key
 * and the row count is unchanged. The joined columns have names of their own, so the rules'
 * unqualified column names still mean the measured relation's columns.
 *
 * Same counts as `NOT EXISTS (SELECT 1 FROM reference WHERE keys = the row's values)`: equality
 * never matches a null, and only rows with every column present are considered.
 */
export class ReferenceJoins {
  private readonly aliases = new Map<string, string>();
  private readonly joins: string[] = [];

  constructor(private readonly references: Readonly<Record<string, string>> = {}) {}

  /** Predicates of the rows `rule` considers (every column present) and of those it fails (no reference key equal to them). */
  measure(rule: ReferentialIntegrityRule): { considered: string; failing: string } {
    const alias = this.join(rule);
    const present = rule.columns.map((c) => `${sqlIdentifier(c)} IS NOT NULL`).join(' AND ');
    return { considered: present, failing: `${present} AND ${sqlIdentifier(`${alias}_hit`)} IS NULL` };
  }

  /**
   * Rows that break `rule`, as a predicate on the relation aliased `row` (for sampling them):
   * every column present and no reference key equal to them.
   */
  failsWhere(rule: ReferentialIntegrityRule, row: string): string {
    const relationSql = sqlQualifiedName(this.references[rule.reference.dataset] ?? rule.reference.dataset);
    const column = (c: string) => `${sqlIdentifier(row)}.${sqlIdentifier(c)}`;
    const present = rule.columns.map((c) => `${column(c)} IS NOT NULL`).join(' AND ');
    const matches = rule.columns.map((c, i) => `__acad_ref.${sqlIdentifier(rule.reference.columns[i])} = ${column(c)}`).join(' AND ');
    return `${present} AND NOT EXISTS (SELECT 1 FROM ${relationSql} AS __acad_ref WHERE ${matches})`;
  }

  /** The joins to append after the relation in FROM, or '' when no rule needs one. */
  fromClause(): string {
    return this.joins.map((join) => `\n${join}`).join('');
  }

  private join(rule: ReferentialIntegrityRule): string {
    const relationSql = sqlQualifiedName(this.references[rule.reference.dataset] ?? rule.reference.dataset);
    const key = JSON.stringify([relationSql, rule.reference.columns, rule.columns]);
    const existing = this.aliases.get(key);
    if (existing !== undefined) return existing;
    const alias = `__acad_ref_${this.aliases.size}`;
    const keyName = (i: number): string => sqlIdentifier(`${alias}_k${i}`);
    const keys = rule.reference.columns.map((c, i) => `${sqlIdentifier(c)} AS ${keyName(i)}`).join(', ');
    const matches = rule.columns.map((c, i) => `${keyName(i)} = ${sqlIdentifier(c)}`).join(' AND ');
    this.aliases.set(key, alias);
    this.joins.push(
      `LEFT JOIN (SELECT DISTINCT ${keys}, TRUE AS ${sqlIdentifier(`${alias}_hit`)} FROM ${relationSql}) AS ${sqlIdentifier(alias)} ON ${matches}`,
    );
    return alias;
  }
}
