import { AdmissionsContract, AttendanceContract } from '../datasets/index';
import { contractRules } from './rule-ids';
import { validateRow } from './compile-zod-schema';

const good = {
  student_id: 'S1234567',
  course_code: 'CS101',
  section: 'A1',
  session_date: '2025-09-02',
  status: 'Present',
  minutes_late: '',
  recorded_at: '2025-09-02T10:00:00Z',
  source_system: 'lms',
};

describe('validateRow (zod contract)', () => {
  it('accepts a clean attendance row, trimming and lower-casing enums', () => {
    const verdict = validateRow(AttendanceContract, { ...good, student_id: '  S1234567 ' });
    expect(verdict.violations).toEqual([]);
    expect(verdict.row).toMatchObject({ student_id: 'S1234567', status: 'present', minutes_late: null });
  });

  it.each([
    [{ student_id: 'X12' }, 'attendance.student_id.pattern'],
    [{ student_id: '' }, 'attendance.student_id.required'],
    [{ session_date: '2024-02-30' }, 'attendance.session_date.type'],
    [{ status: 'sleeping' }, 'attendance.status.enum'],
    [{ status: 'late', minutes_late: '' }, 'attendance.minutes_late.when_late'],
    [{ status: 'present', minutes_late: '5' }, 'attendance.minutes_late.when_late'],
    [{ status: 'late', minutes_late: '301' }, 'attendance.minutes_late.range'],
    [{ section: 'ABCDE' }, 'attendance.section.length'],
    [{ recorded_at: 'yesterday' }, 'attendance.recorded_at.type'],
  ])('rejects %j with %s', (change, rule) => {
    expect(validateRow(AttendanceContract, { ...good, ...change }).violations).toContain(rule);
  });

  it('checks cross-column admissions rules', () => {
    const base = {
      application_id: 'A12345678',
      first_name: 'Zoë',
      last_name: "O'Brien",
      email: 'zoe@example.org',
      date_of_birth: '2005-06-01',
      country: 'ie',
      program_code: 'BSC-CS',
      intake_term: '2026-FALL',
      application_date: '2025-11-01',
      status: 'offered',
      decision_date: '2025-12-01',
    };
    expect(validateRow(AdmissionsContract, base).violations).toEqual([]);
    expect(validateRow(AdmissionsContract, base).row.country).toBe('IE');
    expect(validateRow(AdmissionsContract, { ...base, decision_date: '2025-10-01' }).violations).toEqual([
      'admissions.decision_date.not_before_application',
    ]);
    expect(validateRow(AdmissionsContract, { ...base, date_of_birth: '2012-11-02' }).violations).toEqual(['admissions.date_of_birth.age']);
    expect(validateRow(AdmissionsContract, { ...base, email: 'not-an-email' }).violations).toEqual(['admissions.email.format']);
  });

  it('gives every rule a reason that names its column and no value', () => {
    for (const rule of contractRules(AdmissionsContract)) {
      expect(rule.reason).toContain(rule.column);
    }
  });
});
