import { AdmissionsContract, AttendanceContract, DATASET_CONTRACTS } from '@acad/schemas';
import { CatalogEntrySchema } from './catalog-entry';
import { catalogEntryFromContract } from './entry-from-contract';

const now = '2025-09-02T10:00:00.000Z';

describe('catalogEntryFromContract', () => {
  it('describes trusted attendance with typed columns, tags, partition key and upstream raw', () => {
    const entry = catalogEntryFromContract(AttendanceContract, 'trusted', {
      location: 's3://acad-trusted/attendance/',
      now,
      partitions: ['session_month=2025-09'],
    });
    expect(entry).toMatchObject({
      name: 'attendance',
      zone: 'trusted',
      owner: 'academics-data-engineering',
      contractVersion: 1,
      format: 'parquet',
      location: 's3://acad-trusted/attendance/',
      partitionKeys: ['session_month'],
      partitions: ['session_month=2025-09'],
      freshnessSlaHours: 48,
      upstream: ['raw.attendance'],
      createdAt: now,
      updatedAt: now,
      rowCount: 0,
      bytes: 0,
    });
    expect(entry.columns.map((c) => [c.name, c.type])).toEqual([
      ['student_id', 'string'],
      ['course_code', 'string'],
      ['section', 'string'],
      ['session_date', 'date'],
      ['status', 'string'],
      ['minutes_late', 'bigint'],
      ['recorded_at', 'timestamp'],
      ['source_system', 'string'],
    ]);
    expect(entry.columns.find((c) => c.name === 'student_id')).toEqual({
      name: 'student_id',
      type: 'string',
      description: 'Student number from the SIS.',
      pii: 'identifier',
      tags: ['key', 'required', 'pii:identifier', 'tokenized'],
    });
    expect(entry.columns.find((c) => c.name === 'session_date')?.tags).toEqual(['key', 'required', 'partition-source:session_month']);
  });

  it('stores direct identifiers in trusted as text (ciphertext) and keeps decimal scale', () => {
    const entry = catalogEntryFromContract(AdmissionsContract, 'trusted', { location: '/lake/trusted/admissions', now });
    const byName = new Map(entry.columns.map((c) => [c.name, c]));
    expect(byName.get('date_of_birth')).toMatchObject({ type: 'string', pii: 'direct', tags: ['required', 'pii:direct', 'encrypted'] });
    expect(byName.get('email')?.tags).toContain('pii:direct');
    expect(byName.get('gender')).toMatchObject({ pii: 'sensitive', tags: ['pii:sensitive'] });
    expect(byName.get('prior_gpa')?.type).toBe('decimal(18,2)');
    expect(byName.get('application_date')?.type).toBe('date');
    expect(entry.partitionKeys).toEqual(['intake_term']);
  });

  it('describes raw as text columns plus row-lineage columns, with no partitions or upstream', () => {
    const entry = catalogEntryFromContract(AttendanceContract, 'raw', { location: '/lake/raw/attendance', now });
    expect(entry.columns.filter((c) => !c.name.startsWith('_')).every((c) => c.type === 'string')).toBe(true);
    expect(entry.columns.slice(-4).map((c) => [c.name, c.type])).toEqual([
      ['_batch_id', 'string'],
      ['_source_file', 'string'],
      ['_row_number', 'bigint'],
      ['_ingested_at', 'timestamp'],
    ]);
    expect(entry.partitionKeys).toEqual([]);
    expect(entry.upstream).toEqual([]);
  });

  it('adds the zone-specific extra columns and explicit upstream of quarantine', () => {
    const entry = catalogEntryFromContract(AttendanceContract, 'quarantine', {
      location: '/lake/quarantine/attendance',
      now,
      upstream: ['raw.attendance'],
      extraColumns: [{ name: '_violations', type: 'string', description: 'Rule ids and reasons.', pii: 'none', tags: [] }],
    });
    expect(entry.columns.at(-1)?.name).toBe('_violations');
    expect(entry.upstream).toEqual(['raw.attendance']);
  });

  it('gives every contract a valid entry in every contract zone', () => {
    for (const contract of DATASET_CONTRACTS) {
      for (const zone of ['raw', 'quarantine', 'trusted'] as const) {
        const entry = catalogEntryFromContract(contract, zone, { location: `/lake/${zone}/${contract.name}`, now });
        expect(CatalogEntrySchema.safeParse(entry).success).toBe(true);
        expect(entry.columns.map((c) => c.name)).toEqual(expect.arrayContaining(contract.columns.map((c) => c.name)));
      }
    }
  });
});
