import { generateApplicationRows } from './admissions';
import { Rng } from './prng';
import { validateAdmission } from './sample-contracts.test-support';

describe('admissions generation', () => {
  const rows = generateApplicationRows(2000, new Rng('admissions-spec'));
  const statusOf = (row: readonly string[]): string => row[14].trim().toLowerCase();
  const count = (...statuses: string[]): number => rows.filter((row) => statuses.includes(statusOf(row))).length;

  it('writes valid applications with unique, rising ids', () => {
    expect(rows.every((row) => validateAdmission(row) === null)).toBe(true);
    const ids = rows.map((row) => row[0]);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('follows a realistic funnel: fewer offers than applications, fewer enrolments than offers', () => {
    expect(new Set(rows.map(statusOf))).toEqual(
      new Set(['submitted', 'under_review', 'offered', 'accepted', 'declined', 'rejected', 'enrolled', 'withdrawn']),
    );
    const offers = count('offered', 'accepted', 'declined', 'enrolled');
    expect(offers / rows.length).toBeGreaterThan(0.3);
    expect(offers / rows.length).toBeLessThan(0.6);
    expect(count('enrolled') / offers).toBeGreaterThan(0.2);
    expect(count('enrolled') / offers).toBeLessThan(0.6);
  });

  it('dates decisions only for decided applications, never before the application', () => {
    for (const row of rows) {
      const decided = ['offered', 'accepted', 'declined', 'rejected', 'enrolled'].includes(statusOf(row));
      expect(row[15] !== '').toBe(decided);
      if (decided) expect(row[15] >= row[11]).toBe(true);
      if (row[16] !== '') expect(['offered', 'accepted', 'declined', 'enrolled']).toContain(statusOf(row));
    }
  });

  it('mixes the case of gender codes and leaves optional fields empty sometimes', () => {
    const genders = new Set(rows.map((row) => row[6]));
    expect(genders).toContain('F');
    expect(genders).toContain('m');
    expect(genders).toContain('');
    expect(rows.some((row) => row[4] === '')).toBe(true);
    expect(rows.some((row) => /^0\d{4}$/.test(row[8]))).toBe(true);
  });
});
