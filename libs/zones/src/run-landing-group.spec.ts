import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalQualityHistoryStore, qualityBlock } from '@acad/quality';
import type { BatchSummary } from './batch-summary';
import { readSnapshot } from './commit-log';
import { landFile } from './land-file';
import { openLakeQuery } from './open-lake-query';
import { runLandingFile } from './run-landing-file';
import { runLandingFiles } from './run-landing-files';
import type { ZoneContext } from './zone-context';
import { keysIn, tempDir, testZoneContext } from './zone-fixture.test-support';

jest.setTimeout(120_000);

const HEADER = 'student_id,course_code,section,session_date,status,minutes_late,recorded_at,source_system';

/** Four small deliveries: a correction, a stale re-submission, a repeat within a file and an invalid row. */
const DELIVERIES: Record<string, string[]> = {
  'a.csv': [
    HEADER,
    'S1000001,ZZ101,A,2025-09-01,absent,,2025-09-01T10:00:00Z,lms',
    'S1000002,ZZ101,A,2025-09-01,present,,2025-09-01T10:00:00Z,lms',
    'S1000003,ZZ101,A,2025-09-01,asleep,,2025-09-01T10:00:00Z,lms',
  ],
  'b.csv': [
    HEADER,
    'S1000001,ZZ101,A,2025-09-01,excused,,2025-09-02T09:00:00Z,registrar',
    'S1000004,ZZ101,A,2025-10-06,present,,2025-10-06T10:00:00Z,lms',
    'S1000004,ZZ101,A,2025-10-06,late,12,2025-10-06T10:05:00Z,lms',
  ],
  'c.csv': [
    HEADER,
    'S1000002,ZZ101,A,2025-09-01,late,5,2025-08-31T10:00:00Z,lms',
    'S1000005,ZZ101,A,2025-11-03,present,,2025-11-03T10:00:00Z,lms',
  ],
};

/** Trusted rows as a reader sees them, without the time of ingestion. */
async function trustedRows(ctx: ZoneContext): Promise<unknown[]> {
  const lake = await openLakeQuery(ctx.stores);
  try {
    return await lake.engine.query('SELECT * EXCLUDE (_ingested_at) FROM trusted.attendance ORDER BY ALL');
  } finally {
    await lake.close();
  }
}

