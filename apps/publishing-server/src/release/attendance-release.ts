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
import type { DuckDbEngine } from '@acad/engine';
import { termOf } from '../dashboards/dashboard-source';
import { CubeReader, releasedRow, type ReleasedNumber, type ReleasedTable } from './cube-reader';

// Records of a section's week by status: excused sessions are left out of the rate's base.
const STATUS_PATHS = [['counted', 'attended', 'present'], ['counted', 'attended', 'late'], ['counted', 'absent'], ['excused']];
const LEAVES = ['present', 'late', 'absent', 'excused'] as const;

export interface AttendanceFamily {
  cube: ReleaseCube;
  status: Hierarchy;
  unit: Hierarchy;
  time: Hierarchy;
  nodes: { records: number; counted: number; attended: number; leaves: Record<(typeof LEAVES)[number], number> };
  /** Per section × week (cube index of its records): students and sessions, and whether students is released. */
  side: Map<number, { students: number; sessions: number; studentsShown: boolean }>;
  protection: ProtectionResult;
}

type CubeRow = {
  department: string | null;
  course_code: string | null;
  section: string | null;
  term: string | null;
  week: string | null;
  present: number;
  late: number;
  absent: number;
  excused: number;
  students: number | null;
  sessions: number | null;
};

/**
 * The attendance family: attendance_weekly (section × week, by status) and attendance_by_department
 * (department × week) as one cube over status × (department → course → section) × (term → week),
 * with the dashboard's totals published in it. A section's student count is released on its own,
 * only from the threshold up; while it is shown, readers know the week's records lie between
 * students and students × sessions, and where it is withheld the week's records are protected.
 */
export async function buildAttendanceFamily(
  engine: DuckDbEngine,
  relations: readonly string[],
  policy: ReleasePolicy,
): Promise<AttendanceFamily | null> {
  if (!relations.includes('curated.attendance_weekly')) return null;
  const departments = relations.includes('trusted.courses')
    ? '(SELECT course_code, section, any_value(department) AS department FROM trusted.courses GROUP BY course_code, section)'
    : '(SELECT NULL::VARCHAR AS course_code, NULL::VARCHAR AS section, NULL::VARCHAR AS department WHERE false)';
  const rows = await engine.query<CubeRow>(
    `WITH w AS (
       SELECT coalesce(d.department, 'unknown') AS department, w.course_code, w.section, ${termOf('w.week_start')} AS term,
         CAST(w.week_start AS VARCHAR) AS week, w.present, w.late, w.absent, w.excused, w.students, w.sessions
       FROM curated.attendance_weekly w LEFT JOIN ${departments} d USING (course_code, section)
     )
     SELECT department, course_code, section, term, week,
       sum(present)::BIGINT AS present, sum(late)::BIGINT AS late, sum(absent)::BIGINT AS absent, sum(excused)::BIGINT AS excused,
       CASE WHEN grouping(section, week) = 0 THEN any_value(students) END AS students,
       CASE WHEN grouping(section, week) = 0 THEN any_value(sessions) END AS sessions
     FROM w GROUP BY ROLLUP (department, course_code, section), ROLLUP (term, week)`,
  );
  const leafRows = rows.filter((r) => r.section !== null && r.week !== null);
  const status = Hierarchy.tree('status', STATUS_PATHS);
  const unit = Hierarchy.tree(
    'unit',
    leafRows.map((r) => [r.department as string, r.course_code as string, r.section as string]),
  );
  const time = Hierarchy.tree(
    'week',
    [...new Set(leafRows.map((r) => JSON.stringify([r.term, r.week])))].sort().map((k) => JSON.parse(k) as string[]),
  );
  const cube = new ReleaseCube([status, unit, time]);
  const nodes = {
    records: 0,
    counted: status.at(['counted']),
    attended: status.at(['counted', 'attended']),
    leaves: Object.fromEntries(LEAVES.map((l) => [l, status.at(STATUS_PATHS.find((p) => p.at(-1) === l) as string[])])) as Record<
      (typeof LEAVES)[number],
      number
    >,
  };
  const side = new Map<number, { students: number; sessions: number; studentsShown: boolean }>();
  for (const r of rows) {
    const u = unit.at([r.department, r.course_code, r.section].filter((v): v is string => v !== null));
    const t = time.at([r.term, r.week].filter((v): v is string => v !== null));
    const n = { present: Number(r.present), late: Number(r.late), absent: Number(r.absent), excused: Number(r.excused) };
    cube.set([nodes.records, u, t], n.present + n.late + n.absent + n.excused);
    cube.set([nodes.counted, u, t], n.present + n.late + n.absent);
    cube.set([nodes.attended, u, t], n.present + n.late);
    for (const l of LEAVES) cube.set([nodes.leaves[l], u, t], n[l]);
    if (r.section !== null && r.week !== null) {
      const students = Number(r.students);
      const sessions = Number(r.sessions);
      side.set(cube.index([0, u, t]), { students, sessions, studentsShown: !(students > 0 && students < policy.threshold) });
    }
  }
  publishAttendance(cube, nodes, policy.threshold);
  for (const [records, s] of side) {
    if (s.studentsShown) cube.bound(records, s.students, s.students * s.sessions, `students@${records}`);
    else cube.extraTargets.add(records);
  }
  const protection = protectCube(cube, { threshold: policy.threshold, method: RELEASE_FAMILIES.attendance.protection });
  for (const source of protection.liftedSources) {
    const found = side.get(Number(source.slice('students@'.length)));
    if (found) found.studentsShown = false;
  }
  return { cube, status, unit, time, nodes, side, protection };
}

