import { DuckDbEngine } from '@acad/engine';
import { AdmissionsContract } from '@acad/schemas';
import { parseDqdl } from './parse-dqdl';
import type { PiiFinding } from './pii-detector';
import { profileRelation, type ColumnProfile, type DatasetProfile } from './profile-relation';

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'John', 'Margaret', 'Tim'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Backus', 'Hamilton', 'Berners-Lee'];

describe('profileRelation', () => {
  let engine: DuckDbEngine;
  let profile: DatasetProfile;
  const column = (name: string): ColumnProfile => {
    const found = profile.columns.find((c) => c.name === name);
    if (!found) throw new Error(`no column ${name}`);
    return found;
  };
  const pii = (name: string): PiiFinding => {
    const finding = column(name).pii;
    if (!finding) throw new Error(`${name} is not PII`);
    return finding;
  };

  beforeAll(async () => {
    engine = await DuckDbEngine.open({ mode: 'pipeline' });
    // Plaintext, as in a raw-like export: 40 people; the PII names are hinted for some columns only.
    const rows = Array.from({ length: 40 }, (_, i) => {
      const first = FIRST[i % 10];
      const last = LAST[(i * 3) % 10];
      return `('${first}', '${last} ${first}', '${first.toLowerCase()}.${i}@uni.edu', '${first.toLowerCase()}${i}@mail.org', '+1 555-${String(1000 + i).padStart(4, '0')}-${String(20 + i)}', DATE '${1990 + (i % 15)}-0${1 + (i % 9)}-1${i % 9}', '${String(100 + i).padStart(3, '0')}-${String(10 + (i % 80)).padStart(2, '0')}-${String(1000 + i)}', 'CS${100 + (i % 3)}', ${i % 3 === 0 ? 'NULL' : i}, ${i * 2 + 1}, '${['present', 'absent', 'late'][i % 3]}', ${i + 1})`;
    });
    await engine.run(
      `CREATE TABLE people AS SELECT * FROM (VALUES ${rows.join(',\n')}) AS t(first_name, display, email, contact, phone, date_of_birth, ssn, course, score, doubled, status, _row_number)`,
    );
    profile = await profileRelation(engine, 'people', { now: new Date('2025-01-01T00:00:00Z') });
  });

  afterAll(async () => {
    await engine.close();
  });

  it('finds the PII columns from names and from values, with a confidence', () => {
    const found = Object.fromEntries(profile.columns.flatMap((c) => (c.pii ? [[c.name, c.pii.kind]] : [])));
    expect(found).toEqual({
      first_name: 'name',
      display: 'name',
      email: 'email',
      contact: 'email',
      phone: 'phone',
      date_of_birth: 'date_of_birth',
      ssn: 'national_id',
    });
    // Name and values agree: more confident than values alone.
    expect(pii('email').confidence).toBeGreaterThan(pii('contact').confidence);
    expect(column('contact').pii).toMatchObject({
      protection: null,
      label: 'PII',
      evidence: ['100% of values look like e-mail addresses'],
    });
    for (const c of profile.columns) if (c.pii) expect(c.pii.confidence).toBeGreaterThanOrEqual(0.5);
    expect(column('course').pii).toBeNull();
    expect(column('status').pii).toBeNull();
  });

  it('never shows a PII value in plaintext', () => {
    const text = JSON.stringify(profile);
    for (const secret of ['Lovelace', 'ada.0@uni.edu', 'ada0@mail.org', '555-1000', '100-10-1000', '1990-01-10'])
      expect(text).not.toContain(secret);
    expect(column('email').topValuesNote).toBe('masked: PII (email)');
    expect(column('email').topValues[0].value).toMatch(/^[a-z]\*+@uni\.edu$/);
    expect(column('date_of_birth').min).toBe('1990');
  });

  it('computes counts, distinct, numeric statistics, quantiles, histogram, lengths, patterns and correlations', () => {
    expect(profile.rows).toBe(40);
    const score = column('score');
    // Scores are i for i not divisible by 3: 26 values from 1 to 38.
    expect(score).toMatchObject({ count: 40, missing: 14, distinct: 26, min: '1', max: '38' });
    expect(score.histogram).toHaveLength(10);
    expect((score.histogram ?? []).reduce((n, b) => n + b.count, 0)).toBe(26);
    expect(score.quantiles?.p50).toBe(score.median);
    // 0 + 1 + ... + 39 = 780, less the multiples of 3 (273).
    expect(score.mean).toBeCloseTo((780 - 273) / 26, 9);
    expect(column('course').topValues).toEqual([
      { value: 'CS100', count: 14 },
      { value: 'CS101', count: 13 },
      { value: 'CS102', count: 13 },
    ]);
    expect(column('course').patterns).toEqual([{ value: 'AA999', count: 40 }]);
    expect(column('course').length).toEqual({ min: 5, max: 5, mean: 5 });
    expect(column('ssn').patterns[0].value).toBe('999-99-9999');
    expect(profile.correlations.find((c) => c.columns.join() === 'score,doubled')?.pearson).toBeCloseTo(1, 9);
    // A platform column is profiled, but correlating the data with row numbers says nothing.
    expect(column('_row_number')).toMatchObject({ count: 40, distinct: 40, min: '1', max: '40' });
    expect(profile.correlations.map((c) => c.columns.join())).toEqual(['score,doubled']);
  });

  it('suggests rules as DQDL that parse back, with no PII value in them', () => {
    const rules = parseDqdl(profile.suggestedDqdl);
    expect(rules).toEqual(profile.suggestedRules);
    // Most frequent first.
    expect(profile.suggestedDqdl).toContain('ColumnValues "status" in ["present", "absent", "late"]');
    expect(profile.suggestedDqdl).toContain('ColumnValues "course" matches "^[A-Za-z]{2}[0-9]{3}$"');
    expect(profile.suggestedDqdl).toContain('IsComplete "email"');
    expect(profile.suggestedDqdl).toContain('Completeness "score" >= 0.65');
    expect(profile.suggestedDqdl).not.toMatch(/Lovelace|uni\.edu|555/);
  });

  it('takes the contract PII classes as evidence too', async () => {
    await engine.run(
      `CREATE TABLE contact_only AS SELECT 'x' || i AS postcode, 'enc1:' || md5(i::VARCHAR) AS last_name FROM range(5) t(i)`,
    );
    const withContract = await profileRelation(engine, 'contact_only', { contract: AdmissionsContract });
    expect(withContract.columns.find((c) => c.name === 'last_name')?.pii).toMatchObject({
      kind: 'name',
      protection: 'encrypted',
      label: 'PII (protected: encrypted)',
    });
    expect(withContract.columns.find((c) => c.name === 'last_name')?.topValues).toEqual([]);
    expect(withContract.columns.find((c) => c.name === 'postcode')?.pii).toBeNull();
  });
});
