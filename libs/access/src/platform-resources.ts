/** Zones of the lake (PRODUCT.md §3), in the order data flows through them. */
export const ZONES = ['landing', 'raw', 'quarantine', 'trusted', 'curated'] as const;
export type Zone = (typeof ZONES)[number];

/** Curated data products. All but `student_attendance_risk` are aggregates (one row per group, not per student). */
export const CURATED_PRODUCTS = [
  'attendance_weekly',
  'student_attendance_risk',
  'attendance_by_department',
  'admissions_funnel',
  'admissions_demographics',
  'grade_distribution',
  'attendance_vs_grades',
] as const;
export type CuratedProduct = (typeof CURATED_PRODUCTS)[number];

/** Curated products that hold counts per group only; the public role may read these, suppressed. */
export const AGGREGATE_PRODUCTS: readonly CuratedProduct[] = [
  'attendance_weekly',
  'attendance_by_department',
  'admissions_funnel',
  'admissions_demographics',
  'grade_distribution',
  'attendance_vs_grades',
];

export const CATALOG_RESOURCE = 'acad:catalog';
export const KEYS_RESOURCE = 'acad:keys';
export const TOKENS_RESOURCE = 'acad:tokens';
export const MONITORING_RESOURCE = 'acad:monitoring';
export const DATASET_RESOURCE_PREFIX = 'acad:dataset/';
export const DASHBOARD_RESOURCE_PREFIX = 'acad:dashboard/';

/** `acad:dataset/<zone>/<name>`, the resource every dataset action names. */
export function datasetResource(zone: Zone, name: string): string {
  return `${DATASET_RESOURCE_PREFIX}${zone}/${name}`;
}

export function dashboardResource(id: string): string {
  return `${DASHBOARD_RESOURCE_PREFIX}${id}`;
}

/** Request-context keys that policies may test in a `Condition` block. */
export const CONTEXT_KEYS = {
  /** PII class of the column asked about with `acad:ViewPii`. */
  piiClass: 'acad:PiiClass',
  /** True when the caller will show a masked form of the column instead of its values. */
  masked: 'acad:Masked',
  /** True when the caller applies small-cell suppression to what it returns. */
  smallCellSuppressed: 'acad:SmallCellSuppressed',
} as const;
