import {
  BatchCreatePartitionCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  EntityNotFoundException,
  GetDatabaseCommand,
  GetPartitionsCommand,
  GetTableCommand,
  UpdateTableCommand,
  type GlueClient,
  type Table,
} from '@aws-sdk/client-glue';
import type { CatalogEntry } from './catalog-entry';
import { GlueSyncFailed } from './catalog-errors';
import {
  glueTableInput,
  glueTableMatches,
  glueTableName,
  gluePartitionInput,
  mergeUnmanagedParameters,
  partitionValues,
} from './glue-table-input';

export interface GlueSyncOptions {
  readonly database: string;
  /** The AWS account id of the Data Catalog; defaults to the caller's. */
  readonly catalogId?: string;
  readonly databaseDescription?: string;
}

export interface GlueSyncSummary {
  readonly database: string;
  readonly databaseCreated: boolean;
  readonly tablesCreated: string[];
  readonly tablesUpdated: string[];
  readonly tablesUnchanged: string[];
  readonly partitionsCreated: number;
  /** CreateDatabase, CreateTable, UpdateTable and BatchCreatePartition calls sent. */
  readonly writeCalls: number;
}

// BatchCreatePartition accepts at most 100 partitions per call.
const PARTITION_BATCH = 100;

/**
 * Makes the Glue Data Catalog say what the local catalog says: the database, one table per
 * entry and its partitions. Only differences are written, so a second sync sends no writes.
 */
export async function syncToGlue(client: GlueClient, entries: readonly CatalogEntry[], options: GlueSyncOptions): Promise<GlueSyncSummary> {
  const { database, catalogId } = options;
  const summary = {
    database,
    databaseCreated: false,
    tablesCreated: [] as string[],
    tablesUpdated: [] as string[],
    tablesUnchanged: [] as string[],
    partitionsCreated: 0,
    writeCalls: 0,
  };

  if (!(await exists(() => client.send(new GetDatabaseCommand({ CatalogId: catalogId, Name: database }))))) {
    await client.send(
      new CreateDatabaseCommand({
        CatalogId: catalogId,
        DatabaseInput: {
          Name: database,
          Description: options.databaseDescription ?? 'Academics Data Platform datasets, synced from the platform catalog',
        },
      }),
    );
    summary.databaseCreated = true;
    summary.writeCalls++;
  }

  for (const entry of entries) {
    const input = glueTableInput(entry);
    const name = glueTableName(entry);
    const existing = await getTable(client, database, name, catalogId);
    try {
      if (!existing) {
        await client.send(new CreateTableCommand({ CatalogId: catalogId, DatabaseName: database, TableInput: input }));
        summary.tablesCreated.push(name);
        summary.writeCalls++;
      } else if (!glueTableMatches(existing, input)) {
        await client.send(
          new UpdateTableCommand({ CatalogId: catalogId, DatabaseName: database, TableInput: mergeUnmanagedParameters(existing, input) }),
        );
        summary.tablesUpdated.push(name);
        summary.writeCalls++;
      } else {
        summary.tablesUnchanged.push(name);
      }
    } catch (error) {
      throw new GlueSyncFailed(name, describe(error), { cause: error });
    }
    if (entry.partitionKeys.length > 0 && entry.partitions.length > 0) {
      const created = await syncPartitions(client, entry, database, catalogId, existing !== undefined);
      summary.partitionsCreated += created.partitions;
      summary.writeCalls += created.calls;
    }
  }
  return summary;
}

async function syncPartitions(
  client: GlueClient,
  entry: CatalogEntry,
  database: string,
  catalogId: string | undefined,
  tableExisted: boolean,
) {
  const name = glueTableName(entry);
  const present = new Set<string>();
  // A table created just now has no partitions; asking would only cost a call.
  if (tableExisted) {
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetPartitionsCommand({ CatalogId: catalogId, DatabaseName: database, TableName: name, NextToken: nextToken }),
      );
      for (const p of page.Partitions ?? []) present.add(JSON.stringify(p.Values ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
  }
  const missing = [...new Set(entry.partitions)].filter((p) => !present.has(JSON.stringify(partitionValues(entry, p))));
  let calls = 0;
  for (let i = 0; i < missing.length; i += PARTITION_BATCH) {
    const chunk = missing.slice(i, i + PARTITION_BATCH);
    const result = await client.send(
      new BatchCreatePartitionCommand({
        CatalogId: catalogId,
        DatabaseName: database,
        TableName: name,
        PartitionInputList: chunk.map((p) => gluePartitionInput(entry, p)),
      }),
    );
    calls++;
    // A partition created concurrently by someone else is what we wanted anyway.
    const failures = (result.Errors ?? []).filter((e) => e.ErrorDetail?.ErrorCode !== 'AlreadyExistsException');
    if (failures.length > 0) {
      const first = failures[0];
      throw new GlueSyncFailed(
        name,
        `${failures.length} partition(s) not created, e.g. ${(first.PartitionValues ?? []).join('/')}: ${first.ErrorDetail?.ErrorCode} ${first.ErrorDetail?.ErrorMessage ?? ''}`.trim(),
      );
    }
  }
  return { partitions: missing.length, calls };
}

async function getTable(client: GlueClient, database: string, name: string, catalogId: string | undefined): Promise<Table | undefined> {
  try {
    return (await client.send(new GetTableCommand({ CatalogId: catalogId, DatabaseName: database, Name: name }))).Table;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw new GlueSyncFailed(name, describe(error), { cause: error });
  }
}

async function exists(probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof EntityNotFoundException || (error as { name?: string } | undefined)?.name === 'EntityNotFoundException';
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
