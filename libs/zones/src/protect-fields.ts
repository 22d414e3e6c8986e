import { writeFile } from 'node:fs/promises';
import type { Engine } from '@acad/engine';
import { sqlIdent, sqlLiteral, type DatasetContract } from '@acad/schemas';
import type { DataProtection } from './data-protection';

/** Columns that leave trusted protected: identifiers tokenized, direct identifiers encrypted. */
export function protectedColumns(contract: DatasetContract) {
  return contract.columns.filter((c) => c.pii === 'identifier' || c.pii === 'direct');
}

export function hasDirectIdentifiers(contract: DatasetContract): boolean {
  return contract.columns.some((c) => c.pii === 'direct');
}

/**
 * Keyed fingerprint of a row's plaintext data columns, computed in SQL. It lets a re-delivered
 * row be recognised as a duplicate after its direct identifiers were encrypted (randomised).
 */
export function fingerprintExpression(contract: DatasetContract, keyHex: string): string {
  const values = contract.columns.map((c) => `CAST(${sqlIdent(c.name)} AS VARCHAR)`).join(', ');
  return `sha256(${sqlLiteral(keyHex)} || to_json([${values}]))`;
}

/**
 * Creates `target` from `source` with every identifier replaced by its token and every direct
 * identifier by its ciphertext. Each distinct value is protected once in Node and joined back
 * in SQL, so the work grows with distinct values, not rows.
 */
export async function protectFields(
  engine: Engine,
  contract: DatasetContract,
  source: string,
  target: string,
  protection: DataProtection,
  mapPath: (name: string) => string,
): Promise<void> {
  const columns = protectedColumns(contract);
  const replacements: string[] = [];
  const joins: string[] = [];
  for (const [i, column] of columns.entries()) {
    const col = sqlIdent(column.name);
    const distinct = await engine.query<{ v: string }>(`SELECT DISTINCT CAST(${col} AS VARCHAR) AS v FROM ${source} WHERE ${col} IS NOT NULL`);
    const protect =
      column.pii === 'identifier'
        ? (v: string) => protection.tokenizer.token(v)
        : (v: string) => protection.fieldCipher.encrypt(v, { dataset: contract.name, column: column.name });
    const path = mapPath(`protect-${column.name}.ndjson`);
    await writeFile(path, distinct.map(({ v }) => JSON.stringify({ v, p: protect(v) })).join('\n') + '\n', { mode: 0o600 });
    const map = sqlIdent(`${target}_map_${i}`);
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${map} AS SELECT v, p FROM read_json(${sqlLiteral(path)}, format = 'newline_delimited', columns = {'v': 'VARCHAR', 'p': 'VARCHAR'})`,
    );
    replacements.push(`m${i}.p AS ${col}`);
    joins.push(`LEFT JOIN ${map} m${i} ON m${i}.v = CAST(s.${col} AS VARCHAR)`);
  }
  const select = replacements.length > 0 ? `SELECT s.* REPLACE (${replacements.join(', ')}) FROM ${source} s ${joins.join(' ')}` : `SELECT * FROM ${source}`;
  await engine.run(`CREATE OR REPLACE TEMP TABLE ${target} AS ${select}`);
  for (const i of columns.keys()) await engine.run(`DROP TABLE IF EXISTS ${sqlIdent(`${target}_map_${i}`)}`);
}
