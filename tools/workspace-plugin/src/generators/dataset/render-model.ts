import type { DatasetNames } from './dataset-names';

/** A starter curated model: rows and distinct students per course, in any SQL dialect. */
export function renderModel(n: DatasetNames): string {
  return `import { defineCuratedModel, inputByName } from './curated-model';

export const ${n.className}SummaryModel = defineCuratedModel({
  name: '${n.model}',
  description: 'Per course: ${n.dataset} rows and distinct students.',
  grain: ['course_code'],
  refreshBy: ['course_code'],
  groupsOf: { 'trusted.${n.dataset}': () => ({ course_code: 'course_code' }) },
  columnLineage: {
    course_code: ['trusted.${n.dataset}.course_code'],
    records: ['trusted.${n.dataset}.student_id'],
    students: ['trusted.${n.dataset}.student_id'],
  },
  render: (d, relation = inputByName) => \`
SELECT course_code,
  \${d.cast('count(*)', 'bigint')} AS records,
  \${d.cast('count(DISTINCT student_id)', 'bigint')} AS students
FROM \${relation('trusted.${n.dataset}')}
\${d.groupBy(['course_code'])}
ORDER BY course_code\`,
});
`;
}

export function renderModelSpec(n: DatasetNames): string {
  return `import { DuckDbEngine } from '@acad/engine';
import { ${n.className}SummaryModel } from './${n.file}-summary';

let engine: DuckDbEngine;

beforeAll(async () => {
  engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
  await engine.registerView(
    'trusted.${n.dataset}',
    "SELECT * FROM (VALUES ('tok_a', 'CS101'), ('tok_b', 'CS101'), ('tok_a', 'MA200')) t(student_id, course_code)",
  );
});
afterAll(() => engine.close());

describe('${n.model}', () => {
  it('counts rows and distinct students per course', async () => {
    expect(await engine.query(${n.className}SummaryModel.sql)).toEqual([
      { course_code: 'CS101', records: 2, students: 2 },
      { course_code: 'MA200', records: 1, students: 1 },
    ]);
  });
});
`;
}
