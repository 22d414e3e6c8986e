import { DuckDbEngine } from '@acad/engine';
import { AdmissionsDemographicsModel } from './admissions-demographics';
import { AdmissionsFunnelModel } from './admissions-funnel';
import { AttendanceByDepartmentModel } from './attendance-by-department';
import { AttendanceWeeklyModel } from './attendance-weekly';
import { StudentAttendanceRiskModel } from './student-attendance-risk';

let engine: DuckDbEngine;

// One student, one section, ten sessions: present, absent×3, present, excused, absent×2, late, absent.
const statuses = ['present', 'absent', 'absent', 'absent', 'present', 'excused', 'absent', 'absent', 'late', 'absent'];

beforeAll(async () => {
  engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
  const attendance = statuses
    .map((status, i) => `('tok_a', 'CS101', 'A', DATE '2025-09-01' + INTERVAL ${i * 2} DAY, '${status}')`)
    .concat(["('tok_b', 'CS101', 'A', DATE '2025-09-01', 'present')", "('tok_b', 'MA200', '1', DATE '2025-09-02', 'absent')"]);
  await engine.registerView(
    'trusted.attendance',
    `SELECT student_id, course_code, section, CAST(session_date AS DATE) AS session_date, status FROM (VALUES ${attendance.join(', ')}) t(student_id, course_code, section, session_date, status)`,
  );
  await engine.registerView('trusted.courses', `SELECT * FROM (VALUES ('CS101', 'A', 'Computing')) t(course_code, section, department)`);
  const funnel = ['submitted', 'offered', 'accepted', 'enrolled', 'declined', 'rejected'];
  const apps = [
    ...funnel.map((status, i) => `('2026-FALL', 'BSC-CS', 'f', 'IE', '${status}', ${2 + i * 0.3}, ${1000 + i * 100})`),
    "('2026-FALL', 'BSC-CS', 'm', 'IE', 'enrolled', 3.9, 1500)",
    "('2026-FALL', 'BSC-CS', NULL, 'IE', 'offered', 3.1, 1200)",
  ];
  await engine.registerView(
    'trusted.admissions',
    `SELECT * FROM (VALUES ${apps.join(', ')}) t(intake_term, program_code, gender, country, status, prior_gpa, test_score)`,
  );
});
afterAll(() => engine.close());

describe('curated models', () => {
  it('student_attendance_risk: rate, longest absence run, last attended and the at-risk flag', async () => {
    const rows = await engine.query(StudentAttendanceRiskModel.sql);
    expect(rows).toEqual([
      // 3 attended of 9 non-excused sessions; the longest run is three absences in a row.
      {
        student_key: 'tok_a',
        course_code: 'CS101',
        section: 'A',
        attendance_rate: 0.3333,
        longest_absence_run: 3,
        last_attended: '2025-09-17',
        at_risk: true,
      },
      {
        student_key: 'tok_b',
        course_code: 'CS101',
        section: 'A',
        attendance_rate: 1,
        longest_absence_run: 0,
        last_attended: '2025-09-01',
        at_risk: false,
      },
      {
        student_key: 'tok_b',
        course_code: 'MA200',
        section: '1',
        attendance_rate: 0,
        longest_absence_run: 1,
        last_attended: null,
        at_risk: true,
      },
    ]);
  });

  it('student_attendance_risk: the absence run follows the session dates, not the order rows are stored in', async () => {
    const scrambled = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
    try {
      // By date: absent, absent, present, absent, absent, absent, excused, absent → longest run 3.
      const byDate = ['absent', 'absent', 'present', 'absent', 'absent', 'absent', 'excused', 'absent'];
      const stored = [7, 2, 5, 0, 3, 6, 1, 4].map(
        (day) => `('tok_c', 'CS101', 'A', DATE '2025-10-01' + INTERVAL ${day} DAY, '${byDate[day]}')`,
      );
      await scrambled.run(
        `CREATE TABLE attendance_rows AS SELECT student_id, course_code, section, CAST(d AS DATE) AS session_date, status FROM (VALUES ${stored.join(', ')}) t(student_id, course_code, section, d, status)`,
      );
      await scrambled.registerView('trusted.attendance', 'SELECT * FROM attendance_rows');
      const [row] = await scrambled.query(StudentAttendanceRiskModel.sql);
      expect(row).toMatchObject({ student_key: 'tok_c', longest_absence_run: 3, attendance_rate: 0.1429, at_risk: true });
    } finally {
      await scrambled.close();
    }
  });

  it('attendance_weekly: counts per status and a rate that leaves excused sessions out', async () => {
    const rows = await engine.query(`SELECT * FROM (${AttendanceWeeklyModel.sql}) WHERE course_code = 'CS101' ORDER BY week_start`);
    // Week of Monday 1 September: sessions on the 1st, 3rd, 5th and 7th.
    expect(rows[0]).toEqual({
      course_code: 'CS101',
      section: 'A',
      week_start: '2025-09-01',
      sessions: 4,
      students: 2,
      present: 2,
      late: 0,
      absent: 3,
      excused: 0,
      attendance_rate: 0.4,
    });
    const total = rows.reduce((n, r) => n + Number(r['present']) + Number(r['late']) + Number(r['absent']) + Number(r['excused']), 0);
    expect(total).toBe(11);
  });

  it('attendance_by_department: unknown sections are counted as "unknown"', async () => {
    const rows = await engine.query(
      `SELECT department, sum(records)::BIGINT AS n FROM (${AttendanceByDepartmentModel.sql}) GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { department: 'Computing', n: 11 },
      { department: 'unknown', n: 1 },
    ]);
  });

  it('admissions_funnel: offers, acceptances, enrolments, offer rate and yield', async () => {
    const [row] = await engine.query(AdmissionsFunnelModel.sql);
    expect(row).toMatchObject({ applications: 8, offers: 6, acceptances: 3, enrolments: 2, offer_rate: 0.75, yield: 0.5 });
  });

  it('admissions_demographics: true counts of every group, however small; an empty gender is "not stated", apart from "u"', async () => {
    const rows = await engine.query(AdmissionsDemographicsModel.sql);
    expect(rows).toEqual([
      {
        intake_term: '2026-FALL',
        program_code: 'BSC-CS',
        gender: 'f',
        country: 'IE',
        applications: 6,
        offers: 4,
        acceptances: 2,
        enrolments: 1,
      },
      {
        intake_term: '2026-FALL',
        program_code: 'BSC-CS',
        gender: 'm',
        country: 'IE',
        applications: 1,
        offers: 1,
        acceptances: 1,
        enrolments: 1,
      },
      {
        intake_term: '2026-FALL',
        program_code: 'BSC-CS',
        gender: 'not stated',
        country: 'IE',
        applications: 1,
        offers: 1,
        acceptances: 0,
        enrolments: 0,
      },
    ]);
    const [funnel] = await engine.query(AdmissionsFunnelModel.sql);
    const sum = (c: string) => rows.reduce((n, r) => n + Number(r[c]), 0);
    for (const c of ['applications', 'offers', 'acceptances', 'enrolments']) expect(sum(c)).toBe(funnel[c]);
  });
});
