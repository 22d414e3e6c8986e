import type { ObjectStore } from '@acad/storage';

/** The four data zones of PRODUCT.md §3, plus quarantine and the rejected area (files rejected whole). */
export const DATA_ZONES = ['landing', 'raw', 'quarantine', 'trusted', 'curated', 'rejected'] as const;
export type DataZone = (typeof DATA_ZONES)[number];

/**
 * One store per zone, and `platform` for the commit log and leases
 * (a folder each under ACAD_HOME, or a bucket each on S3).
 */
export type ZoneStores = Record<DataZone | 'platform', ObjectStore>;
