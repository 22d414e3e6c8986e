import type { z } from 'zod';

/** Base of every catalog error: a stable `code` for programs and a message for a person. */
export abstract class CatalogError extends Error {
  abstract readonly code: string;
}

/** Names the field paths at fault, never the values (the catalog must not echo data). */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

export class InvalidCatalogRecord extends CatalogError {
  readonly code = 'CATALOG_RECORD_INVALID';
  constructor(
    readonly what: string,
    issues: readonly z.core.$ZodIssue[],
  ) {
    super(`Catalog refused ${what}: ${describeIssues(issues)}`);
    this.name = 'InvalidCatalogRecord';
  }
}

export interface SchemaChange {
  readonly column: string;
  readonly kind: 'removed' | 'retyped' | 'added-required' | 'made-required' | 'added-optional' | 'pii-changed' | 'made-optional';
  readonly detail: string;
}

export class IncompatibleSchemaChange extends CatalogError {
  readonly code = 'SCHEMA_INCOMPATIBLE';
  constructor(
    readonly dataset: string,
    readonly changes: readonly SchemaChange[],
  ) {
    super(
      `Contract for "${dataset}" changes incompatibly: ${changes.map((c) => `column "${c.column}" ${c.detail}`).join('; ')}. ` +
        'Record it with { force: true, migration: "<how existing data is migrated>" } if this is intended.',
    );
    this.name = 'IncompatibleSchemaChange';
  }
}

export class ContractVersionConflict extends CatalogError {
  readonly code = 'CONTRACT_VERSION_CONFLICT';
  constructor(
    readonly dataset: string,
    readonly version: number,
    readonly latestVersion: number,
  ) {
    super(
      version < latestVersion
        ? `Contract for "${dataset}" is version ${version}, older than the catalogued version ${latestVersion}`
        : `Contract for "${dataset}" changed its columns but kept version ${version}; raise the version to record the change`,
    );
    this.name = 'ContractVersionConflict';
  }
}

export class CatalogEntryNotFound extends CatalogError {
  readonly code = 'CATALOG_ENTRY_NOT_FOUND';
  constructor(readonly qualifiedName: string) {
    super(`The catalog has no dataset "${qualifiedName}" (expected zone.dataset, e.g. trusted.attendance)`);
    this.name = 'CatalogEntryNotFound';
  }
}

export class CatalogLockTimeout extends CatalogError {
  readonly code = 'CATALOG_LOCK_TIMEOUT';
  constructor(
    readonly lockFile: string,
    readonly waitedMs: number,
  ) {
    super(`Could not lock the catalog within ${waitedMs} ms; another process holds ${lockFile}`);
    this.name = 'CatalogLockTimeout';
  }
}

export class CatalogCorrupt extends CatalogError {
  readonly code = 'CATALOG_CORRUPT';
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`Catalog file ${file} is damaged: ${problem}`);
    this.name = 'CatalogCorrupt';
  }
}

export class GlueSyncFailed extends CatalogError {
  readonly code = 'GLUE_SYNC_FAILED';
  constructor(
    readonly table: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`Glue sync of table "${table}" failed: ${problem}`, options);
    this.name = 'GlueSyncFailed';
  }
}

export class OpenLineageEmitFailed extends CatalogError {
  readonly code = 'OPENLINEAGE_EMIT_FAILED';
  constructor(
    readonly endpoint: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`Could not send an OpenLineage event to ${endpoint}: ${problem}`, options);
    this.name = 'OpenLineageEmitFailed';
  }
}

export class UnsupportedColumnType extends CatalogError {
  readonly code = 'CATALOG_COLUMN_TYPE_UNSUPPORTED';
  constructor(
    readonly column: string,
    readonly engineType: string,
  ) {
    super(`Column "${column}" has engine type ${engineType}, which has no portable (Glue/Athena) name`);
    this.name = 'UnsupportedColumnType';
  }
}
