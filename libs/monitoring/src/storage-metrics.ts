import type { ObjectStore } from '@acad/storage';
import type { Metric } from './metric';

/** Dataset name under which objects outside any dataset folder are counted (`_manifests/…`, `.x`, top-level files). */
export const PLATFORM_DATASET = '_platform';

export const STORAGE_OBJECTS_METRIC = 'StorageObjects';
export const STORAGE_BYTES_METRIC = 'StorageBytes';

export interface DatasetUsage {
  dataset: string;
  objects: number;
  bytes: number;
}

export interface ZoneUsage {
  zone: string;
  location: string;
  objects: number;
  bytes: number;
  /** In dataset-name order. */
  datasets: DatasetUsage[];
}

/** The dataset a key belongs to: its first segment, unless that is platform housekeeping. */
export function datasetOfKey(key: string): string {
  const slash = key.indexOf('/');
  if (slash <= 0) return PLATFORM_DATASET;
  const first = key.slice(0, slash);
  return first.startsWith('_') || first.startsWith('.') ? PLATFORM_DATASET : first;
}

/** Counts objects and bytes per zone and per dataset by listing every store. */
export async function collectStorageUsage(stores: Record<string, ObjectStore>): Promise<ZoneUsage[]> {
  const zones: ZoneUsage[] = [];
  for (const [zone, store] of Object.entries(stores)) {
    const datasets = new Map<string, DatasetUsage>();
    let objects = 0;
    let bytes = 0;
    for await (const info of store.listAll('')) {
      const dataset = datasetOfKey(info.key);
      const usage = datasets.get(dataset) ?? { dataset, objects: 0, bytes: 0 };
      usage.objects += 1;
      usage.bytes += info.size;
      datasets.set(dataset, usage);
      objects += 1;
      bytes += info.size;
    }
    const sorted = [...datasets.values()].sort((a, b) => (a.dataset < b.dataset ? -1 : a.dataset > b.dataset ? 1 : 0));
    zones.push({ zone, location: store.location, objects, bytes, datasets: sorted });
  }
  return zones;
}

/** Usage as metrics: `StorageObjects` (Count) and `StorageBytes` (Bytes) by {Zone} and by {Zone, Dataset}. */
export function storageUsageToMetrics(usage: readonly ZoneUsage[], timestamp: Date): Metric[] {
  const metrics: Metric[] = [];
  const add = (dimensions: Record<string, string>, objects: number, bytes: number) => {
    metrics.push({ name: STORAGE_OBJECTS_METRIC, unit: 'Count', value: objects, dimensions, timestamp });
    metrics.push({ name: STORAGE_BYTES_METRIC, unit: 'Bytes', value: bytes, dimensions: { ...dimensions }, timestamp });
  };
  for (const zone of usage) {
    add({ Zone: zone.zone }, zone.objects, zone.bytes);
    for (const dataset of zone.datasets) add({ Zone: zone.zone, Dataset: dataset.dataset }, dataset.objects, dataset.bytes);
  }
  return metrics;
}

/** Objects and bytes per zone and per dataset, as metrics stamped `timestamp` (default now). */
export async function collectStorageMetrics(stores: Record<string, ObjectStore>, timestamp = new Date()): Promise<Metric[]> {
  return storageUsageToMetrics(await collectStorageUsage(stores), timestamp);
}
