import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monitoringDirectory, writeFileAtomically, type StorageSample, type ZoneUsage } from '@acad/monitoring';

export interface StorageSnapshot {
  at: string;
  zones: ZoneUsage[];
}

export interface DatasetStorage {
  dataset: string;
  objects: number;
  bytes: number;
  /** Change since the previous report; null when there was none. */
  growthBytes: number | null;
}

export interface ZoneStorage {
  zone: string;
  location: string;
  objects: number;
  bytes: number;
  growthBytes: number | null;
  datasets: DatasetStorage[];
}

const snapshotFile = (home: string) => join(monitoringDirectory(home), 'storage-snapshot.json');
const historyFile = (home: string) => join(monitoringDirectory(home), 'storage-history.jsonl');

/** The storage measured by the previous report, if any. */
export async function readPreviousSnapshot(home: string): Promise<StorageSnapshot | undefined> {
  const text = await readFile(snapshotFile(home), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return text === undefined ? undefined : (JSON.parse(text) as StorageSnapshot);
}

/** Bytes per zone at every past report, oldest first (for growth charts and month-to-date cost). */
export async function readStorageHistory(home: string): Promise<StorageSample[]> {
  const text = await readFile(historyFile(home), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { at: string; bytesByZone: Record<string, number> })
    .map((entry) => ({ at: new Date(entry.at), bytesByZone: entry.bytesByZone }));
}

export function bytesByZone(zones: readonly ZoneUsage[]): Record<string, number> {
  return Object.fromEntries(zones.map((z) => [z.zone, z.bytes]));
}

/** Keeps this report's storage as the next one's "previous", and appends it to the history. */
export async function saveStorageSnapshot(home: string, zones: readonly ZoneUsage[], at: Date): Promise<void> {
  await mkdir(monitoringDirectory(home), { recursive: true, mode: 0o700 });
  await writeFileAtomically(snapshotFile(home), JSON.stringify({ at: at.toISOString(), zones }) + '\n');
  await appendFile(historyFile(home), JSON.stringify({ at: at.toISOString(), bytesByZone: bytesByZone(zones) }) + '\n', { mode: 0o600 });
}

/** Current usage with the change since the previous snapshot, per zone and dataset. */
export function withGrowth(current: readonly ZoneUsage[], previous?: StorageSnapshot): ZoneStorage[] {
  return current.map((zone) => {
    const before = previous?.zones.find((z) => z.zone === zone.zone);
    return {
      zone: zone.zone,
      location: zone.location,
      objects: zone.objects,
      bytes: zone.bytes,
      growthBytes: previous ? zone.bytes - (before?.bytes ?? 0) : null,
      datasets: zone.datasets.map((d) => ({
        ...d,
        growthBytes: previous ? d.bytes - (before?.datasets.find((b) => b.dataset === d.dataset)?.bytes ?? 0) : null,
      })),
    };
  });
}
