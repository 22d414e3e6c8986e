import { getContract, validateRow } from '@acad/schemas';
import { buildSampleData } from './generate-sample-data';
import { parseSampleCsv } from './sample-contracts.test-support';

describe('course_results sample file', () => {
  const data = buildSampleData({ students: 80, seed: 'course_results' });
  const manifest = data.manifest.files['course_results'];
  const file = data.files.find((f) => f.fileName === 'course_results.csv');
  const [header, ...rows] = parseSampleCsv(file?.content ?? '', ',');

  it('is written by buildSampleData with the contract columns and the rows the manifest declares', () => {
    const contract = getContract('course_results');
    expect(header.map((h) => h.trim().toLowerCase())).toEqual(contract.columns.map((c) => c.name));
    expect(rows.length).toBe(manifest.rows);
    expect(rows.length).toBeGreaterThan(80);
  });

  it('has exactly the invalid rows the manifest declares, by the contract itself', () => {
    const contract = getContract('course_results');
    const invalid = rows.filter(
      (cells) =>
        cells.length !== header.length ||
        !validateRow(contract, Object.fromEntries(header.map((h, i) => [h.toLowerCase(), cells[i]]))).valid,
    );
    expect(invalid.length).toBe(manifest.invalid.total);
    expect(invalid.length).toBeGreaterThan(0);
  });

  it('grades students from the students file in the sections of the courses file, P/NP without grade points', () => {
    const ids = new Set(data.files.find((f) => f.fileName === 'students.csv')?.content.match(/S\d{7}/g));
    const contract = getContract('course_results');
    const valid = rows.filter(
      (cells) =>
        cells.length === header.length &&
        validateRow(contract, Object.fromEntries(header.map((h, i) => [h.toLowerCase(), cells[i]]))).valid,
    );
    // A few students' own rows are corrupted in students.csv, so a few grades point at no valid student (a referential warning).
    expect(valid.filter((cells) => ids.has(cells[0].trim())).length / valid.length).toBeGreaterThan(0.95);
    const passFail = valid.filter((cells) => /^n?p$/i.test(cells[4]));
    expect(passFail.length).toBeGreaterThan(0);
    expect(passFail.every((cells) => cells[6] === '')).toBe(true);
  });
});
