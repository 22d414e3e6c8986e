import { isoTimestamp } from './calendar';
import { sessionDates, type CourseSection } from './courses';
import type { Enrolment } from './enrolment';
import { makeMessy, type Corruption, type Resubmission, type SampleFile } from './messy-table';
import type { Rng } from './prng';
import { withMixedCase, withStrayWhitespace } from './text-mess';

export const ATTENDANCE_COLUMNS = [
  'student_id',
  'course_code',
  'section',
  'session_date',
  'status',
  'minutes_late',
  'recorded_at',
  'source_system',
] as const;

type AttendanceStatus = 'present' | 'absent' | 'late' | 'excused';

interface Meeting {
  date: string;
  section: CourseSection;
  sessionIndex: number;
}

/** Every meeting of every section, ordered as an export would list them: by date, then start time. */
function meetingsInOrder(sections: readonly CourseSection[]): Meeting[] {
  const meetings: Meeting[] = [];
  for (const section of sections) {
    sessionDates(section.term, section.meetingDays).forEach((date, sessionIndex) => meetings.push({ date, section, sessionIndex }));
  }
  return meetings.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.section.startMinute - b.section.startMinute));
}

/**
 * A two-state chain per enrolment: absences cluster (at-risk students have long runs),
 * while the long-run absence share still matches the profile's attendance rate.
 */
function nextStatus(enrolment: Enrolment, sessionIndex: number, absentBefore: boolean, rng: Rng): AttendanceStatus {
  const { attendanceRate, absenceStickiness, latePropensity, dropsOutAfter } = enrolment.profile;
  if (sessionIndex > dropsOutAfter) return 'absent';
  const absentShare = 1 - attendanceRate;
  const startAbsence = (absentShare * (1 - absenceStickiness)) / attendanceRate;
  if (rng.chance(absentBefore ? absenceStickiness : startAbsence)) return rng.chance(0.15) ? 'excused' : 'absent';
  return rng.chance(latePropensity) ? 'late' : 'present';
}

/** Mostly a few minutes; now and then most of the class. */
function minutesLate(rng: Rng): number {
  if (rng.chance(0.02)) return rng.int(60, 180);
  return Math.min(300, 1 + Math.floor(-Math.log(1 - rng.next()) * 7));
}

/** Each source system stamps its records at a different moment and in its own ISO 8601 style. */
function recordedAt(section: CourseSection, date: string, minutes: number, rng: Rng): string {
  const start = section.startMinute * 60;
  const end = start + section.durationMinutes * 60;
  switch (section.sourceSystem) {
    case 'canvas-lms':
      return isoTimestamp(date, start + rng.int(0, 20 * 60)).replace('Z', `.${String(rng.int(0, 999)).padStart(3, '0')}Z`);
    case 'door-scanner':
      return isoTimestamp(date, minutes > 0 ? start + minutes * 60 + rng.int(0, 59) : end + rng.int(0, 600)).replace('Z', '+00:00');
    default:
      return isoTimestamp(date, end + rng.int(5 * 60, 180 * 60));
  }
}

function attendanceRow(enrolment: Enrolment, meeting: Meeting, status: AttendanceStatus, rng: Rng): string[] {
  const { section } = enrolment;
  const late = status === 'late' ? minutesLate(rng) : 0;
  const noMinutes = section.sourceSystem === 'canvas-lms' ? '0' : '';
  return [
    withStrayWhitespace(enrolment.student.studentId, rng, 0.005),
    section.courseCode,
    section.section,
    meeting.date,
    withStrayWhitespace(withMixedCase(status, rng, 0.03), rng, 0.005),
    late > 0 ? String(late) : noMinutes,
    recordedAt(section, meeting.date, late, rng),
    section.sourceSystem,
  ];
}

