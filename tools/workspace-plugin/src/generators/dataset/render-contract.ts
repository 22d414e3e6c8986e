import type { DatasetNames } from './dataset-names';

/** A starter contract: two columns every student-course dataset has, and its key. */
export function renderContract(n: DatasetNames): string {
  return `import { column } from '../column-spec';
import type { DatasetContract } from '../dataset-contract';

export const ${n.className}Contract: DatasetContract = {
  name: '${n.dataset}',
  version: 1,
  description: 'One row per student and course (starter contract: add the columns of the dataset).',
  owner: 'academics-data-engineering',
  kind: 'fact',
  columns: [
    column('student_id', 'text', 'Student number from the SIS.', { required: true, pii: 'identifier', pattern: '^S[0-9]{7}$' }),
    column('course_code', 'text', 'Course code, e.g. CS101.', { required: true, pattern: '^[A-Z]{2,4}[0-9]{3,4}$' }),
  ],
  key: ['student_id', 'course_code'],
  rowRules: [],
  freshnessSlaHours: 168,
};
`;
}

export function renderContractSpec(n: DatasetNames): string {
  return `import { validateRow } from '../compile/index';
import { getContract } from './registry';
import { ${n.className}Contract } from './${n.file}';

describe('${n.className}Contract', () => {
  const good = { student_id: 'S2500123', course_code: 'CS101' };

  it('is registered under its name', () => {
    expect(getContract('${n.dataset}')).toBe(${n.className}Contract);
  });

  it('accepts a good row', () => {
    expect(validateRow(${n.className}Contract, good).violations).toEqual([]);
  });

  it('rejects a row with a malformed student id and no course', () => {
    const { violations } = validateRow(${n.className}Contract, { ...good, student_id: 'X123', course_code: '' });
    expect(violations).toEqual(expect.arrayContaining(['${n.dataset}.student_id.pattern', '${n.dataset}.course_code.required']));
  });
});
`;
}
