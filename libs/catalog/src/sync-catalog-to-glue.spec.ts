import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchCreatePartitionCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  EntityNotFoundException,
  GetDatabaseCommand,
  GetTableCommand,
  GlueClient,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { LocalCatalogStore } from './local-catalog-store';
import { LocalOpenLineageEmitter } from './openlineage-emitter';
import { SAMPLE_SEQUENCE } from './promotion.test-support';
import { recordPromotion } from './record-promotion';
import { syncCatalogToGlue } from './sync-catalog-to-glue';

const glue = mockClient(GlueClient);

describe('syncCatalogToGlue', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'acad-glue-sync-'));
    glue.reset();
    glue.on(GetDatabaseCommand).rejects(new EntityNotFoundException({ message: 'Entity Not Found', $metadata: {} }));
    glue.on(GetTableCommand).rejects(new EntityNotFoundException({ message: 'Entity Not Found', $metadata: {} }));
    glue.on(CreateDatabaseCommand).resolves({});
    glue.on(CreateTableCommand).resolves({});
    glue.on(BatchCreatePartitionCommand).resolves({ Errors: [] });
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('creates one table per catalogued entry, with partitions, after a promotion sequence', async () => {
    const catalog = await LocalCatalogStore.open(home);
    for (const promotion of SAMPLE_SEQUENCE) await recordPromotion(catalog, new LocalOpenLineageEmitter(home), promotion);

    const summary = await syncCatalogToGlue(catalog, new GlueClient({ region: 'eu-west-1' }), { database: 'acad_lake' });

    const entries = await catalog.list();
    expect(summary.tablesCreated).toEqual(entries.map((e) => `${e.zone}_${e.name}`));
    expect(glue.commandCalls(UpdateTableCommand)).toHaveLength(0);
    const created = (table: string) =>
      glue.commandCalls(CreateTableCommand).find((c) => c.args[0].input.TableInput?.Name === table)?.args[0].input;
    const trusted = created('trusted_attendance');
    expect(trusted?.DatabaseName).toBe('acad_lake');
    expect(trusted?.TableInput?.PartitionKeys).toEqual([{ Name: 'session_month', Type: 'string', Comment: 'Partition session_month' }]);
    expect(trusted?.TableInput?.StorageDescriptor?.Location).toBe('file:///lake/trusted/attendance/');
    // Landing files are not datasets and change every delivery, so they stay out of Glue.
    expect(created('raw_attendance')?.TableInput?.Parameters?.['acad:upstream']).toBe('');
    const partitions = glue.commandCalls(BatchCreatePartitionCommand).find((c) => c.args[0].input.TableName === 'trusted_attendance')
      ?.args[0].input;
    expect(partitions?.PartitionInputList?.map((p) => p.Values)).toEqual([['2025-09'], ['2025-10']]);
  });
});
