import { z } from 'zod';
import { PII_CLASSES, type DatasetContract } from '@acad/schemas';
import { CatalogColumnTypeSchema } from './catalog-entry';
import { ContractVersionConflict, IncompatibleSchemaChange, type SchemaChange } from './catalog-errors';
import { portableColumnType } from './portable-column-type';

export const ContractColumnRecordSchema = z.object({
  name: z.string(),
  type: CatalogColumnTypeSchema,
  required: z.boolean(),
  pii: z.enum(PII_CLASSES),
});
export type ContractColumnRecord = z.infer<typeof ContractColumnRecordSchema>;

/** One recorded version of a dataset contract's columns. */
export const ContractVersionRecordSchema = z.object({
  version: z.number().int().positive(),
  recordedAt: z.iso.datetime({ offset: true }),
  columns: z.array(ContractColumnRecordSchema),
  changes: z.array(z.object({ column: z.string(), kind: z.string(), detail: z.string() })),
  /** Present when an incompatible change was forced: how existing data is migrated. */
  migration: z.string().optional(),
});
export type ContractVersionRecord = z.infer<typeof ContractVersionRecordSchema>;

export interface RecordContractOptions {
  /** Accept an incompatible change; requires `migration`. */
  readonly force?: boolean;
  readonly migration?: string;
}

export interface RecordContractResult {
  /** False when the catalog already held this version with the same columns. */
  readonly recorded: boolean;
  readonly version: number;
  readonly changes: readonly SchemaChange[];
}

export function contractColumnRecords(contract: DatasetContract): ContractColumnRecord[] {
  return contract.columns.map((c) => ({ name: c.name, type: portableColumnType(c), required: c.required, pii: c.pii }));
}

const INCOMPATIBLE: ReadonlySet<SchemaChange['kind']> = new Set(['removed', 'retyped', 'added-required', 'made-required']);

/** Column changes from one contract version to the next; reading old data with the new contract must still work. */
export function diffContractColumns(previous: readonly ContractColumnRecord[], next: readonly ContractColumnRecord[]): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const nextByName = new Map(next.map((c) => [c.name, c]));
  const previousNames = new Set(previous.map((c) => c.name));
  for (const old of previous) {
    const now = nextByName.get(old.name);
    if (!now) {
      changes.push({ column: old.name, kind: 'removed', detail: 'was removed' });
      continue;
    }
    if (now.type !== old.type) changes.push({ column: old.name, kind: 'retyped', detail: `changed type from ${old.type} to ${now.type}` });
    if (now.required && !old.required) changes.push({ column: old.name, kind: 'made-required', detail: 'became required' });
    if (!now.required && old.required) changes.push({ column: old.name, kind: 'made-optional', detail: 'became optional' });
    if (now.pii !== old.pii)
      changes.push({ column: old.name, kind: 'pii-changed', detail: `changed PII class from ${old.pii} to ${now.pii}` });
  }
  for (const added of next) {
    if (previousNames.has(added.name)) continue;
    changes.push(
      added.required
        ? { column: added.name, kind: 'added-required', detail: 'was added as required (existing data has no values)' }
        : { column: added.name, kind: 'added-optional', detail: 'was added as optional' },
    );
  }
  return changes;
}

/**
 * Decides what recording `contract` does to `history` (oldest first). Pure: the store applies the
 * returned record, so the rules are testable without a filesystem.
 */
export function planContractRecord(
  contract: DatasetContract,
  history: readonly ContractVersionRecord[],
  options: RecordContractOptions,
  recordedAt: string,
): { result: RecordContractResult; record?: ContractVersionRecord } {
  const columns = contractColumnRecords(contract);
  const latest = history[history.length - 1];
  if (!latest) {
    return {
      result: { recorded: true, version: contract.version, changes: [] },
      record: { version: contract.version, recordedAt, columns, changes: [] },
    };
  }
  const same = history.find((h) => h.version === contract.version);
  if (same && diffContractColumns(same.columns, columns).length === 0) {
    return { result: { recorded: false, version: contract.version, changes: [] } };
  }
  if (contract.version <= latest.version) throw new ContractVersionConflict(contract.name, contract.version, latest.version);
  const changes = diffContractColumns(latest.columns, columns);
  const incompatible = changes.filter((c) => INCOMPATIBLE.has(c.kind));
  const forced = options.force === true && typeof options.migration === 'string' && options.migration.trim() !== '';
  if (incompatible.length > 0 && !forced) throw new IncompatibleSchemaChange(contract.name, incompatible);
  const record: ContractVersionRecord = { version: contract.version, recordedAt, columns, changes: changes.map((c) => ({ ...c })) };
  if (incompatible.length > 0) record.migration = options.migration;
  return { result: { recorded: true, version: contract.version, changes }, record };
}
