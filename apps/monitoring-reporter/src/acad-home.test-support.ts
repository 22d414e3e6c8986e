import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalEmfSink, type Metric } from '@acad/monitoring';
import { LocalFsObjectStore } from '@acad/storage';

export interface SampleHome {
  home: string;
  /** When the sample batches ran. */
  batchTime: Date;
}

/** Mid-month, so forecasts exist (a forecast needs 24 h of the month behind it). */
export const SAMPLE_BATCH_TIME = new Date('2025-03-16T10:00:00Z');

const homes: string[] = [];

afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** An empty folder under the OS temp dir, removed once the test file's tests are done. */
export function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'acad-reporter-'));
  homes.push(home);
  return home;
}

function batch(dataset: string, read: number, accepted: number, quarantined: number, durationMs: number, timestamp: Date): Metric[] {
  const dimensions = { Dataset: dataset };
  return [
    { name: 'BatchesCommitted', unit: 'Count', value: 1, dimensions, timestamp },
    { name: 'RowsRead', unit: 'Count', value: read, dimensions, timestamp },
    { name: 'RowsAccepted', unit: 'Count', value: accepted, dimensions, timestamp },
    { name: 'RowsDuplicate', unit: 'Count', value: read - accepted - quarantined, dimensions, timestamp },
    { name: 'RowsQuarantined', unit: 'Count', value: quarantined, dimensions, timestamp },
    { name: 'QualityScore', unit: 'Percent', value: (100 * accepted) / read, dimensions, timestamp },
    { name: 'BatchDurationMs', unit: 'Milliseconds', value: durationMs, dimensions, timestamp },
  ];
}

function commit(seq: number, dataset: string, committedAt: Date, raw: string[], quarantine: string[]) {
  return {
    seq,
    dataset,
    batchId: `b${seq}`,
    file: `${dataset}.csv`,
    contentSha256: '0'.repeat(64),
    committedAt: committedAt.toISOString(),
    runId: 'r',
    rows: { read: 1, accepted: 1, duplicates: 0, quarantined: 0 },
    quality: { passed: 1, warned: 0, failed: 0, score: 1 },
    raw,
    quarantine,
    trusted: { 'p=1': `${dataset}/p=1/part.parquet` },
    curated: {},
  };
}

/**
 * A temporary ACAD_HOME laid out as the ingestion worker leaves it: files in zone folders, a
 * commit log, and EMF lines under metrics/. attendance: 2 batches, the newer one 10% quarantined;
 * grades: 1 batch, 1%; one rejected file of attendance, waiting in the rejected area, and one
 * batch of attendance that failed its quality gate. Only attendance is a contract dataset
 * that committed, so students, courses and admissions miss their freshness SLA.
 */
export async function createSampleHome(batchTime = SAMPLE_BATCH_TIME): Promise<SampleHome> {
  const home = tempHome();
  const zone = (name: string) => new LocalFsObjectStore(join(home, 'zones', name));
  await zone('landing').put('attendance/2025-03-04/attendance.csv', 'x'.repeat(1000));
  await zone('raw').put('attendance/batch=b1/part-0.parquet', 'x'.repeat(400));
  await zone('raw').put('attendance/batch=b2/part-0.parquet', 'x'.repeat(600));
  await zone('raw').put('grades/batch=b3/part-0.parquet', 'x'.repeat(50));
  await zone('quarantine').put('attendance/batch=b2/rejected.parquet', 'x'.repeat(30));
  await zone('trusted').put('_manifests/attendance.json', '{}');
  const earlier = new Date(batchTime.getTime() - 60_000);
  const platform = new LocalFsObjectStore(join(home, 'platform'));
  await platform.put(
    '_log/000000000001.json',
    JSON.stringify(commit(1, 'attendance', earlier, ['attendance/batch=b1/part-0.parquet'], [])),
  );
  await platform.put(
    '_log/000000000002.json',
    JSON.stringify(commit(2, 'attendance', batchTime, ['attendance/batch=b2/part-0.parquet'], ['attendance/batch=b2/rejected.parquet'])),
  );
  await new LocalEmfSink(home, { now: () => batchTime }).publish([
    ...batch('attendance', 100, 98, 2, 1200, earlier),
    ...batch('attendance', 200, 180, 20, 3400, batchTime),
    ...batch('grades', 100, 99, 1, 800, batchTime),
    {
      name: 'BatchesRejected',
      unit: 'Count',
      value: 1,
      dimensions: { Dataset: 'attendance' },
      timestamp: new Date(batchTime.getTime() - 30_000),
    },
    {
      name: 'BatchesFailed',
      unit: 'Count',
      value: 1,
      dimensions: { Dataset: 'attendance' },
      timestamp: new Date(batchTime.getTime() - 20_000),
    },
  ]);
  // The rejected file waits in the rejected area: sealed bytes and its reason record.
  const id = 'b0123456789abcdef0123';
  await zone('rejected').put(`attendance/${id}/broken.csv.enc`, 'x'.repeat(70));
  await zone('rejected').put(
    `attendance/${id}/rejection.json`,
    JSON.stringify({ id, dataset: 'attendance', file: 'broken.csv', rejectedAt: new Date(batchTime.getTime() - 30_000).toISOString() }),
  );
  return { home, batchTime };
}
