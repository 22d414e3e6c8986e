import type { Settings } from '@acad/config';
import { createMetricsSink, type MetricsSink } from '@acad/monitoring';
import type { ObjectStore } from '@acad/storage';
import { createZoneStores } from '@acad/zones';

/** The data zones the reporter measures, in pipeline order. */
export const REPORTED_ZONES = ['landing', 'raw', 'quarantine', 'trusted', 'curated'] as const;
export type ReportedZone = (typeof REPORTED_ZONES)[number];

export interface ReporterParts {
  home: string;
  stores: Record<ReportedZone, ObjectStore>;
  sink: MetricsSink;
  /** Where published metrics go, for the summary. */
  sinkDescription: string;
}

/**
 * The reporter's composition root: zones as `createZoneStores` lays them out (the same
 * stores the ingestion worker writes) and the configured metrics sink.
 */
export function composeReporter(settings: Settings): ReporterParts {
  const zoneStores = createZoneStores(settings);
  const stores = {} as Record<ReportedZone, ObjectStore>;
  for (const zone of REPORTED_ZONES) stores[zone] = zoneStores[zone];
  const { sink, description } = createMetricsSink(settings);
  return { home: settings.home, stores, sink, sinkDescription: description };
}
