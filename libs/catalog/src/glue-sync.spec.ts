import {
  BatchCreatePartitionCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  EntityNotFoundException,
  GetDatabaseCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GlueClient,
  GlueServiceException,
  UpdateTableCommand,
  type Partition,
  type Table,
  type TableInput,
} from '@aws-sdk/client-glue';
import { AttendanceContract } from '@acad/schemas';
import { mockClient } from 'aws-sdk-client-mock';
import type { CatalogEntry } from './catalog-entry';
import { sampleEntry } from './catalog-entry.test-support';
import { GlueSyncFailed } from './catalog-errors';
import { catalogEntryFromContract } from './entry-from-contract';
import { syncToGlue } from './glue-sync';
import { glueTableInput } from './glue-table-input';

const glue = mockClient(GlueClient);
const client = new GlueClient({ region: 'eu-west-1' });
const notFound = () => new EntityNotFoundException({ message: 'Entity Not Found', $metadata: {} });

const PARQUET = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerdeInfo: {
    SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    Parameters: { 'serialization.format': '1' },
  },
};

const weekly: CatalogEntry = sampleEntry({
  zone: 'curated',
  name: 'attendance_weekly',
  description: 'Weekly attendance per course section.',
  contractVersion: 3,
  columns: [
    { name: 'course_code', type: 'string', description: 'Course code.', pii: 'none', tags: ['key'] },
    { name: 'sessions', type: 'bigint', description: 'Sessions in the week.', pii: 'none', tags: [] },
    { name: 'rate', type: 'decimal(18,2)', description: 'Attendance rate.', pii: 'none', tags: [] },
    { name: 'week_start', type: 'date', description: 'Monday of the week.', pii: 'none', tags: [] },
    { name: 'student_key', type: 'string', description: 'Pseudonymous student key.', pii: 'quasi', tags: ['pii:quasi'] },
  ],
  location: 's3://acad-curated/attendance_weekly/',
  partitionKeys: ['term'],
  partitions: ['term=2025-FALL', 'term=2026-SPRING'],
  freshnessSlaHours: 24,
  upstream: ['trusted.courses', 'trusted.attendance'],
});

/** What Glue's GetTable answers after CreateTable/UpdateTable with `input`, including fields Glue adds. */
function tableAsGlueReturnsIt(input: TableInput, database: string): Table {
  return {
    ...input,
    Name: input.Name,
    DatabaseName: database,
    CreateTime: new Date('2025-09-01T00:00:00Z'),
    UpdateTime: new Date('2025-09-01T00:00:00Z'),
    IsRegisteredWithLakeFormation: false,
    VersionId: '1',
    CatalogId: '123456789012',
    Parameters: { ...input.Parameters, transient_lastDdlTime: '1756684800' },
    StorageDescriptor: { ...input.StorageDescriptor, Compressed: false, NumberOfBuckets: -1, StoredAsSubDirectories: false },
  };
}

function partitionsAsGlueReturnsThem(entry: CatalogEntry): Partition[] {
  return entry.partitions.map((p) => ({ Values: [p.split('=')[1]], DatabaseName: 'acad', TableName: `${entry.zone}_${entry.name}` }));
}

const writes = () =>
  glue.commandCalls(CreateDatabaseCommand).length +
  glue.commandCalls(CreateTableCommand).length +
  glue.commandCalls(UpdateTableCommand).length +
  glue.commandCalls(BatchCreatePartitionCommand).length;

beforeEach(() => {
  glue.reset();
  glue.on(CreateDatabaseCommand).resolves({});
  glue.on(CreateTableCommand).resolves({});
  glue.on(UpdateTableCommand).resolves({});
  glue.on(BatchCreatePartitionCommand).resolves({ Errors: [] });
});

