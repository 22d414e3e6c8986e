import { z } from 'zod';
import { PII_CLASSES } from '@acad/schemas';

/** Zones whose datasets are catalogued; landing holds files as delivered, not datasets. */
export const CATALOG_ZONES = ['raw', 'quarantine', 'trusted', 'curated'] as const;
export const CatalogZoneSchema = z.enum(CATALOG_ZONES);
export type CatalogZone = z.infer<typeof CatalogZoneSchema>;

/**
 * Portable column type names: the Hive/Glue spelling, which Athena also reads.
 * Decimals always carry precision and scale, e.g. `decimal(18,2)`.
 */
export const CatalogColumnTypeSchema = z
  .string()
  .regex(
    /^(string|bigint|int|date|timestamp|boolean|double|decimal\(\d{1,2},\d{1,2}\)|(array|struct)<.+>)$/,
    'a portable type: string, bigint, int, date, timestamp, boolean, double, decimal(p,s), array<…> or struct<…>',
  );
export type CatalogColumnType = z.infer<typeof CatalogColumnTypeSchema>;

const datasetName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and underscores, starting with a letter');
const timestamp = z.iso.datetime({ offset: true });

/** `zone.dataset`, e.g. `trusted.attendance`. */
export const QualifiedNameSchema = z
  .string()
  .regex(/^(raw|quarantine|trusted|curated)\.[a-z][a-z0-9_]*$/, 'a qualified name like trusted.attendance');
/** `zone.dataset.column`, e.g. `trusted.attendance.status`. */
export const QualifiedColumnSchema = z
  .string()
  .regex(
    /^(raw|quarantine|trusted|curated)\.[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/,
    'a qualified column like trusted.attendance.status',
  );

/**
 * A landing file an entry was loaded from, e.g. `landing:attendance/attendance.csv`. Landing holds
 * files, not datasets, so these names are lineage sources only, never catalog entries.
 */
export const LandingSourceSchema = z
  .string()
  .regex(/^landing:[a-z][a-z0-9_]*\/[^/\n]+$/, 'a landing file like landing:attendance/attendance.csv');

export const CatalogColumnSchema = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  type: CatalogColumnTypeSchema,
  description: z.string(),
  pii: z.enum(PII_CLASSES),
  tags: z.array(z.string().min(1)),
});
export type CatalogColumn = z.infer<typeof CatalogColumnSchema>;

/** Metadata about one dataset in one zone. It never holds data values, so it never holds PII. */
export const CatalogEntrySchema = z.object({
  name: datasetName,
  zone: CatalogZoneSchema,
  description: z.string(),
  owner: z.string().min(1),
  contractVersion: z.number().int().positive(),
  columns: z.array(CatalogColumnSchema).min(1),
  location: z.string().min(1),
  format: z.literal('parquet'),
  partitionKeys: z.array(z.string().min(1)),
  /** Hive-style partition paths, keys in `partitionKeys` order, e.g. `session_month=2025-09`. */
  partitions: z.array(z.string().regex(/^[^=/]+=[^/]*(\/[^=/]+=[^/]*)*$/, 'key=value segments joined by /')),
  rowCount: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  createdAt: timestamp,
  updatedAt: timestamp,
  freshnessSlaHours: z.number().positive().optional(),
  lastSuccessAt: timestamp.optional(),
  qualityScore: z.number().nonnegative().optional(),
  /** Qualified names this entry is built from; raw entries name their landing files. */
  upstream: z.array(z.union([QualifiedNameSchema, LandingSourceSchema])),
  /** Output column → the upstream columns it is computed from, where a SQL model declares it. */
  columnLineage: z.record(z.string(), z.array(QualifiedColumnSchema)).optional(),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

/** One ingestion batch as the catalog remembers it: counts and outcome, never row values. */
export const BatchRecordSchema = z.object({
  dataset: datasetName,
  batchId: z.string().min(1),
  file: z.string().min(1),
  status: z.enum(['committed', 'duplicate', 'rejected']),
  rows: z.object({
    read: z.number().int().nonnegative(),
    accepted: z.number().int().nonnegative(),
    duplicates: z.number().int().nonnegative(),
    quarantined: z.number().int().nonnegative(),
  }),
  quality: z.object({
    passed: z.number().int().nonnegative(),
    warned: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    score: z.number().nonnegative(),
  }),
  startedAt: timestamp,
  finishedAt: timestamp,
  /** Qualified names of the datasets this batch wrote, e.g. `trusted.attendance`. */
  outputs: z.array(QualifiedNameSchema),
});
export type BatchRecord = z.infer<typeof BatchRecordSchema>;

export function qualifiedName(entry: { zone: CatalogZone; name: string }): string {
  return `${entry.zone}.${entry.name}`;
}

export function parseQualifiedName(text: string): { zone: CatalogZone; name: string } | undefined {
  if (!QualifiedNameSchema.safeParse(text).success) return undefined;
  const [zone, name] = text.split('.') as [CatalogZone, string];
  return { zone, name };
}
