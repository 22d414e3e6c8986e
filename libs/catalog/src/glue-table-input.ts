import type { Column, PartitionInput, StorageDescriptor, Table, TableInput } from '@aws-sdk/client-glue';
import type { CatalogColumn, CatalogEntry } from './catalog-entry';
import { GlueSyncFailed } from './catalog-errors';

export const PARQUET_INPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat';
export const PARQUET_OUTPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat';
export const PARQUET_SERDE = 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe';

// Glue limits (API reference): column comments 255 characters, table descriptions 2048.
const MAX_COMMENT = 255;
const MAX_DESCRIPTION = 2048;

/** One Glue database holds every zone, so the table name carries the zone: `trusted_attendance`. */
export function glueTableName(entry: Pick<CatalogEntry, 'zone' | 'name'>): string {
  return `${entry.zone}_${entry.name}`;
}

/**
 * The Glue table of a catalog entry. Only slowly-changing metadata goes in, not row counts or
 * times, so syncing an unchanged catalog finds nothing to update.
 */
export function glueTableInput(entry: CatalogEntry): TableInput {
  const piiClasses = [...new Set(entry.columns.map((c) => c.pii).filter((p) => p !== 'none'))].sort();
  const parameters: Record<string, string> = {
    classification: 'parquet',
    'acad:zone': entry.zone,
    'acad:dataset': entry.name,
    'acad:contract_version': String(entry.contractVersion),
    'acad:pii_classes': piiClasses.join(','),
    // Landing files change with every delivery; only catalogued datasets are slow-changing.
    'acad:upstream': entry.upstream
      .filter((u) => !u.startsWith('landing:'))
      .sort()
      .join(','),
  };
  if (entry.freshnessSlaHours !== undefined) parameters['acad:freshness_sla_hours'] = String(entry.freshnessSlaHours);
  return {
    Name: glueTableName(entry),
    Description: entry.description.slice(0, MAX_DESCRIPTION),
    Owner: entry.owner,
    TableType: 'EXTERNAL_TABLE',
    Parameters: parameters,
    StorageDescriptor: storageDescriptor(
      entry.columns.filter((c) => !entry.partitionKeys.includes(c.name)),
      entry.location,
    ),
    PartitionKeys: entry.partitionKeys.map((name) => ({ Name: name, Type: 'string', Comment: `Partition ${name}` })),
  };
}

/** The Glue partition for a Hive-style path such as `session_month=2025-09`. */
export function gluePartitionInput(entry: CatalogEntry, partition: string): PartitionInput {
  return {
    Values: partitionValues(entry, partition),
    StorageDescriptor: storageDescriptor(
      entry.columns.filter((c) => !entry.partitionKeys.includes(c.name)),
      `${entry.location.replace(/\/+$/, '')}/${partition}/`,
    ),
  };
}

export function partitionValues(entry: CatalogEntry, partition: string): string[] {
  const pairs = partition.split('/').map((segment) => segment.split('='));
  const keys = pairs.map(([key]) => key);
  if (keys.join('/') !== entry.partitionKeys.join('/')) {
    throw new GlueSyncFailed(
      glueTableName(entry),
      `partition "${partition}" does not follow the keys ${entry.partitionKeys.join('/') || '(none)'}`,
    );
  }
  return pairs.map(([, value]) => value ?? '');
}

/** True when an existing Glue table already says what `input` says (ignoring parameters Glue adds itself). */
export function glueTableMatches(existing: Table, input: TableInput): boolean {
  return JSON.stringify(normalizeTable(existing, input)) === JSON.stringify(normalizeTable(input, input));
}

/** Parameters we do not manage (added by Glue, Athena or people) survive an update. */
export function mergeUnmanagedParameters(existing: Table, input: TableInput): TableInput {
  const kept = Object.fromEntries(Object.entries(existing.Parameters ?? {}).filter(([key]) => !isManaged(key, input)));
  return { ...input, Parameters: { ...kept, ...input.Parameters } };
}

function isManaged(key: string, input: TableInput): boolean {
  return key.startsWith('acad:') || key in (input.Parameters ?? {});
}

function storageDescriptor(columns: readonly CatalogColumn[], location: string): StorageDescriptor {
  return {
    Columns: columns.map(glueColumn),
    Location: location,
    InputFormat: PARQUET_INPUT_FORMAT,
    OutputFormat: PARQUET_OUTPUT_FORMAT,
    SerdeInfo: { SerializationLibrary: PARQUET_SERDE, Parameters: { 'serialization.format': '1' } },
  };
}

function glueColumn(column: CatalogColumn): Column {
  const parameters: Record<string, string> = { 'acad:pii': column.pii };
  if (column.tags.length > 0) parameters['acad:tags'] = column.tags.join(',');
  return { Name: column.name, Type: column.type, Comment: column.description.slice(0, MAX_COMMENT), Parameters: parameters };
}

function normalizeColumns(columns: readonly Column[] | undefined): unknown[] {
  return (columns ?? []).map((c) => ({
    name: c.Name,
    type: c.Type?.toLowerCase(),
    comment: c.Comment ?? '',
    parameters: sortedObject(c.Parameters),
  }));
}

function normalizeTable(table: Table | TableInput, reference: TableInput): unknown {
  const sd = table.StorageDescriptor;
  const managedParameters = Object.fromEntries(Object.entries(table.Parameters ?? {}).filter(([key]) => isManaged(key, reference)));
  return {
    description: table.Description ?? '',
    owner: table.Owner ?? '',
    tableType: table.TableType ?? '',
    parameters: sortedObject(managedParameters),
    columns: normalizeColumns(sd?.Columns),
    location: sd?.Location ?? '',
    inputFormat: sd?.InputFormat ?? '',
    outputFormat: sd?.OutputFormat ?? '',
    serde: sd?.SerdeInfo?.SerializationLibrary ?? '',
    serdeParameters: sortedObject(sd?.SerdeInfo?.Parameters),
    partitionKeys: normalizeColumns(table.PartitionKeys),
  };
}

function sortedObject(object: Record<string, string> | undefined): [string, string][] {
  return Object.entries(object ?? {}).sort(([a], [b]) => a.localeCompare(b));
}
