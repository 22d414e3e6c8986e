import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalEmfSink, type Metric } from '@acad/monitoring';
import { LocalFsObjectStore } from '@acad/storage';

export interface SampleHome {
  home: string;
  /** When the sample batches ran. */
  batchTime: Date;
}

function batch(dataset: string, read: number, accepted: number, quarantined: number, durationMs: number, timestamp: Date): Metric[] {
  const dimensions = { Dataset: dataset };
  return [
    { name: 'RowsRead', unit: 'Count', value: read, dimensions, timestamp },
    { name: 'RowsAccepted', unit: 'Count', value: accepted, dimensions, timestamp },
    { name: 'RowsQuarantined', unit: 'Count', value: quarantined, dimensions, timestamp },
    { name: 'BatchDurationMs', unit: 'Milliseconds', value: durationMs, dimensions, timestamp },
  ];
}

/**
 * A temporary ACAD_HOME laid out as the ingestion worker leaves it: files in zone folders and
 * EMF lines under metrics/. attendance: 2 batches, the newer one 10% quarantined; grades: 1 batch, 1%.
 */
export async function createSampleHome(batchTime = new Date(Date.now() - 60 * 60 * 1000)): Promise<SampleHome> {
  const home = mkdtempSync(join(tmpdir(), 'acad-reporter-'));
  const zone = (name: string) => new LocalFsObjectStore(join(home, 'zones', name));
  await zone('landing').put('attendance/2025-03-04/attendance.csv', 'x'.repeat(1000));
  await zone('raw').put('attendance/batch=b1/part-0.parquet', 'x'.repeat(400));
  await zone('raw').put('attendance/batch=b2/part-0.parquet', 'x'.repeat(600));
  await zone('raw').put('grades/batch=b3/part-0.parquet', 'x'.repeat(50));
  await zone('quarantine').put('attendance/batch=b2/rejected.parquet', 'x'.repeat(30));
  await zone('trusted').put('_manifests/attendance.json', '{}');
  const earlier = new Date(batchTime.getTime() - 60_000);
  await new LocalEmfSink(home, { now: () => batchTime }).publish([
    ...batch('attendance', 100, 98, 2, 1200, earlier),
    ...batch('attendance', 200, 180, 20, 3400, batchTime),
    ...batch('grades', 100, 99, 1, 800, batchTime),
  ]);
  return { home, batchTime };
}
