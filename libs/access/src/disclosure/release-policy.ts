import { InvalidSuppressionThreshold } from '../access-errors';
import { datasetResource, type CuratedProduct } from '../platform-resources';
import type { PolicyDocument } from '../policy-document';
import type { ProtectionOptions } from './complementary-suppression';
import type { Role } from '../roles';
import { rowAccess } from '../row-access';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../small-cell-suppression';

/**
 * How aggregates leave the platform. `threshold`: a published count from 1 to threshold − 1 is a
 * small cell. A suppressed value must stay uncertain to more than `threshold` people either way
 * (its feasible interval, given everything released, is wider than the threshold).
 */
export interface ReleasePolicy {
  readonly threshold: number;
}

export const DEFAULT_RELEASE_POLICY: ReleasePolicy = { threshold: DEFAULT_SUPPRESSION_THRESHOLD };

export function releasePolicy(overrides: Partial<ReleasePolicy> = {}): ReleasePolicy {
  const threshold = overrides.threshold ?? DEFAULT_RELEASE_POLICY.threshold;
  if (!Number.isInteger(threshold) || threshold < 2) throw new InvalidSuppressionThreshold(threshold);
  return { threshold };
}

/**
 * Products released together: every table of a family is a view of one protected cube, because
 * they share margins (the admissions funnel is the total of the demographics breakdown), so a
 * cell hidden in one cannot be worked out from another. Each family also feeds one dashboard.
 * `protection` is its complementary suppression method (see `protectCube`): the linear programme
 * for grades; the hypercube method alone for attendance (its thousands of small section × week
 * cells would take the programme minutes per snapshot) and, for now, admissions (its programmes
 * took the server's first requests on a 60-student lake past two minutes).
 */
export const RELEASE_FAMILIES = {
  admissions: { products: ['admissions_funnel', 'admissions_demographics'], dashboard: 'admissions', protection: 'hypercube' },
  attendance: { products: ['attendance_weekly', 'attendance_by_department'], dashboard: 'attendance', protection: 'hypercube' },
  grades: { products: ['grade_distribution', 'attendance_vs_grades'], dashboard: 'grades', protection: 'linear' },
} as const satisfies Record<
  string,
  { products: readonly CuratedProduct[]; dashboard: string; protection: NonNullable<ProtectionOptions['method']> }
>;

export type ReleaseFamilyName = keyof typeof RELEASE_FAMILIES;

/**
 * `true-counts`: the policies let the subject read every product of the family as it is (analyst
 * and above); `released`: only through the release step (viewer, public); `denied`: not at all.
 * Asked of the policies, never of a role's name.
 */
export type ReleaseMode = 'true-counts' | 'released' | 'denied';

export function releaseModeFor(
  subject: Role | readonly PolicyDocument[],
  products: readonly string[],
  action: 'acad:ReadRows' | 'acad:Download' = 'acad:ReadRows',
): ReleaseMode {
  const access = products.map((p) => rowAccess(subject, action, datasetResource('curated', p)));
  if (access.some((a) => a === 'denied')) return 'denied';
  return access.every((a) => a === 'allowed') ? 'true-counts' : 'released';
}

export function familyOf(product: string): ReleaseFamilyName | undefined {
  return (Object.keys(RELEASE_FAMILIES) as ReleaseFamilyName[]).find((f) =>
    (RELEASE_FAMILIES[f].products as readonly string[]).includes(product),
  );
}
