import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttendanceContract, CoursesContract, column, type DatasetContract } from '@acad/schemas';
import { IncompatibleSchemaChange } from './catalog-errors';
import { renderLineageTree } from './lineage-tree-text';
import { LocalCatalogStore } from './local-catalog-store';
import { LocalOpenLineageEmitter } from './openlineage-emitter';
import { OpenLineageRunEventSchema } from './openlineage-event';
import { BUILT, SAMPLE_SEQUENCE, samplePromotion } from './promotion.test-support';
import { recordPromotion, recordPromotions } from './record-promotion';

describe('recordPromotion', () => {
  let home: string;
  let catalog: LocalCatalogStore;
  let lineage: LocalOpenLineageEmitter;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'acad-record-promotion-'));
    catalog = await LocalCatalogStore.open(home);
    lineage = new LocalOpenLineageEmitter(home);
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  describe('after the sample sequence (students → courses → attendance → admissions)', () => {
    beforeEach(async () => {
      for (const promotion of SAMPLE_SEQUENCE) await recordPromotion(catalog, lineage, promotion);
    });

    it('catalogues every dataset in raw, quarantine and trusted, and every rebuilt product', async () => {
      const names = (await catalog.list()).map((e) => `${e.zone}.${e.name}`);
      for (const dataset of ['students', 'courses', 'attendance', 'admissions']) {
        expect(names).toEqual(expect.arrayContaining([`raw.${dataset}`, `quarantine.${dataset}`, `trusted.${dataset}`]));
      }
      expect(names).toEqual(
        expect.arrayContaining([
          'curated.attendance_weekly',
          'curated.student_attendance_risk',
          'curated.attendance_by_department',
          'curated.admissions_funnel',
        ]),
      );
      expect(await catalog.get('trusted', 'attendance')).toMatchObject({
        rowCount: 990,
        bytes: 2048,
        partitionKeys: ['session_month'],
        partitions: ['session_month=2025-09', 'session_month=2025-10'],
        location: 'file:///lake/trusted/attendance/',
        lastSuccessAt: '2025-09-02T10:00:05.000Z',
        qualityScore: 0.9,
        contractVersion: AttendanceContract.version,
      });
      // Unpartitioned reference data keeps its rows under `all`, which is not a partition.
      expect(await catalog.get('trusted', 'students')).toMatchObject({ partitionKeys: [], partitions: [], rowCount: 200 });
      expect(await catalog.get('curated', 'attendance_weekly')).toMatchObject({ rowCount: 120, owner: AttendanceContract.owner });
      expect((await catalog.get('quarantine', 'attendance'))?.columns.map((c) => c.name)).toContain('_violations');
    });

    it('answers dataset lineage from each landing file to each curated product', async () => {
      const up = await catalog.lineage('curated.attendance_by_department');
      expect(renderLineageTree(up.upstream)).toBe(
        [
          'curated.attendance_by_department',
          '├── trusted.attendance',
          '│   └── raw.attendance',
          '│       └── landing:attendance/attendance.csv',
          '└── trusted.courses',
          '    └── raw.courses',
          '        └── landing:courses/courses.csv',
        ].join('\n'),
      );
      expect((await catalog.lineage('trusted.attendance')).upstream.children.map((c) => c.name)).toEqual(['raw.attendance']);
      const down = await catalog.lineage('raw.attendance');
      expect(down.downstream.children.map((c) => c.name)).toEqual(['quarantine.attendance', 'trusted.attendance']);
      expect(down.downstream.children[1].children.map((c) => c.name)).toEqual([
        'curated.attendance_by_department',
        'curated.attendance_weekly',
        'curated.student_attendance_risk',
      ]);
    });

    it('answers column lineage declared by the models', async () => {
      const rate = await catalog.columnLineage('curated.attendance_weekly.attendance_rate');
      expect(renderLineageTree(rate.upstream)).toBe(
        ['curated.attendance_weekly.attendance_rate', '└── trusted.attendance.status', '    └── raw.attendance.status'].join('\n'),
      );
      const department = await catalog.columnLineage('trusted.courses.department');
      expect(department.downstream.children.map((c) => c.name)).toEqual(['curated.attendance_by_department.department']);
    });

    it('finds datasets by search and keeps PII classes and derived keys on columns', async () => {
      expect((await catalog.search('department')).map((e) => `${e.zone}.${e.name}`)[0]).toBe('curated.attendance_by_department');
      const risk = await catalog.get('curated', 'student_attendance_risk');
      // A text key derived from one identifier is still an identifier; a count of them is not.
      expect(risk?.columns.find((c) => c.name === 'student_key')?.pii).toBe('identifier');
      const weekly = await catalog.get('curated', 'attendance_weekly');
      expect(weekly?.columns.find((c) => c.name === 'students')).toMatchObject({ type: 'bigint', pii: 'none' });
      expect(weekly?.columns.find((c) => c.name === 'attendance_rate')?.type).toBe('decimal(5,4)');
      expect(weekly?.columnLineage?.attendance_rate).toEqual(['trusted.attendance.status']);
    });

    it('records batches and contract versions, and emits START then COMPLETE per promotion', async () => {
      expect(await catalog.batches('attendance')).toEqual([
        expect.objectContaining({
          batchId: 'attendance-0001',
          status: 'committed',
          outputs: [
            'raw.attendance',
            'quarantine.attendance',
            'trusted.attendance',
            'curated.attendance_weekly',
            'curated.student_attendance_risk',
            'curated.attendance_by_department',
          ],
        }),
      ]);
      expect((await catalog.batches('students'))[0].outputs).not.toContain('quarantine.students');
      expect(await catalog.contractHistory('attendance')).toEqual([expect.objectContaining({ version: AttendanceContract.version })]);
      const events = await lineage.events();
      expect(events.map((e) => `${e.eventType} ${e.job.name}`)).toEqual([
        'START acad.promote.students',
        'COMPLETE acad.promote.students',
        'START acad.promote.courses',
        'COMPLETE acad.promote.courses',
        'START acad.promote.attendance',
        'COMPLETE acad.promote.attendance',
        'START acad.promote.admissions',
        'COMPLETE acad.promote.admissions',
      ]);
      for (const event of events) expect(OpenLineageRunEventSchema.safeParse(event).success).toBe(true);
      expect(events[4].run.runId).toBe(events[5].run.runId);
      expect(events[4].run.runId).not.toBe(events[2].run.runId);
    });
  });

  it('accumulates a second batch: partitions, counts and landing files, and rebuilds products whole', async () => {
    await recordPromotion(catalog, lineage, SAMPLE_SEQUENCE[2]);
    await recordPromotion(
      catalog,
      lineage,
      samplePromotion(AttendanceContract, {
        batchId: 'attendance-0002',
        file: 'attendance-oct.csv',
        finishedAt: '2025-10-02T10:00:00.000Z',
        rows: { read: 50, accepted: 50, duplicates: 0, quarantined: 0 },
        trustedPartitions: { 'session_month=2025-09': null, 'session_month=2025-11': 'attendance/session_month=2025-11/part-2.parquet' },
        curated: [BUILT.attendance_weekly(130)],
      }),
    );
    const trusted = await catalog.get('trusted', 'attendance');
    expect(trusted).toMatchObject({
      rowCount: 1040,
      partitions: ['session_month=2025-10', 'session_month=2025-11'],
      lastSuccessAt: '2025-10-02T10:00:00.000Z',
      createdAt: '2025-09-02T10:00:05.000Z',
    });
    expect((await catalog.get('raw', 'attendance'))?.upstream).toEqual([
      'landing:attendance/attendance-oct.csv',
      'landing:attendance/attendance.csv',
    ]);
    expect((await catalog.get('curated', 'attendance_weekly'))?.rowCount).toBe(130);
  });

  it('records a group of promotions as one after another would, in one change', async () => {
    const second = samplePromotion(AttendanceContract, {
      batchId: 'attendance-0002',
      file: 'attendance-oct.csv',
      finishedAt: '2025-10-02T10:00:00.000Z',
      rows: { read: 50, accepted: 48, duplicates: 1, quarantined: 1 },
      trustedPartitions: { 'session_month=2025-11': 'attendance/session_month=2025-11/part-2.parquet' },
      curated: [BUILT.attendance_weekly(130)],
    });
    const group = [SAMPLE_SEQUENCE[0], SAMPLE_SEQUENCE[2], second];
    for (const promotion of group) await recordPromotion(catalog, lineage, promotion);
    const oneByOne = {
      entries: await catalog.list(),
      batches: await catalog.batches('attendance'),
      events: (await lineage.events()).map((e) => [e.eventType, e.job.name]),
    };

    const otherHome = await mkdtemp(join(tmpdir(), 'acad-record-promotions-'));
    try {
      const grouped = await LocalCatalogStore.open(otherHome);
      const groupedLineage = new LocalOpenLineageEmitter(otherHome);
      const update = jest.spyOn(grouped, 'recordBatches');
      const results = await recordPromotions(grouped, groupedLineage, group);
      expect(update).toHaveBeenCalledTimes(1);
      expect(results.map((r) => r.alreadyRecorded)).toEqual([false, false, false]);
      expect(await grouped.list()).toEqual(oneByOne.entries);
      expect(await grouped.batches('attendance')).toEqual(oneByOne.batches);
      // START for each, then COMPLETE for each (one after another interleaves them).
      const events = (await groupedLineage.events()).map((e) => [e.eventType, e.job.name]);
      expect([...events].sort()).toEqual([...oneByOne.events].sort());
      // A retry of the same group counts nothing twice.
      expect((await recordPromotions(grouped, groupedLineage, group)).every((r) => r.alreadyRecorded)).toBe(true);
      expect((await grouped.get('raw', 'attendance'))?.rowCount).toBe((await catalog.get('raw', 'attendance'))?.rowCount);
    } finally {
      await rm(otherHome, { recursive: true, force: true });
    }
  });

  it('counts nothing twice when the same committed batch is recorded again (a retry)', async () => {
    await recordPromotion(catalog, lineage, SAMPLE_SEQUENCE[2]);
    const again = await recordPromotion(catalog, lineage, SAMPLE_SEQUENCE[2]);
    expect(again.alreadyRecorded).toBe(true);
    expect((await catalog.get('raw', 'attendance'))?.rowCount).toBe(1000);
    expect(await catalog.batches('attendance')).toHaveLength(1);
  });

  it('records a rejected file as a batch with no outputs and emits FAIL with the problem', async () => {
    const problem = 'attendance.csv lacks the required column "status"';
    await recordPromotion(
      catalog,
      lineage,
      samplePromotion(AttendanceContract, { status: 'rejected', problem, rows: { read: 0, accepted: 0, duplicates: 0, quarantined: 0 } }),
    );
    expect(await catalog.list()).toEqual([]);
    expect(await catalog.batches('attendance')).toEqual([expect.objectContaining({ status: 'rejected', outputs: [] })]);
    const [start, fail] = await lineage.events();
    expect(start.eventType).toBe('START');
    expect(fail).toMatchObject({
      eventType: 'FAIL',
      outputs: [],
      run: { facets: { errorMessage: { message: problem, programmingLanguage: 'TYPESCRIPT' } } },
    });
  });

  it('refuses an incompatible contract change naming the column, writes nothing, and emits FAIL; a forced migration is recorded', async () => {
    await recordPromotion(catalog, lineage, SAMPLE_SEQUENCE[1]);
    const withoutTitle: DatasetContract = {
      ...CoursesContract,
      version: CoursesContract.version + 1,
      columns: CoursesContract.columns.filter((c) => c.name !== 'title'),
    };
    const next = samplePromotion(withoutTitle, { batchId: 'courses-0002', rows: { read: 5, accepted: 5, duplicates: 0, quarantined: 0 } });
    await expect(recordPromotion(catalog, lineage, next)).rejects.toThrow(IncompatibleSchemaChange);
    await expect(recordPromotion(catalog, lineage, next)).rejects.toThrow(/column "title" was removed/);
    expect((await catalog.get('raw', 'courses'))?.rowCount).toBe(40);
    expect((await lineage.events()).at(-1)).toMatchObject({ eventType: 'FAIL', job: { name: 'acad.promote.courses' } });

    const forced = await recordPromotion(catalog, lineage, next, {
      contract: { force: true, migration: 'title dropped; old files keep it, readers ignore it' },
    });
    expect(forced.contract).toMatchObject({ recorded: true, version: CoursesContract.version + 1 });
    expect((await catalog.contractHistory('courses')).at(-1)?.migration).toMatch(/title dropped/);
    expect((await catalog.get('trusted', 'courses'))?.columns.map((c) => c.name)).not.toContain('title');
  });

  it('records a compatible change (a new optional column) as a new version', async () => {
    await recordPromotion(catalog, lineage, SAMPLE_SEQUENCE[1]);
    const withRoom: DatasetContract = {
      ...CoursesContract,
      version: CoursesContract.version + 1,
      columns: [...CoursesContract.columns, column('room', 'text', 'Room the section meets in.')],
    };
    const result = await recordPromotion(catalog, lineage, samplePromotion(withRoom, { batchId: 'courses-0002' }));
    expect(result.contract?.changes).toEqual([expect.objectContaining({ column: 'room', kind: 'added-optional' })]);
    expect((await catalog.get('trusted', 'courses'))?.contractVersion).toBe(CoursesContract.version + 1);
  });
});
