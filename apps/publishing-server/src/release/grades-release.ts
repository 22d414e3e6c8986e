import {
  Hierarchy,
  protectCube,
  RELEASE_FAMILIES,
  releaseModeFor,
  ReleaseCube,
  type ProtectionResult,
  type ReleasePolicy,
  type Role,
} from '@acad/access';
import type { DuckDbEngine, Row } from '@acad/engine';
import { CubeReader, releasedRow, type ReleasedNumber, type ReleasedTable } from './cube-reader';

const UNGRADED = ['p', 'np'];

export interface GradesFamily {
  cube: ReleaseCube;
  grade: Hierarchy;
  unit: Hierarchy;
  term: Hierarchy;
  /** attendance_vs_grades per course, and whether its student count (and so the row) is released. */
  versus: Array<{ row: Row; shown: boolean }>;
  protection: ProtectionResult;
}

type CubeRow = {
  course_code: string | null;
  section: string | null;
  term: string | null;
  kind: string | null;
  grade: string | null;
  students: number;
};

/**
 * The grades family: grade_distribution as a cube over grade (graded → A–F, ungraded → P/NP) ×
 * (course → section) × term. A share is the count over its section's total, so the section totals
 * are published cells too (a share is shown only where both are): nobody divides a count by its
 * share to get a hidden total back. attendance_vs_grades counts a course's graded students who
 * attended, never more than its graded results: while it is shown that bounds the course's graded
 * total from below, and where it is withheld that total is protected.
 */
export async function buildGradesFamily(
  engine: DuckDbEngine,
  relations: readonly string[],
  policy: ReleasePolicy,
): Promise<GradesFamily | null> {
  if (!relations.includes('curated.grade_distribution')) return null;
  const rows = await engine.query<CubeRow>(
    `WITH g AS (SELECT *, CASE WHEN grade IN (${UNGRADED.map((u) => `'${u}'`).join(', ')}) THEN 'ungraded' ELSE 'graded' END AS kind
                FROM curated.grade_distribution)
     SELECT course_code, section, term, kind, grade, sum(students)::BIGINT AS students
     FROM g GROUP BY ROLLUP (course_code, section), ROLLUP (term), ROLLUP (kind, grade)`,
  );
  const leaf = rows.filter((r) => r.section !== null && r.term !== null && r.grade !== null);
  const grade = Hierarchy.tree(
    'grade',
    [...new Set(leaf.map((r) => JSON.stringify([r.kind, r.grade])))].sort().map((k) => JSON.parse(k) as string[]),
  );
  const unit = Hierarchy.tree(
    'section',
    leaf.map((r) => [r.course_code as string, r.section as string]),
  );
  const term = Hierarchy.flat('term', [...new Set(leaf.map((r) => r.term as string))].sort());
  const cube = new ReleaseCube([grade, unit, term]);
  const path = (...vs: Array<string | null>) => vs.filter((v): v is string => v !== null);
  for (const r of rows)
    cube.set([grade.at(path(r.kind, r.grade)), unit.at(path(r.course_code, r.section)), term.at(path(r.term))], Number(r.students));
  // Rows per section, term and grade; their shares' section totals; the dashboard's grade totals.
  cube.publish([grade.leaves(), unit.atDepth(2), term.leaves()]);
  cube.publish([[0], unit.atDepth(2), term.leaves()]);
  cube.publish([grade.leaves(), [0], term.positions()]);
  cube.knownNonEmpty([grade.positions(), unit.positions(), term.positions()]);
  const versus = relations.includes('curated.attendance_vs_grades')
    ? (await engine.query('SELECT * FROM curated.attendance_vs_grades ORDER BY course_code')).map((row) => {
        const n = Number(row['students']);
        return { row, shown: !(n > 0 && n < policy.threshold) };
      })
    : [];
  const graded = grade.find(['graded']);
  for (const v of versus) {
    const course = unit.find([String(v.row['course_code'])]);
    if (graded === undefined || course === undefined) continue;
    const cell = cube.index([graded, course, 0]);
    if (v.shown) cube.bound(cell, Number(v.row['students']), Number.POSITIVE_INFINITY, `versus@${cell}`);
    else cube.extraTargets.add(cell);
  }
  const protection = protectCube(cube, { threshold: policy.threshold, method: RELEASE_FAMILIES.grades.protection });
  for (const source of protection.liftedSources) {
    const cell = Number(source.slice('versus@'.length));
    for (const v of versus) if (unit.find([String(v.row['course_code'])]) === cube.positionsOf(cell)[1]) v.shown = false;
  }
  return { cube, grade, unit, term, versus, protection };
}

export interface GradesView {
  family: GradesFamily;
  reader: CubeReader;
}

export function gradesView(family: GradesFamily | null, role: Role): GradesView | null {
  const mode = releaseModeFor(role, RELEASE_FAMILIES.grades.products);
  if (!family || mode === 'denied') return null;
  return { family, reader: new CubeReader(family.cube, mode === 'released') };
}

const VERSUS_VALUES = ['students', 'mean_attendance_rate', 'mean_grade_points', 'correlation'];

/** attendance_vs_grades as the view releases it: a course's row withheld whole when its count is. */
export function versusRows(view: GradesView): Array<Record<string, unknown>> {
  return view.family.versus.map(({ row, shown }) => {
    const withheld = view.reader.released && !shown;
    const numbers: Record<string, ReleasedNumber> = Object.fromEntries(
      VERSUS_VALUES.map((c) => [
        c,
        withheld ? { value: null, suppressed: true } : { value: (row[c] ?? null) as number | null, suppressed: false },
      ]),
    );
    return releasedRow({ course_code: String(row['course_code']) }, numbers);
  });
}

export function gradesRows(view: GradesView, product: string): ReleasedTable {
  if (product === 'attendance_vs_grades') return { columns: ['course_code', ...VERSUS_VALUES, 'suppressed'], rows: versusRows(view) };
  const { family, reader } = view;
  const { grade, unit, term } = family;
  const rows: Array<Record<string, unknown>> = [];
  for (const s of unit.atDepth(2))
    for (const t of term.leaves())
      for (const g of grade.leaves()) {
        if (!reader.listed([g, s, t])) continue;
        const [course, section] = unit.path(s);
        rows.push(
          releasedRow(
            { course_code: course, section, term: term.labels[t], grade: grade.labels[g] },
            { students: reader.count([g, s, t]), share: reader.ratio([g, s, t], [0, s, t]) },
          ),
        );
      }
  return { columns: ['course_code', 'section', 'term', 'grade', 'students', 'share', 'suppressed'], rows };
}