describe('syncToGlue', () => {
  it('creates the missing database, table and partitions with the exact Parquet definitions', async () => {
    glue.on(GetDatabaseCommand).rejects(notFound());
    glue.on(GetTableCommand).rejects(notFound());

    const summary = await syncToGlue(client, [weekly], { database: 'acad', catalogId: '123456789012' });

    expect(glue.commandCalls(GetDatabaseCommand)[0].args[0].input).toEqual({ CatalogId: '123456789012', Name: 'acad' });
    expect(glue.commandCalls(CreateDatabaseCommand)[0].args[0].input).toEqual({
      CatalogId: '123456789012',
      DatabaseInput: { Name: 'acad', Description: 'Academics Data Platform datasets, synced from the platform catalog' },
    });
    expect(glue.commandCalls(GetTableCommand)[0].args[0].input).toEqual({
      CatalogId: '123456789012',
      DatabaseName: 'acad',
      Name: 'curated_attendance_weekly',
    });
    const columns = [
      { Name: 'course_code', Type: 'string', Comment: 'Course code.', Parameters: { 'acad:pii': 'none', 'acad:tags': 'key' } },
      { Name: 'sessions', Type: 'bigint', Comment: 'Sessions in the week.', Parameters: { 'acad:pii': 'none' } },
      { Name: 'rate', Type: 'decimal(18,2)', Comment: 'Attendance rate.', Parameters: { 'acad:pii': 'none' } },
      { Name: 'week_start', Type: 'date', Comment: 'Monday of the week.', Parameters: { 'acad:pii': 'none' } },
      {
        Name: 'student_key',
        Type: 'string',
        Comment: 'Pseudonymous student key.',
        Parameters: { 'acad:pii': 'quasi', 'acad:tags': 'pii:quasi' },
      },
    ];
    expect(glue.commandCalls(CreateTableCommand)[0].args[0].input).toEqual({
      CatalogId: '123456789012',
      DatabaseName: 'acad',
      TableInput: {
        Name: 'curated_attendance_weekly',
        Description: 'Weekly attendance per course section.',
        Owner: 'academics-data-engineering',
        TableType: 'EXTERNAL_TABLE',
        Parameters: {
          classification: 'parquet',
          'acad:zone': 'curated',
          'acad:dataset': 'attendance_weekly',
          'acad:contract_version': '3',
          'acad:pii_classes': 'quasi',
          'acad:upstream': 'trusted.attendance,trusted.courses',
          'acad:freshness_sla_hours': '24',
        },
        StorageDescriptor: { Columns: columns, Location: 's3://acad-curated/attendance_weekly/', ...PARQUET },
        PartitionKeys: [{ Name: 'term', Type: 'string', Comment: 'Partition term' }],
      },
    });
    // A table created just now has no partitions to list.
    expect(glue.commandCalls(GetPartitionsCommand)).toHaveLength(0);
    expect(glue.commandCalls(BatchCreatePartitionCommand)[0].args[0].input).toEqual({
      CatalogId: '123456789012',
      DatabaseName: 'acad',
      TableName: 'curated_attendance_weekly',
      PartitionInputList: [
        {
          Values: ['2025-FALL'],
          StorageDescriptor: { Columns: columns, Location: 's3://acad-curated/attendance_weekly/term=2025-FALL/', ...PARQUET },
        },
        {
          Values: ['2026-SPRING'],
          StorageDescriptor: { Columns: columns, Location: 's3://acad-curated/attendance_weekly/term=2026-SPRING/', ...PARQUET },
        },
      ],
    });
    expect(summary).toEqual({
      database: 'acad',
      databaseCreated: true,
      tablesCreated: ['curated_attendance_weekly'],
      tablesUpdated: [],
      tablesUnchanged: [],
      partitionsCreated: 2,
      writeCalls: 3,
    });
  });

  it('keeps partition key columns out of the table columns and marks PII classes of a contract entry', async () => {
    glue.on(GetDatabaseCommand).resolves({ Database: { Name: 'acad' } });
    glue.on(GetTableCommand).rejects(notFound());
    const attendance = catalogEntryFromContract(
      { ...AttendanceContract, partition: { name: 'section', column: 'section', transform: 'value' } },
      'trusted',
      {
        location: 's3://acad-trusted/attendance/',
        now: '2025-09-01T00:00:00Z',
      },
    );
    await syncToGlue(client, [attendance], { database: 'acad' });
    const input = glue.commandCalls(CreateTableCommand)[0].args[0].input.TableInput;
    expect(input?.StorageDescriptor?.Columns?.map((c) => c.Name)).not.toContain('section');
    expect(input?.PartitionKeys).toEqual([{ Name: 'section', Type: 'string', Comment: 'Partition section' }]);
    expect(input?.Parameters?.['acad:pii_classes']).toBe('identifier');
    expect(input?.StorageDescriptor?.Columns?.find((c) => c.Name === 'student_id')?.Parameters).toEqual({
      'acad:pii': 'identifier',
      'acad:tags': 'key,required,pii:identifier,tokenized',
    });
    expect(glue.commandCalls(CreateDatabaseCommand)).toHaveLength(0);
  });

  it('sends no writes on a second sync against what the first sync created', async () => {
    glue.on(GetDatabaseCommand).rejects(notFound());
    glue.on(GetTableCommand).rejects(notFound());
    await syncToGlue(client, [weekly], { database: 'acad' });
    const created = glue.commandCalls(CreateTableCommand)[0].args[0].input.TableInput as TableInput;
    const partitions = glue.commandCalls(BatchCreatePartitionCommand).flatMap((c) => c.args[0].input.PartitionInputList ?? []);

    glue.reset();
    glue.on(GetDatabaseCommand).resolves({ Database: { Name: 'acad' } });
    glue.on(GetTableCommand).resolves({ Table: tableAsGlueReturnsIt(created, 'acad') });
    glue
      .on(GetPartitionsCommand)
      .resolves({ Partitions: partitions.map((p) => ({ ...p, DatabaseName: 'acad', TableName: created.Name })) });
    const summary = await syncToGlue(client, [weekly], { database: 'acad' });

    expect(writes()).toBe(0);
    expect(glue.commandCalls(GetPartitionsCommand)[0].args[0].input).toEqual({
      DatabaseName: 'acad',
      TableName: 'curated_attendance_weekly',
    });
    expect(summary).toEqual({
      database: 'acad',
      databaseCreated: false,
      tablesCreated: [],
      tablesUpdated: [],
      tablesUnchanged: ['curated_attendance_weekly'],
      partitionsCreated: 0,
      writeCalls: 0,
    });
  });

  it('does not rewrite a table for changes Glue does not hold: row counts, bytes, times', async () => {
    glue.on(GetDatabaseCommand).resolves({ Database: { Name: 'acad' } });
    glue.on(GetTableCommand).resolves({ Table: tableAsGlueReturnsIt(glueTableInput(weekly), 'acad') });
    glue.on(GetPartitionsCommand).resolves({ Partitions: partitionsAsGlueReturnsThem(weekly) });
    await syncToGlue(
      client,
      [{ ...weekly, rowCount: 9000, bytes: 123456, updatedAt: '2025-10-01T00:00:00.000Z', lastSuccessAt: '2025-10-01T00:00:00.000Z' }],
      { database: 'acad' },
    );
    expect(writes()).toBe(0);
  });

  it('updates a changed table, keeping parameters Glue added, and creates only the missing partitions', async () => {
    glue.on(GetDatabaseCommand).resolves({ Database: { Name: 'acad' } });
    glue.on(GetTableCommand).resolves({ Table: tableAsGlueReturnsIt(glueTableInput(weekly), 'acad') });
    glue.on(GetPartitionsCommand).resolves({ Partitions: partitionsAsGlueReturnsThem(weekly) });
    const changed: CatalogEntry = {
      ...weekly,
      contractVersion: 4,
      columns: [...weekly.columns, { name: 'late', type: 'bigint', description: 'Late arrivals.', pii: 'none', tags: [] }],
      partitions: [...weekly.partitions, 'term=2026-SUMMER'],
    };

    const summary = await syncToGlue(client, [changed], { database: 'acad' });

    const update = glue.commandCalls(UpdateTableCommand)[0].args[0].input;
    expect(update).toEqual({
      DatabaseName: 'acad',
      TableInput: {
        ...glueTableInput(changed),
        Parameters: { transient_lastDdlTime: '1756684800', ...glueTableInput(changed).Parameters },
      },
    });
    expect(update.TableInput?.Parameters?.['acad:contract_version']).toBe('4');
    expect(update.TableInput?.StorageDescriptor?.Columns?.at(-1)).toEqual({
      Name: 'late',
      Type: 'bigint',
      Comment: 'Late arrivals.',
      Parameters: { 'acad:pii': 'none' },
    });
    expect(glue.commandCalls(BatchCreatePartitionCommand).map((c) => c.args[0].input.PartitionInputList?.map((p) => p.Values))).toEqual([
      [['2026-SUMMER']],
    ]);
    expect(glue.commandCalls(CreateTableCommand)).toHaveLength(0);
    expect(summary).toMatchObject({ tablesUpdated: ['curated_attendance_weekly'], partitionsCreated: 1, writeCalls: 2 });
  });

  it('pages through existing partitions and creates the rest in chunks of 100', async () => {
    const many: CatalogEntry = { ...weekly, partitions: Array.from({ length: 260 }, (_, i) => `term=T${String(i).padStart(3, '0')}`) };
    glue.on(GetDatabaseCommand).resolves({ Database: { Name: 'acad' } });
    glue.on(GetTableCommand).resolves({ Table: tableAsGlueReturnsIt(glueTableInput(many), 'acad') });
    glue
      .on(GetPartitionsCommand)
      .resolvesOnce({ Partitions: [{ Values: ['T000'] }, { Values: ['T001'] }], NextToken: 'page-2' })
      .resolvesOnce({ Partitions: [{ Values: ['T002'] }, { Values: ['OLD'] }] });

    const summary = await syncToGlue(client, [many], { database: 'acad' });

    expect(glue.commandCalls(GetPartitionsCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'page-2']);
    const chunks = glue.commandCalls(BatchCreatePartitionCommand).map((c) => c.args[0].input.PartitionInputList ?? []);
    expect(chunks.map((c) => c.length)).toEqual([100, 100, 57]);
    expect(chunks[0][0].Values).toEqual(['T003']);
    expect(chunks[2].at(-1)?.Values).toEqual(['T259']);
    expect(summary).toMatchObject({ partitionsCreated: 257, writeCalls: 3 });
  });

  it('accepts partitions that already exist but fails with GLUE_SYNC_FAILED on other partition errors', async () => {
    glue.on(GetDatabaseCommand).resolves({ Database: { Name: 'acad' } });
    glue.on(GetTableCommand).rejects(notFound());
    glue.on(BatchCreatePartitionCommand).resolves({
      Errors: [{ PartitionValues: ['2025-FALL'], ErrorDetail: { ErrorCode: 'AlreadyExistsException', ErrorMessage: 'exists' } }],
    });
    await expect(syncToGlue(client, [weekly], { database: 'acad' })).resolves.toMatchObject({
      tablesCreated: ['curated_attendance_weekly'],
    });

    glue.on(BatchCreatePartitionCommand).resolves({
      Errors: [{ PartitionValues: ['2026-SPRING'], ErrorDetail: { ErrorCode: 'InvalidInputException', ErrorMessage: 'bad location' } }],
    });
    const failed = syncToGlue(client, [weekly], { database: 'acad' });
    await expect(failed).rejects.toThrow(GlueSyncFailed);
    await expect(failed).rejects.toMatchObject({
      code: 'GLUE_SYNC_FAILED',
      message: expect.stringContaining('2026-SPRING: InvalidInputException bad location'),
    });
  });

  it('names the table when Glue refuses a call', async () => {
    glue.on(GetDatabaseCommand).resolves({ Database: { Name: 'acad' } });
    glue
      .on(GetTableCommand)
      .rejects(new GlueServiceException({ name: 'AccessDeniedException', $fault: 'client', message: 'not allowed', $metadata: {} }));
    await expect(syncToGlue(client, [weekly], { database: 'acad' })).rejects.toMatchObject({
      code: 'GLUE_SYNC_FAILED',
      message: 'Glue sync of table "curated_attendance_weekly" failed: AccessDeniedException: not allowed',
    });
    expect(writes()).toBe(0);
  });

  it('refuses a partition that does not follow the partition keys', async () => {
    glue.on(GetDatabaseCommand).resolves({ Database: { Name: 'acad' } });
    glue.on(GetTableCommand).resolves({ Table: tableAsGlueReturnsIt(glueTableInput(weekly), 'acad') });
    glue.on(GetPartitionsCommand).resolves({ Partitions: [] });
    await expect(syncToGlue(client, [{ ...weekly, partitions: ['week=2025-W36'] }], { database: 'acad' })).rejects.toThrow(
      /does not follow the keys term/,
    );
    expect(glue.commandCalls(BatchCreatePartitionCommand)).toHaveLength(0);
  });
});
