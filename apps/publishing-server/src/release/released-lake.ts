import { DEFAULT_RELEASE_POLICY, familyOf, releaseModeFor, seesColumn, type ReleasePolicy, type Role } from '@acad/access';
import { AdmissionsContract } from '@acad/schemas';
import type { OpenLake } from '../data/lake-cache';
import { findPublished } from '../data/published-datasets';
import { admissionsRows, admissionsView, buildAdmissionsFamily, type AdmissionsFamily } from './admissions-release';
import { attendanceRows, attendanceView, buildAttendanceFamily, type AttendanceFamily } from './attendance-release';
import type { ReleasedTable } from './cube-reader';
import { buildGradesFamily, gradesRows, gradesView, type GradesFamily } from './grades-release';

/** Every release family of one lake snapshot, protected once (the lake changes only on a commit). */
export interface ReleasedLake {
  admissions: AdmissionsFamily | null;
  attendance: AttendanceFamily | null;
  grades: GradesFamily | null;
}

const built = new WeakMap<object, Promise<ReleasedLake>>();

/** The released families of an open lake, built on first use and kept as long as the lake is open. */
export function releasedLake(open: Pick<OpenLake, 'lake'>, policy: ReleasePolicy = DEFAULT_RELEASE_POLICY): Promise<ReleasedLake> {
  let found = built.get(open.lake);
  if (!found) {
    const { engine, relations } = open.lake;
    found = (async () => ({
      admissions: await buildAdmissionsFamily(engine, relations, policy),
      attendance: await buildAttendanceFamily(engine, relations, policy),
      grades: await buildGradesFamily(engine, relations, policy),
    }))();
    // A failed build is not kept: the next request tries again.
    found.catch(() => built.delete(open.lake));
    built.set(open.lake, found);
  }
  return found;
}

/**
 * The one way rows of an aggregate product reach a role that may read it only released (public,
 * viewer), or a breakdown by a column the role sees masked (analysts and admissions_demographics):
 * from the product's release family. Null means the role reads the product as it is.
 */
export async function releasedRows(
  open: Pick<OpenLake, 'lake'>,
  role: Role,
  product: string,
  policy?: ReleasePolicy,
): Promise<ReleasedTable | null> {
  const family = familyOf(product);
  if (!family) return null;
  const mode = releaseModeFor(role, [product]);
  const maskedBreakdown = product === 'admissions_demographics' && !seesColumn(role, AdmissionsContract, 'gender');
  if (mode !== 'released' && !maskedBreakdown) return null;
  const lake = await releasedLake(open, policy);
  // A family without data yet still has the product's columns, so a filter on one finds no rows instead of failing.
  const empty = { columns: (findPublished(product)?.columns ?? []).map((c) => c.name).filter((c) => c !== 'suppressed'), rows: [] };
  if (family === 'admissions') {
    const view = admissionsView(lake.admissions, role);
    return view ? admissionsRows(view, product) : empty;
  }
  if (family === 'attendance') {
    const view = attendanceView(lake.attendance, role);
    return view ? attendanceRows(view, product) : empty;
  }
  const view = gradesView(lake.grades, role);
  return view ? gradesRows(view, product) : empty;
}
