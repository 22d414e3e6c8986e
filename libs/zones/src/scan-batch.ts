import type { Engine } from '@acad/engine';
import { sqlIdent, type DatasetContract } from '@acad/schemas';
import { keyPartSql, protectedColumns, type ProtectInputs } from './protect-fields';
import { partitionExpression } from './trusted-layout';

export interface BatchStats {
  valid: number;
  invalid: number;
  /** Batch id → valid and invalid rows. */
  perBatch: Map<string, { valid: number; invalid: number }>;
  partitions: string[];
  protect: ProtectInputs;
}

/**
 * One pass over the validated batch: valid and invalid counts, the partitions of valid rows,
 * the distinct values of each identifier column and distinct (key, value) pairs of each direct
 * identifier (bound to its row's key when encrypted), and (into the `contested` table) the key
 * hashes that more than one valid row shares.
 */
export async function scanBatch(
  engine: Engine,
  contract: DatasetContract,
  t: (name: string) => string,
  batchOf: string,
): Promise<BatchStats> {
  const whenValid = (expr: string) => `CASE WHEN _violations IS NULL THEN ${expr} END`;
  const protectedCols = protectedColumns(contract);
  const keyParts = contract.key.map((_, j) => `_k${j}`);
  const columns = [
    `_violations IS NULL AS _ok`,
    `${batchOf} AS _b`,
    `${whenValid(partitionExpression(contract))} AS _p`,
    `${whenValid(`hash(${contract.key.map(sqlIdent).join(', ')})`)} AS _h`,
    ...protectedCols.map((c, i) => `${whenValid(`CAST(${sqlIdent(c.name)} AS VARCHAR)`)} AS _c${i}`),
  ];
  const groups = ['_ok', '_p', '_h', ...protectedCols.map((_, i) => `_c${i}`)];
  // Validity is counted per batch: the set (_ok, _b). A direct identifier is grouped with its row's key.
  const direct = new Set(protectedCols.flatMap((c, i) => (c.pii === 'direct' ? [`_c${i}`] : [])));
  if (direct.size > 0) columns.push(...contract.key.map((k, j) => `${whenValid(keyPartSql(k))} AS ${keyParts[j]}`));
  const sets = groups.map((g) => (g === '_ok' ? '(_ok, _b)' : direct.has(g) ? `(${[...keyParts, g].join(', ')})` : `(${g})`));
  const keyed = direct.size > 0 ? `, ${keyParts.join(', ')}` : '';
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${t('stats')} AS
     SELECT _b, ${groups.join(', ')}${keyed}, count(*)::BIGINT AS n, ${groups.map((g) => `grouping(${g}) = 0 AS in${g}`).join(', ')}
     FROM (SELECT ${columns.join(', ')} FROM ${t('validated')})
     GROUP BY GROUPING SETS (${sets.join(', ')})
     HAVING grouping(_h) = 1 OR count(*) > 1`,
  );
  await engine.run(`CREATE OR REPLACE TEMP TABLE ${t('contested')} AS SELECT _h AS h FROM ${t('stats')} WHERE in_h AND _h IS NOT NULL`);
  const counts = await engine.query<{ b: string; ok: boolean; n: number }>(`SELECT _b AS b, _ok AS ok, n FROM ${t('stats')} WHERE in_ok`);
  const partitions = (await engine.query<{ p: string }>(`SELECT _p AS p FROM ${t('stats')} WHERE in_p AND _p IS NOT NULL ORDER BY p`)).map(
    (r) => r.p,
  );
  const values = new Map<string, string[]>();
  const rowValues = new Map<string, { key: string[]; v: string }[]>();
  for (const [i, column] of protectedCols.entries()) {
    if (column.pii === 'direct') {
      const rows = await engine.query<Record<string, string>>(
        `SELECT _c${i} AS v, ${keyParts.join(', ')} FROM ${t('stats')} WHERE in_c${i} AND _c${i} IS NOT NULL`,
      );
      rowValues.set(
        column.name,
        rows.map((r) => ({ key: keyParts.map((k) => r[k]), v: r['v'] })),
      );
    } else {
      const rows = await engine.query<{ v: string }>(`SELECT _c${i} AS v FROM ${t('stats')} WHERE in_c${i} AND _c${i} IS NOT NULL`);
      values.set(
        column.name,
        rows.map((r) => r.v),
      );
    }
  }
  await engine.run(`DROP TABLE ${t('stats')}`);
  const perBatch = new Map<string, { valid: number; invalid: number }>();
  for (const { b, ok, n } of counts) {
    const entry = perBatch.get(b) ?? { valid: 0, invalid: 0 };
    if (ok) entry.valid += Number(n);
    else entry.invalid += Number(n);
    perBatch.set(b, entry);
  }
  const sum = (field: 'valid' | 'invalid') => [...perBatch.values()].reduce((total, e) => total + e[field], 0);
  return { valid: sum('valid'), invalid: sum('invalid'), perBatch, partitions, protect: { values, rowValues } };
}