/** Clean attendance rows: one per enrolled student per meeting of the section. */
export function generateAttendanceRows(enrolments: readonly Enrolment[], rng: Rng): string[][] {
  const bySection = new Map<CourseSection, number[]>();
  enrolments.forEach((enrolment, index) => {
    const list = bySection.get(enrolment.section) ?? [];
    list.push(index);
    bySection.set(enrolment.section, list);
  });
  const absentBefore = new Uint8Array(enrolments.length);
  const rows: string[][] = [];
  for (const meeting of meetingsInOrder([...bySection.keys()])) {
    for (const index of bySection.get(meeting.section) ?? []) {
      const status = nextStatus(enrolments[index], meeting.sessionIndex, absentBefore[index] === 1, rng);
      absentBefore[index] = status === 'absent' || status === 'excused' ? 1 : 0;
      rows.push(attendanceRow(enrolments[index], meeting, status, rng));
    }
  }
  return rows;
}

/** A later timestamp in the same ISO style as the original. */
function laterTimestamp(original: string, rng: Rng): string {
  const later = new Date(Date.parse(original) + rng.int(3600, 72 * 3600) * 1000).toISOString();
  if (original.endsWith('+00:00')) return later.replace(/\.\d{3}Z$/, '+00:00');
  return /\.\d{3}Z$/.test(original) ? later : later.replace(/\.\d{3}Z$/, 'Z');
}

/** A teacher's correction: the same session re-sent with a new status and a newer `recorded_at`. */
const resubmitAttendance: Resubmission = (row, rng) => {
  const status = row[4].trim().toLowerCase();
  const corrected: Record<string, [string, string]> = {
    absent: ['excused', ''],
    excused: ['absent', ''],
    late: ['present', ''],
    present: ['late', String(rng.int(3, 25))],
  };
  const [newStatus, minutes] = corrected[status] ?? ['present', ''];
  return [...row.slice(0, 4), newStatus, minutes, laterTimestamp(row[6], rng), row[7]];
};

const BAD_STUDENT_IDS = [
  (id: string) => id.slice(0, 6),
  (id: string) => `${id}7`,
  (id: string) => `${id.slice(0, 4)}O${id.slice(5)}`,
  (id: string) => `ST${id.slice(1)}`,
];

const ATTENDANCE_CORRUPTIONS: Record<string, Corruption> = {
  bad_id: (row, rng) => [rng.pick(BAD_STUDENT_IDS)(row[0].trim()), ...row.slice(1)],
  impossible_date: (row, rng) => [
    ...row.slice(0, 3),
    rng.pick(['2025-09-31', '2025-11-31', '2025-02-30', '2025-02-29', '2025-13-01', '2025-10-32']),
    ...row.slice(4),
  ],
  unknown_status: (row, rng) => [...row.slice(0, 4), rng.pick(['tardy', 'sick', 'attended', 'n/a', '?']), '', ...row.slice(6)],
  missing_required: (row, rng) => {
    const copy = [...row];
    copy[rng.pick([0, 1, 2, 3, 4])] = '';
    return copy;
  },
  // An extra non-empty field: a trailing empty one (`a,b,`) is read as valid by DuckDB and loses nothing.
  wrong_column_count: (row, rng) => (rng.chance(0.5) ? row.slice(0, 7) : [...row, 'extra']),
  bad_minutes_late: (row, rng) =>
    rng.chance(0.5)
      ? [...row.slice(0, 4), 'late', rng.pick(['', '301', '-5', 'ten']), ...row.slice(6)]
      : [...row.slice(0, 4), 'present', rng.pick(['15', '5']), ...row.slice(6)],
};

/** attendance.csv: UTF-8 BOM and CRLF, as Windows SIS exports are. */
export function buildAttendanceFile(enrolments: readonly Enrolment[], rng: Rng): SampleFile {
  const rows = generateAttendanceRows(enrolments, rng);
  return {
    dataset: 'attendance',
    fileName: 'attendance.csv',
    columns: ATTENDANCE_COLUMNS,
    dialect: { delimiter: ',', lineEnding: '\r\n', bom: true, quoteAll: false },
    table: makeMessy(
      ATTENDANCE_COLUMNS,
      rows,
      ATTENDANCE_CORRUPTIONS,
      0.02,
      { exactRate: 0.005, resubmissionRate: 0.005, resubmit: resubmitAttendance, maxDistance: 5000 },
      rng,
    ),
  };
}
