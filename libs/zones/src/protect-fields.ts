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
 * What to protect, found in one scan of the batch: identifier columns by distinct value; direct
 * identifiers by distinct (row key, value), since each ciphertext is bound to its row's key.
 * `key` holds the row's key columns as text (`keyPartSql`), in plaintext, as the batch has them.
 */
export interface ProtectInputs {
  values: ReadonlyMap<string, readonly string[]>;
  rowValues: ReadonlyMap<string, ReadonlyArray<{ key: readonly string[]; v: string }>>;
}

/** A key column as text, the form bound to encrypted fields: the same cast on the batch and on trusted. */
export function keyPartSql(column: string, alias?: string): string {
  return `CAST(${alias ? `${alias}.` : ''}${sqlIdent(column)} AS VARCHAR)`;
}

/**
 * The key a direct identifier is bound to: the contract's key columns as trusted stores them
 * (identifiers as their tokens, never plaintext), each as text.
 */
export function storedRowKey(contract: DatasetContract, plainKey: readonly string[], protection: DataProtection): string[] {
  return contract.key.map((column, i) =>
    contract.columns.find((c) => c.name === column)?.pii === 'identifier' ? protection.tokenizer.token(plainKey[i]) : plainKey[i],
  );
}

/**
 * Protects each distinct value of every protected column once in Node (identifiers tokenized,
 * direct identifiers encrypted per distinct row key and value) and loads the pairs into map
 * tables named after `prefix`, to be joined back in SQL: the work grows with distinct values
 * (for direct identifiers, with rows), not cells.
 */
export async function createProtectMaps(
  engine: Engine,
  contract: DatasetContract,
  inputs: ProtectInputs,
  prefix: string,
  protection: DataProtection,
  mapPath: (name: string) => string,
): Promise<ProtectMaps> {
  const maps: ProtectMaps = { replacements: [], joins: [], tables: new Map() };
  const keyColumns = contract.key.map((_, j) => `k${j}`);
  for (const [i, column] of protectedColumns(contract).entries()) {
    const col = sqlIdent(column.name);
    const path = mapPath(`${prefix}-protect-${i}.ndjson`);
    const bound = column.pii === 'direct';
    const lines = bound
      ? (inputs.rowValues.get(column.name) ?? []).map(({ key, v }) => {
          const rowKey = storedRowKey(contract, key, protection);
          const p = protection.fieldCipher.encrypt(v, { dataset: contract.name, column: column.name, rowKey });
          return JSON.stringify({ ...Object.fromEntries(key.map((part, j) => [keyColumns[j], part])), v, p });
        })
      : (inputs.values.get(column.name) ?? []).map((v) => JSON.stringify({ v, p: protection.tokenizer.token(v) }));
    await writeFile(path, lines.join('\n') + '\n', { mode: 0o600 });
    const map = sqlIdent(`${prefix}_map_${i}`);
    const columns = [...(bound ? keyColumns : []), 'v', 'p'].map((c) => `'${c}': 'VARCHAR'`).join(', ');
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${map} AS SELECT * FROM read_json(${sqlLiteral(path)}, format = 'newline_delimited', columns = {${columns}})`,
    );
    const on = [`m${i}.v = CAST(s.${col} AS VARCHAR)`];
    if (bound) on.push(...contract.key.map((k, j) => `m${i}.${keyColumns[j]} = ${keyPartSql(k, 's')}`));
    maps.replacements.push(`m${i}.p AS ${col}`);
    maps.joins.push(`LEFT JOIN ${map} m${i} ON ${on.join(' AND ')}`);
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
