import { sqlIdentifier } from '@acad/engine';
import { GROUP_COLUMN } from './key-groups';
import { ReferenceJoins } from './reference-joins';
import type { ReferentialIntegrityRule, Rule } from './rule';

/** Name of the column counting the rows of each distinct value in a grouping. */
const ROWS_COLUMN = '__acad_rows';

interface Grouping {
  readonly name: string;
  readonly columns: readonly string[];
  readonly references: ReferenceJoins;
  readonly selectList: string[];
}

/**
 * Rules measured on the distinct values of a few columns instead of on every row: the relation
 * is grouped by the columns of each ReferentialIntegrity rule (a fact's references to courses or
 * students repeat a few hundred or thousand values over millions of rows), the reference is
 * joined to the groups, and a row count is the sum of the groups' counts. A rule whose failing
 * rows depend only on one of those columns' values (a pattern, a length, completeness) is judged
 * once per value there too. Same counts as per row: every row of a group has the same values.
 *
 * Each grouping is a part of the scan statement of its own (`parts`); per scan group
 * (`groupColumn`, e.g. a batch), the groups are per scan group as well.
 */
export class ValueGroups {
  private readonly groupings: Grouping[] = [];

  constructor(
    private readonly relationSql: string,
    private readonly references: Readonly<Record<string, string>> | undefined,
    /** The scan's group, qualified with the relation; each part returns it as GROUP_COLUMN. */
    private readonly groupColumn?: string,
  ) {}

  /** Groups by the columns of each ReferentialIntegrity rule, at any depth: call before measuring any rule. */
  addReferences(rules: readonly Rule[]): void {
    for (const rule of rules) {
      if (rule.type === 'ReferentialIntegrity' && this.grouping(rule.columns) === undefined) this.add(rule.columns);
      if (rule.type === 'Composite') this.addReferences(rule.rules);
      if (rule.type === 'Dynamic') this.addReferences([rule.measured]);
    }
  }

  /** The rule's counts as aggregates of its grouping, and the select list they belong in. */
  reference(rule: ReferentialIntegrityRule): { selectList: string[]; considered: string; failing: string } {
    const grouping = this.grouping(rule.columns) ?? this.add(rule.columns);
    const { considered, failing } = grouping.references.measure(rule);
    return { selectList: grouping.selectList, considered: rowsWhere(considered), failing: rowsWhere(failing) };
  }

  /**
   * A row-level rule measured on the values of a grouping that holds its column, or undefined
   * when none does (or the rule has a `where`, which may read other columns): every row counts,
   * the rows of values that meet `failsWhere` fail.
   */
  valueRule(rule: Rule, failsWhere: string): { selectList: string[]; considered: string; failing: string } | undefined {
    // The rule types whose failing rows are a predicate on one column's value alone.
    if (rule.type !== 'IsComplete' && rule.type !== 'Completeness' && rule.type !== 'ColumnValues' && rule.type !== 'ColumnLength')
      return undefined;
    if (rule.where !== undefined) return undefined;
    const holding = this.groupings.filter((g) => g.columns.includes(rule.column));
    if (holding.length === 0) return undefined;
    // The fewest columns, the fewest groups.
    const grouping = holding.reduce((a, b) => (b.columns.length < a.columns.length ? b : a));
    return { selectList: grouping.selectList, considered: rowsWhere('TRUE'), failing: rowsWhere(failsWhere) };
  }

  /** One SELECT per grouping that measures something: its aggregates, one row (or one per scan group). */
  parts(): string[] {
    return this.groupings
      .filter((g) => g.selectList.length > 0)
      .map((g) => {
        const columns = g.columns.map(sqlIdentifier);
        const scanGroup = this.groupColumn === undefined ? [] : [this.groupColumn];
        const keys = [...scanGroup, ...columns];
        const counted = [...scanGroup.map((c) => `${c} AS ${GROUP_COLUMN}`), ...columns, `count(*) AS ${ROWS_COLUMN}`];
        const inner = `SELECT ${counted.join(', ')} FROM ${this.relationSql} GROUP BY ${keys.join(', ')}`;
        const select = [...(this.groupColumn === undefined ? [] : [GROUP_COLUMN]), ...g.selectList];
        const groupBy = this.groupColumn === undefined ? '' : `\nGROUP BY ${GROUP_COLUMN}`;
        return `SELECT\n  ${select.join(',\n  ')}\nFROM (${inner}) AS ${sqlIdentifier(g.name)}${g.references.fromClause()}${groupBy}`;
      });
  }

  private grouping(columns: readonly string[]): Grouping | undefined {
    return this.groupings.find((g) => g.columns.length === columns.length && g.columns.every((c, i) => c === columns[i]));
  }

  private add(columns: readonly string[]): Grouping {
    const grouping = {
      name: `__acad_values_${this.groupings.length}`,
      columns,
      references: new ReferenceJoins(this.references),
      selectList: [],
    };
    this.groupings.push(grouping);
    return grouping;
  }
}

/** Rows of the groups where `predicate` holds; 0, not null, when none does. */
function rowsWhere(predicate: string): string {
  return predicate === 'TRUE' ? `coalesce(sum(${ROWS_COLUMN}), 0)` : `coalesce(sum(${ROWS_COLUMN}) FILTER (WHERE ${predicate}), 0)`;
}