/**
 * Rates above a section are released rounded (to whole percent, or tenths for smaller groups):
 * an exact rate beside its group's records would pin down the small counts under it.
 */
export const RELEASED_RATE_DECIMALS = 2;

function publishAttendance(cube: ReleaseCube, nodes: AttendanceFamily['nodes'], threshold: number): void {
  const [, unit, time] = cube.axes;
  const weeks = time.leaves();
  const [departments, courses, sections] = [1, 2, 3].map((d) => unit.atDepth(d));
  // attendance_weekly rows: every status of a section's week.
  cube.publish([Object.values(nodes.leaves), sections, weeks]);
  // Records per department (or all) and week, and per department over a term or everything.
  cube.publish([[nodes.records], [0, ...departments], weeks]);
  cube.publish([[nodes.records], departments, [0, ...time.atDepth(1)]]);
  cube.knownNonEmpty([[nodes.records], unit.positions(), time.positions()]);
  // Rates: the heat map's course × week, the trend and the departments (a section's comes from its counts).
  const rate = (u: number, t: number) =>
    cube.publishRatio(cube.index([nodes.attended, u, t]), cube.index([nodes.counted, u, t]), RELEASED_RATE_DECIMALS, threshold + 1);
  for (const u of courses) for (const w of weeks) rate(u, w);
  for (const u of [0, ...departments]) for (const w of weeks) rate(u, w);
  for (const d of departments) for (const t of [0, ...time.atDepth(1)]) rate(d, t);
}

/**
 * Whether publishAttendance releases a measure at a unit depth (0 all, 1 department, 2 course, 3
 * section) × time depth (0 all, 1 term, 2 week), kept in step with it: records per department (or
 * all) and week and per department over a term (or all); rates there and per course × week too.
 */
export function attendanceLevelReleased(measure: 'records' | 'rate', unitDepth: number, timeDepth: number): boolean {
  const records = (unitDepth <= 1 && timeDepth === 2) || (unitDepth === 1 && timeDepth <= 1);
  return measure === 'records' ? records : records || (unitDepth === 2 && timeDepth === 2);
}

export interface AttendanceView {
  family: AttendanceFamily;
  reader: CubeReader;
}

export function attendanceView(family: AttendanceFamily | null, role: Role): AttendanceView | null {
  const mode = releaseModeFor(role, RELEASE_FAMILIES.attendance.products);
  if (!family || mode === 'denied') return null;
  return { family, reader: new CubeReader(family.cube, mode === 'released') };
}

/** Rate and records of a unit over a period, as released. */
export function attendanceRate(view: AttendanceView, unit: number, time: number): { records: ReleasedNumber; rate: ReleasedNumber } {
  const { reader, family } = view;
  return {
    records: reader.count([family.nodes.records, unit, time]),
    rate: reader.ratio([family.nodes.attended, unit, time], [family.nodes.counted, unit, time]),
  };
}

/** A section's weekly rate, from its released counts: withheld with any of them. */
function sectionRate(view: AttendanceView, s: number, w: number): ReleasedNumber {
  const { reader, family } = view;
  if (!reader.released) return reader.ratio([family.nodes.attended, s, w], [family.nodes.counted, s, w]);
  const [present, late, absent] = (['present', 'late', 'absent'] as const).map((l) => reader.count([family.nodes.leaves[l], s, w]));
  if (present.suppressed || late.suppressed || absent.suppressed) return { value: null, suppressed: true };
  const attended = (present.value as number) + (late.value as number);
  const counted = attended + (absent.value as number);
  return { value: counted ? Math.round((attended / counted) * 10_000) / 10_000 : null, suppressed: false };
}

export function attendanceRows(view: AttendanceView, product: string): ReleasedTable {
  const { family, reader } = view;
  const { unit, time, nodes } = family;
  const rows: Array<Record<string, unknown>> = [];
  if (product === 'attendance_by_department') {
    for (const d of unit.atDepth(1))
      for (const w of time.leaves()) {
        if (!reader.listed([nodes.records, d, w])) continue;
        const { records, rate } = attendanceRate(view, d, w);
        rows.push(releasedRow({ department: unit.labels[d], week_start: time.labels[w] }, { records, attendance_rate: rate }));
      }
    return { columns: ['department', 'week_start', 'records', 'attendance_rate', 'suppressed'], rows };
  }
  for (const s of unit.atDepth(3))
    for (const w of time.leaves()) {
      const side = family.side.get(family.cube.index([0, s, w]));
      if (!side) continue;
      const [, course, section] = unit.path(s);
      const students: ReleasedNumber =
        reader.released && !side.studentsShown ? { value: null, suppressed: true } : { value: side.students, suppressed: false };
      rows.push(
        releasedRow(
          { course_code: course, section, week_start: time.labels[w] },
          {
            sessions: side.sessions,
            students,
            ...Object.fromEntries(LEAVES.map((l) => [l, reader.count([nodes.leaves[l], s, w])])),
            attendance_rate: sectionRate(view, s, w),
          },
        ),
      );
    }
  const columns = ['course_code', 'section', 'week_start', 'sessions', 'students', 'present', 'late', 'absent', 'excused'];
  return { columns: [...columns, 'attendance_rate', 'suppressed'], rows };
}
