import type { CourseSection } from './courses';
import type { Rng } from './prng';
import type { Student } from './students';

/** How one student attends: most come nearly always; a few are at risk, with long absence runs. */
export interface AttendanceProfile {
  /** Long-run share of sessions attended. */
  attendanceRate: number;
  /** Chance that an absence is followed by another: high for at-risk students. */
  absenceStickiness: number;
  /** Chance that an attended session is late. */
  latePropensity: number;
  /** Session index after which the student stops coming (disengagement), or Infinity. */
  dropsOutAfter: number;
  atRisk: boolean;
}

export interface Enrolment {
  student: Student;
  section: CourseSection;
  profile: AttendanceProfile;
}

function attendanceProfile(rng: Rng): AttendanceProfile {
  const kind = rng.weighted([
    ['engaged', 78],
    ['typical', 15],
    ['at-risk', 7],
  ] as const);
  const latePropensity = rng.float(0.01, 0.12);
  if (kind === 'engaged')
    return { attendanceRate: rng.float(0.88, 0.98), absenceStickiness: 0.25, latePropensity, dropsOutAfter: Infinity, atRisk: false };
  if (kind === 'typical')
    return { attendanceRate: rng.float(0.75, 0.88), absenceStickiness: 0.4, latePropensity, dropsOutAfter: Infinity, atRisk: false };
  return {
    attendanceRate: rng.float(0.45, 0.7),
    absenceStickiness: 0.8,
    latePropensity: latePropensity * 2,
    dropsOutAfter: rng.chance(0.3) ? rng.int(10, 20) : Infinity,
    atRisk: true,
  };
}

/**
 * Enrols each active student in 3–6 sections (mostly a full-time load of 5) of distinct courses, about half from the
 * student's own department. Students on leave, withdrawn or graduated take no classes.
 */
export function enrolStudents(students: readonly Student[], sections: readonly CourseSection[], rng: Rng): Enrolment[] {
  const byDepartment = new Map<string, CourseSection[]>();
  for (const section of sections) {
    const list = byDepartment.get(section.department.name) ?? [];
    list.push(section);
    byDepartment.set(section.department.name, list);
  }
  const enrolments: Enrolment[] = [];
  for (const student of students) {
    if (student.status !== 'active') continue;
    const profile = attendanceProfile(rng);
    const wanted = rng.weighted([
      [3, 5],
      [4, 25],
      [5, 45],
      [6, 25],
    ]);
    const own = byDepartment.get(student.program.department) ?? [];
    const courses = new Set<string>();
    for (let attempt = 0; courses.size < wanted && attempt < wanted * 20; attempt++) {
      const pool = own.length > 0 && rng.chance(0.5) ? own : sections;
      const section = rng.pick(pool);
      if (courses.has(section.courseCode)) continue;
      courses.add(section.courseCode);
      enrolments.push({ student, section, profile });
    }
  }
  return enrolments;
}

export function countEnrolled(enrolments: readonly Enrolment[]): Map<CourseSection, number> {
  const counts = new Map<CourseSection, number>();
  for (const { section } of enrolments) counts.set(section, (counts.get(section) ?? 0) + 1);
  return counts;
}
