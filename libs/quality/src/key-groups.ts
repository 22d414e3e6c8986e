import { sqlIdentifier } from '@acad/engine';

/** Name of the scan column counting repeated key hashes: above 0, the exact statement is needed. */
export const HASH_REPEATS_COLUMN = '__acad_hash_repeats';

/** Name of the scan column holding the group, when rules are evaluated per group. */
export const GROUP_COLUMN = '__acad_group';

/**
 * Duplicate counts per distinct key list and filter, as materialized CTEs of the scan statement:
 * rows of complete keys occurring more than once (`dup_rows`) and keys occurring once (`once`).
 *
 * The quick form sorts one 64-bit hash per complete key and counts hashes equal to the one
 * before: equal keys have equal hashes, so none means every key is unique (`dup_rows` 0, `once`
 * the row count), far cheaper than grouping millions of keys. When some hash repeats (a real
 * duplicate, or rarely a collision) its counts are null and the scan says so in
 * HASH_REPEATS_COLUMN; the `exact` form then counts with one GROUP BY per key list.
 *
 * With `groupColumn`, every count is per value of that column (the scan is grouped by it too):
 * each CTE has a row per group, and a reference picks the row of the scan's group.
 */
export class KeyGroups {
  private readonly byKey = new Map<string, { name: string; columns: readonly string[]; where?: string }>();

  constructor(
    private readonly relationSql: string,
    private readonly exact = false,
    private readonly groupColumn?: string,
    /** False for Trino, which has no MATERIALIZED CTEs. */
    private readonly materialize = true,
  ) {}

  ref(columns: readonly string[], where: string | undefined, field: 'dup_rows' | 'once'): string {
    const key = JSON.stringify([columns, where ?? null]);
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { name: `__acad_keys_${this.byKey.size}`, columns, where };
      this.byKey.set(key, entry);
    }
    return this.pick(entry.name, field);
  }

  /** One count of a CTE: its only row, or (per group) the scan group's row; a group without one has none to count. */
  private pick(name: string, field: string): string {
    if (this.groupColumn === undefined) return `(SELECT ${field} FROM ${sqlIdentifier(name)})`;
    const group = `${this.relationSql}.${sqlIdentifier(this.groupColumn)}`;
    return `coalesce((SELECT k.${field} FROM ${sqlIdentifier(name)} k WHERE k.${GROUP_COLUMN} = ${group}), 0)`;
  }

  /** The select-list item summing repeated hashes, or null when none is computed. */
  hashRepeats(): string | null {
    if (this.exact || this.byKey.size === 0) return null;
    const sums = [...this.byKey.values()].map(({ name }) => this.pick(name, 'hash_repeats'));
    return `${sums.join(' + ')} AS ${sqlIdentifier(HASH_REPEATS_COLUMN)}`;
  }

  /** `WITH ...` for the statement, or '' when no rule needs key counts. */
  withClause(): string {
    if (this.byKey.size === 0) return '';
    const ctes = [...this.byKey.values()].map(
      (entry) =>
        `${sqlIdentifier(entry.name)} AS ${this.materialize ? 'MATERIALIZED ' : ''}(${this.exact ? this.grouped(entry) : this.hashed(entry)})`,
    );
    return `WITH ${ctes.join(',\n')}\n`;
  }

  /** Per group: the group as GROUP_COLUMN in a select list, and the clauses that keep groups apart. */
  private perGroup(): { select: string; pass: string; by: string; partition: string } {
    if (this.groupColumn === undefined) return { select: '', pass: '', by: '', partition: '' };
    return {
      select: `${sqlIdentifier(this.groupColumn)} AS ${GROUP_COLUMN}, `,
      pass: `${GROUP_COLUMN}, `,
      by: ` GROUP BY ${GROUP_COLUMN}`,
      partition: `PARTITION BY ${GROUP_COLUMN} `,
    };
  }

  private grouped({ columns, where }: { columns: readonly string[]; where?: string }): string {
    const g = this.perGroup();
    const keys = [...(this.groupColumn === undefined ? [] : [sqlIdentifier(this.groupColumn)]), ...columns.map(sqlIdentifier)].join(', ');
    const hasNull = columns.map((c) => `${sqlIdentifier(c)} IS NULL`).join(' OR ');
    const grouped = `SELECT ${g.select}count(*) AS n, (${hasNull}) AS has_null FROM ${this.relationSql}${where ? ` WHERE ${where}` : ''} GROUP BY ${keys}`;
    return `SELECT ${g.pass}coalesce(sum(n) FILTER (WHERE n > 1 AND NOT has_null), 0) AS dup_rows, count(*) FILTER (WHERE n = 1 AND NOT has_null) AS once FROM (${grouped})${g.by}`;
  }

  // Repeats are counted with FILTER, not count_if: count_if is null when every input is null
  // (a single complete key has no previous hash), and a null would hide other keys' repeats.
  private hashed({ columns, where }: { columns: readonly string[]; where?: string }): string {
    const g = this.perGroup();
    const complete = [...columns.map((c) => `${sqlIdentifier(c)} IS NOT NULL`), ...(where ? [where] : [])].join(' AND ');
    const hashes = `SELECT ${g.select}hash(${columns.map(sqlIdentifier).join(', ')}) AS h FROM ${this.relationSql} WHERE ${complete}`;
    const counted = `SELECT ${g.pass}count(*) AS complete_rows, count(*) FILTER (WHERE h = previous) AS hash_repeats FROM (SELECT ${g.pass}h, lag(h) OVER (${g.partition}ORDER BY h) AS previous FROM (${hashes}))${g.by}`;
    return `SELECT ${g.pass}hash_repeats, CASE WHEN hash_repeats = 0 THEN 0 END AS dup_rows, CASE WHEN hash_repeats = 0 THEN complete_rows END AS once FROM (${counted})`;
  }
}