describe('runLandingFiles promoting small files together (group commit)', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  const paths: Record<string, string> = {};

  beforeEach(async () => {
    work = await tempDir('acad-group-');
    for (const [name, lines] of Object.entries(DELIVERIES)) {
      paths[name] = join(work.path, name);
      await writeFile(paths[name], `${lines.join('\n')}\n`);
    }
  });

  afterEach(async () => {
    await work.remove();
  });

  async function land(ctx: ZoneContext, names: string[]): Promise<{ dataset: string; key: string }[]> {
    const landed = [];
    for (const name of names) landed.push({ dataset: 'attendance', key: await landFile(ctx.stores.landing, 'attendance', paths[name]) });
    return landed;
  }

  it('commits the batches in one log object, each with its own counts, and trusted as one-by-one runs leave it', async () => {
    const history = new LocalQualityHistoryStore(join(work.path, 'grouped'));
    const grouped = testZoneContext(join(work.path, 'grouped'), { qualityHistory: history });
    const landed = await land(grouped, ['a.csv', 'b.csv', 'c.csv']);
    const began = performance.now();
    const summaries = await runLandingFiles(grouped, landed);
    const wallMs = performance.now() - began;
    // The batches share the group's time by rows read (3, 3, 2): their durations add up to it, not to three times it.
    const durations = summaries.map((s) => s.durationMs);
    expect(durations.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(wallMs);
    expect(durations[0]).toBeGreaterThan(0);
    expect(durations[0]).toBe(durations[1]);
    expect(Math.abs(durations[2] - (durations[0] * 2) / 3)).toBeLessThanOrEqual(1);
    expect(summaries.map((s) => [s.file, s.status, s.rows])).toEqual([
      // a's S1000001 is superseded by b inside the group: it never reaches trusted (a duplicate).
      ['a.csv', 'committed', { read: 3, accepted: 1, duplicates: 1, quarantined: 1 }],
      // b: the correction and the later of its two S1000004 rows.
      ['b.csv', 'committed', { read: 3, accepted: 2, duplicates: 1, quarantined: 0 }],
      // c: its S1000002 is older than a's.
      ['c.csv', 'committed', { read: 2, accepted: 1, duplicates: 1, quarantined: 0 }],
    ]);
    const logObjects = await keysIn(grouped.stores.platform, '_log/');
    expect(logObjects).toHaveLength(1);
    const record = JSON.parse((await grouped.stores.platform.getBytes(logObjects[0])).toString('utf8')) as {
      kind: string;
      batches: { batchId: string }[];
    };
    expect(record.kind).toBe('group');
    expect(record.batches.map((b) => b.batchId)).toEqual(summaries.map((s) => s.batchId));
    const snapshot = await readSnapshot(grouped.stores.platform);
    expect(snapshot.entries.map((e) => [e.seq, e.file])).toEqual([
      [1, 'a.csv'],
      [1, 'b.csv'],
      [1, 'c.csv'],
    ]);
    // Each batch keeps its own raw file; the invalid row is quarantined with its batch.
    expect(snapshot.entries.map((e) => e.raw.length)).toEqual([1, 1, 1]);
    expect(snapshot.entries[0].quarantine).toEqual([`attendance/batch=${summaries[0].batchId}/invalid.parquet.enc`]);
    expect(await keysIn(grouped.stores.landing)).toEqual([]);

    // The same keys, so tokens compare equal.
    const aloneHistory = new LocalQualityHistoryStore(join(work.path, 'one-by-one'));
    const oneByOne = testZoneContext(join(work.path, 'one-by-one'), { protection: grouped.protection, qualityHistory: aloneHistory });
    const alone: BatchSummary[] = [];
    for (const { key } of await land(oneByOne, ['a.csv', 'b.csv', 'c.csv'])) alone.push(await runLandingFile(oneByOne, 'attendance', key));
    // Each batch was judged on its own rows, as alone (the grouped scan measured all three).
    expect(summaries.map((s) => s.quality)).toEqual(alone.map((s) => s.quality));
    expect(summaries[0].quality.warned).toBeGreaterThan(0);
    // Each batch's quality is kept in the history under its own id, in delivery order, and the
    // summary's quality block is that record's, on both paths.
    const records = await history.history('attendance');
    expect(records.map((r) => r.batchId)).toEqual(summaries.map((s) => s.batchId));
    expect(records.map(qualityBlock)).toEqual(summaries.map((s) => s.quality));
    expect((await aloneHistory.history('attendance')).map(qualityBlock)).toEqual(alone.map((s) => s.quality));
    // The key's uniqueness comes from the promotion's de-duplication, not a scan: each batch's own
    // rows, one per key (b delivered S1000004 twice), grouped or alone.
    const keyResults = (rs: typeof records) => rs.map((r) => r.results.find((x) => x.ruleId === 'attendance.key'));
    const measured = (n: number) => ({
      outcome: 'passed',
      metric: 1,
      failingRows: 0,
      detail: `measured by the promotion: ${n} rows after de-duplication on the key, one per key`,
    });
    expect(keyResults(records)).toEqual([measured(2), measured(2), measured(2)].map(expect.objectContaining));
    expect(keyResults(await aloneHistory.history('attendance'))).toEqual(keyResults(records));
    // a's 'asleep' row went to quarantine: the accepted rows pass the enum rule, the record says why it warned.
    const results = new Map(records[0].results.map((r) => [r.ruleId, r]));
    expect(results.get('attendance.status.enum')).toMatchObject({
      type: 'ColumnValues',
      outcome: 'warned',
      failingRows: 0,
      quarantinedRows: 1,
    });
    expect(results.get('attendance.session_date.type')).toMatchObject({
      type: 'ContractRule',
      outcome: 'passed',
      metric: 1,
      quarantinedRows: 0,
    });
    expect(records[1].results.find((r) => r.ruleId === 'attendance.status.enum')).toMatchObject({ outcome: 'passed', quarantinedRows: 0 });
    const rows = await trustedRows(grouped);
    expect(rows).toHaveLength(4);
    expect(rows).toEqual(await trustedRows(oneByOne));
  });

  it('reports a repeated file of the group as a duplicate', async () => {
    const ctx = testZoneContext(join(work.path, 'home'));
    const again = join(work.path, 'a-again.csv');
    await writeFile(again, await readFile(paths['a.csv']));
    const landed = [
      ...(await land(ctx, ['a.csv', 'b.csv'])),
      { dataset: 'attendance', key: await landFile(ctx.stores.landing, 'attendance', again) },
    ];
    const summaries = await runLandingFiles(ctx, landed);
    expect(summaries.map((s) => [s.file, s.status])).toEqual([
      ['a.csv', 'committed'],
      ['b.csv', 'committed'],
      ['a-again.csv', 'duplicate'],
    ]);
    expect(summaries[2].batchId).toBe(summaries[0].batchId);
    expect(await keysIn(ctx.stores.landing)).toEqual([]);
  });

  it('rejects an unreadable file of the group, moves it to the rejected area and commits the others', async () => {
    const ctx = testZoneContext(join(work.path, 'home'));
    const bad = join(work.path, 'no-status.csv');
    await writeFile(bad, 'student_id,course_code,section,session_date\nS1000009,ZZ101,A,2025-09-01\n');
    const landed = await land(ctx, ['a.csv']);
    const badKey = await landFile(ctx.stores.landing, 'attendance', bad);
    landed.push({ dataset: 'attendance', key: badKey }, ...(await land(ctx, ['c.csv'])));
    const summaries = await runLandingFiles(ctx, landed);
    expect(summaries.map((s) => [s.file, s.status])).toEqual([
      ['a.csv', 'committed'],
      ['no-status.csv', 'rejected'],
      ['c.csv', 'committed'],
    ]);
    expect(summaries[1].problem).toMatch(/no-status\.csv.*status/);
    expect(await keysIn(ctx.stores.landing)).toEqual([]);
    expect(await keysIn(ctx.stores.rejected)).toEqual([
      `attendance/${summaries[1].batchId}/no-status.csv.enc`,
      `attendance/${summaries[1].batchId}/rejection.json`,
    ]);
    expect(await keysIn(ctx.stores.platform, '_log/')).toHaveLength(1);
  });

  it('runs the files one by one when a batch fails its quality gate, so only that one fails', async () => {
    const ctx = testZoneContext(join(work.path, 'home'));
    // No record is accepted: RowCount > 0 (severity error) fails the gate.
    const empty = join(work.path, 'empty.csv');
    await writeFile(empty, `${HEADER}\nnobody,ZZ101,A,2025-09-01,present,,,lms\n`);
    const landed = await land(ctx, ['a.csv']);
    const emptyKey = await landFile(ctx.stores.landing, 'attendance', empty);
    landed.push({ dataset: 'attendance', key: emptyKey }, ...(await land(ctx, ['b.csv'])));
    const summaries: BatchSummary[] = await runLandingFiles(ctx, landed);
    expect(summaries.map((s) => [s.file, s.status])).toEqual([
      ['a.csv', 'committed'],
      ['empty.csv', 'failed'],
      ['b.csv', 'committed'],
    ]);
    // Run alone, a's S1000001 reached trusted before b corrected it.
    expect(summaries[0].rows).toEqual({ read: 3, accepted: 2, duplicates: 0, quarantined: 1 });
    expect(await keysIn(ctx.stores.landing)).toEqual([emptyKey]);
    expect(await keysIn(ctx.stores.platform, '_log/')).toHaveLength(2);
  });
});
