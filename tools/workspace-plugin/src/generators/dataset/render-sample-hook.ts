import type { DatasetNames } from './dataset-names';

/** A sample-data hook drawing one row per enrolment, with a few invalid rows and duplicates. */
export function renderSampleHook(n: DatasetNames): string {
  return `import type { Enrolment } from './enrolment';
import { makeMessy, type Corruption } from './messy-table';
import type { SampleDatasetHook } from './sample-world';

export const ${n.constantName}_COLUMNS = ['student_id', 'course_code'] as const;

const CORRUPTIONS: Record<string, Corruption> = {
  bad_id: (row) => [\`X\${row[0].slice(1)}\`, ...row.slice(1)],
  missing_required: (row, rng) => {
    const copy = [...row];
    copy[rng.pick([0, 1])] = '';
    return copy;
  },
};

const rowOf = (enrolment: Enrolment): string[] => [enrolment.student.studentId, enrolment.section.courseCode];

/** ${n.dataset}.csv: one row per enrolment, about 2 % invalid and 1 % exact duplicates. */
export const ${n.propertyName}SampleHook: SampleDatasetHook = {
  dataset: '${n.dataset}',
  fileName: '${n.dataset}.csv',
  build: (world, rng) => ({
    dataset: '${n.dataset}',
    fileName: '${n.dataset}.csv',
    columns: ${n.constantName}_COLUMNS,
    dialect: { delimiter: ',', lineEnding: '\\n', bom: false, quoteAll: false },
    table: makeMessy([...${n.constantName}_COLUMNS], world.enrolments.map(rowOf), CORRUPTIONS, 0.02, { exactRate: 0.01, resubmissionRate: 0, maxDistance: 20 }, rng),
  }),
};
`;
}

export function renderSampleHookSpec(n: DatasetNames): string {
  return `import { getContract, validateRow } from '@acad/schemas';
import { buildSampleData } from './generate-sample-data';
import { parseSampleCsv } from './sample-contracts.test-support';

describe('${n.dataset} sample file', () => {
  const data = buildSampleData({ students: 80, seed: '${n.dataset}' });
  const manifest = data.manifest.files['${n.dataset}'];
  const file = data.files.find((f) => f.fileName === '${n.dataset}.csv');
  const [header, ...rows] = parseSampleCsv(file?.content ?? '', ',');

  it('is written by buildSampleData with the contract columns and the rows the manifest declares', () => {
    const contract = getContract('${n.dataset}');
    expect(header).toEqual(contract.columns.map((c) => c.name));
    expect(rows.length).toBe(manifest.rows);
    expect(rows.length).toBeGreaterThan(80);
  });

  it('has exactly the invalid rows the manifest declares, by the contract itself', () => {
    const contract = getContract('${n.dataset}');
    const invalid = rows.filter((cells) => cells.length !== header.length || !validateRow(contract, Object.fromEntries(header.map((h, i) => [h, cells[i]]))).valid);
    expect(invalid.length).toBe(manifest.invalid.total);
    expect(invalid.length).toBeGreaterThan(0);
  });
});
`;
}
