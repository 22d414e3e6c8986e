import type { DatasetContract } from '@acad/schemas';
import { AccessDenied } from '../access-errors';
import { visibleColumns } from '../column-masking';
import type { PolicyDocument } from '../policy-document';
import { ROLE_NAMES, type Role } from '../roles';

/** A group of a row-level dataset at some grain, and how its rows spread over a masked column. */
export interface MaskedGroup {
  /** Rows whose masked value is stated (readers of the masked view still see which are empty). */
  readonly stated: number;
  /** Distinct stated values among them. */
  readonly values: number;
}

/**
 * Columns of a trusted dataset that some role sees masked. Every release is readable by that role
 * too (it can sign out and read the public pages), so breakdowns by these columns follow the rule
 * of `finestSafeGrain` in every release, not only in that role's.
 */
export function columnsMaskedForSomeRole(
  dataset: Pick<DatasetContract, 'name' | 'columns'>,
  roles: readonly Role[] = ROLE_NAMES,
): string[] {
  const masked = new Set<string>();
  for (const role of roles) {
    try {
      for (const c of visibleColumns(role, dataset, 'trusted')) if (c.treatment === 'mask') masked.add(c.name);
    } catch (error) {
      if (!(error instanceof AccessDenied)) throw error;
    }
  }
  return [...masked];
}

/** True when the subject sees the column's values in the dataset's rows (so breakdowns by it tell it nothing new). */
export function seesColumn(
  subject: Role | readonly PolicyDocument[],
  dataset: Pick<DatasetContract, 'name' | 'columns'>,
  column: string,
): boolean {
  try {
    return visibleColumns(subject, dataset, 'trusted').some((c) => c.name === column && c.treatment === 'show');
  } catch (error) {
    if (error instanceof AccessDenied) return false;
    throw error;
  }
}

/**
 * The masked-column rule (issue 20, item 3). Someone who reads a dataset row by row with a column
 * masked can name every group of rows at any grain of the columns they see (all 2026-FALL BSC-CS
 * applicants from IE), so a breakdown of such a group by the masked column gives their values
 * back whenever the group is small or all its stated values agree. Breakdowns by the masked column
 * are therefore released only at grains of a fixed chain, coarse to fine (term, then term ×
 * programme, …), up to the finest at which every group has either no stated value or at least
 * `threshold` of them spread over two or more values. The decision is per grain, never per group:
 * hiding only the unsafe groups would let them be recovered as the total minus the safe ones. One
 * chain (not any set of grains) because two crossing breakdowns, by term and by programme, pin the
 * cells of the term × programme table down where its groups are tiny.
 *
 * `groupsAt(i)` lists the groups at the i-th grain of the chain (i = 0 is the whole population).
 * Returns the index of the finest safe grain, or −1 when even the whole population is unsafe.
 */
export function finestSafeGrain(grains: number, groupsAt: (grain: number) => readonly MaskedGroup[], threshold: number): number {
  let finest = -1;
  for (let grain = 0; grain < grains; grain++) {
    const safe = groupsAt(grain).every((g) => g.stated === 0 || (g.stated >= threshold && g.values >= 2));
    if (!safe) break;
    finest = grain;
  }
  return finest;
}
