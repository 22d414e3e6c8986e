import { generateAttendanceRows } from './attendance';
import { generateSections, sessionDates, FALL_2025 } from './courses';
import { enrolStudents } from './enrolment';
import { Rng } from './prng';
import { generateStudents } from './students';
import { validateAttendance } from './sample-contracts.test-support';
import { weekdayIndex } from './calendar';

function longestRun(statuses: readonly string[]): number {
  let longest = 0;
  let current = 0;
  for (const status of statuses) {
    current = status === 'absent' || status === 'excused' ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

describe('attendance generation', () => {
  const rng = new Rng('attendance-spec');
  const students = generateStudents(400, rng.fork('students'));
  const sections = generateSections(400 * 4.9, rng.fork('sections'));
  const enrolments = enrolStudents(students, sections, rng.fork('enrolment'));
  const rows = generateAttendanceRows(enrolments, rng.fork('rows'));

  it('meets twice a week for 14 weeks, skipping the holiday', () => {
    const dates = sessionDates(FALL_2025, [1, 3]);
    expect(dates.length).toBe(27);
    expect(dates).not.toContain('2025-11-27');
    expect(dates.every((date) => [1, 3].includes(weekdayIndex(date)))).toBe(true);
    expect(sessionDates(FALL_2025, [0, 2]).length).toBe(28);
  });

  it('enrols active students only, in 3–6 distinct courses each', () => {
    expect(enrolments.every(({ student }) => student.status === 'active')).toBe(true);
    const perStudent = new Map<string, string[]>();
    for (const { student, section } of enrolments) {
      const courses = perStudent.get(student.studentId) ?? [];
      courses.push(section.courseCode);
      perStudent.set(student.studentId, courses);
    }
    const loads = [...perStudent.values()];
    expect(loads.every((courses) => courses.length >= 3 && courses.length <= 6 && new Set(courses).size === courses.length)).toBe(true);
    const mean = enrolments.length / perStudent.size;
    expect(mean).toBeGreaterThan(4.2);
    expect(mean).toBeLessThan(5.4);
  });

  it('writes valid rows in date order with one row per student per meeting', () => {
    expect(rows.every((row) => validateAttendance(row) === null)).toBe(true);
    const keys = new Set(
      rows.map((row) =>
        row
          .slice(0, 4)
          .map((cell) => cell.trim())
          .join('|'),
      ),
    );
    expect(keys.size).toBe(rows.length);
    expect(rows.every((row, i) => i === 0 || row[3] >= rows[i - 1][3])).toBe(true);
    expect(rows.filter((row) => row[4].trim().toLowerCase() === 'late').every((row) => Number(row[5]) >= 1)).toBe(true);
  });

  it('varies attendance per student: most attend well, a few are at risk with long absence runs', () => {
    const history = new Map<string, string[]>();
    for (const row of rows) {
      const key = `${row[0].trim()}|${row[1]}|${row[2]}`;
      const statuses = history.get(key) ?? [];
      statuses.push(row[4].trim().toLowerCase());
      history.set(key, statuses);
    }
    const rates = [...history.values()].map((statuses) => statuses.filter((s) => s === 'present' || s === 'late').length / statuses.length);
    const overall = rates.reduce((sum, rate) => sum + rate, 0) / rates.length;
    expect(overall).toBeGreaterThan(0.8);
    expect(overall).toBeLessThan(0.95);
    expect(rates.filter((rate) => rate < 0.7).length / rates.length).toBeGreaterThan(0.02);
    expect(rates.filter((rate) => rate >= 0.9).length / rates.length).toBeGreaterThan(0.4);
    const runs = [...history.values()].map(longestRun);
    expect(runs.filter((run) => run >= 6).length).toBeGreaterThan(5);
  });
});
