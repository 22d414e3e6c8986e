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

/** Engine tables that map each plaintext value of a protected column to its token or ciphertext. */
export interface ProtectMaps {
  /** `s.* REPLACE (...)` items: each protected column of `s` by its protected value. */
  replacements: string[];
  /** LEFT JOINs of the map tables onto the source aliased `s`. */
  joins: string[];
  /** Map table per protected column (columns `v`, `p`), for joining protected values back to plaintext. */
  tables: Map<string, string>;
}

/**
 * Protects each distinct value of every protected column once in Node (identifiers tokenized,
 * direct identifiers encrypted) and loads the pairs into map tables named after `prefix`, to be
 * joined back in SQL: the work grows with distinct values, not rows.
 */
export async function createProtectMaps(
  engine: Engine,
  contract: DatasetContract,
  distinctValues: ReadonlyMap<string, readonly string[]>,
  prefix: string,
  protection: DataProtection,
  mapPath: (name: string) => string,
): Promise<ProtectMaps> {
  const maps: ProtectMaps = { replacements: [], joins: [], tables: new Map() };
  for (const [i, column] of protectedColumns(contract).entries()) {
    const col = sqlIdent(column.name);
    const protect =
      column.pii === 'identifier'
        ? (v: string) => protection.tokenizer.token(v)
        : (v: string) => protection.fieldCipher.encrypt(v, { dataset: contract.name, column: column.name });
    const path = mapPath(`${prefix}-protect-${i}.ndjson`);
    const values = distinctValues.get(column.name) ?? [];
    await writeFile(path, values.map((v) => JSON.stringify({ v, p: protect(v) })).join('\n') + '\n', { mode: 0o600 });
    const map = sqlIdent(`${prefix}_map_${i}`);
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${map} AS SELECT v, p FROM read_json(${sqlLiteral(path)}, format = 'newline_delimited', columns = {'v': 'VARCHAR', 'p': 'VARCHAR'})`,
    );
    maps.replacements.push(`m${i}.p AS ${col}`);
    maps.joins.push(`LEFT JOIN ${map} m${i} ON m${i}.v = CAST(s.${col} AS VARCHAR)`);
    maps.tables.set(column.name, map);
  }
  return maps;
}

/** `SELECT` of `source` (aliased s) with every protected column replaced through `maps`. */
export function protectedSelect(maps: ProtectMaps, source: string, extra = ''): string {
  const star = maps.replacements.length > 0 ? `s.* REPLACE (${maps.replacements.join(', ')})` : 's.*';
  return `SELECT ${star}${extra} FROM ${source} s ${maps.joins.join(' ')}`;
}

export async function dropProtectMaps(engine: Engine, maps: ProtectMaps): Promise<void> {
  for (const table of maps.tables.values()) await engine.run(`DROP TABLE IF EXISTS ${table}`);
}
