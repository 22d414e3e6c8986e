import { TRINO_DIALECT } from '@acad/schemas';
import { defineCuratedModel, inputByName, type CuratedModelDefinition } from './curated-model';
import { CURATED_MODELS } from './registry';

const counted: CuratedModelDefinition = {
  name: 'counted',
  description: 'Rows per course, with its department when known.',
  grain: ['course_code'],
  refreshBy: ['course_code'],
  groupsOf: { 'trusted.attendance': () => ({ course_code: 'course_code' }), 'trusted.courses': 'rebuild' },
  columnLineage: {},
  render: (_d, relation = inputByName) =>
    `SELECT a.course_code, count(*) AS n FROM ${relation('trusted.attendance')} a LEFT JOIN ${relation('trusted.courses', { optional: true })} c USING (course_code) GROUP BY 1`,
};

describe('defineCuratedModel', () => {
  it('takes inputs from the relations the SQL references, and required inputs from those not optional', () => {
    const model = defineCuratedModel(counted);
    expect(model.inputs).toEqual(['trusted.attendance', 'trusted.courses']);
    expect(model.requiredInputs).toEqual(['trusted.attendance']);
    expect(model.sql).toContain('FROM trusted.attendance a LEFT JOIN trusted.courses c');
  });

  it('declares what each registered model reads exactly as its SQL references it', () => {
    const referenced = (sql: string) => [...new Set([...sql.matchAll(/trusted_(\w+)/g)].map((m) => `trusted.${m[1]}`))];
    for (const model of CURATED_MODELS)
      expect({ model: model.name, inputs: model.inputs }).toEqual({
        model: model.name,
        inputs: referenced(model.render(TRINO_DIALECT, (input) => input.replace('.', '_'))),
      });
  });

  it('refuses a refresh declaration that does not fit the SQL', () => {
    expect(() => defineCuratedModel({ ...counted, groupsOf: { 'trusted.attendance': counted.groupsOf['trusted.attendance'] } })).toThrow(
      'Curated model counted: groupsOf names trusted.attendance; its SQL reads trusted.attendance, trusted.courses',
    );
    expect(() => defineCuratedModel({ ...counted, refreshBy: ['department'] })).toThrow(
      'Curated model counted: refreshBy column department is not in its grain',
    );
    expect(() =>
      defineCuratedModel({ ...counted, groupsOf: { ...counted.groupsOf, 'trusted.attendance': () => ({ section: 'section' }) } }),
    ).toThrow('Curated model counted: groupsOf trusted.attendance gives section, not its refreshBy');
    expect(() =>
      defineCuratedModel({ ...counted, spans: { 'trusted.students': { column: 'session_date', group: 'course_code', days: 7 } } }),
    ).toThrow('Curated model counted: spans names trusted.students, which its SQL does not read');
    expect(() =>
      defineCuratedModel({ ...counted, spans: { 'trusted.attendance': { column: 'session_date', group: 'week_start', days: 7 } } }),
    ).toThrow('Curated model counted: the span of trusted.attendance is by week_start, not a refreshBy column');
    const replace = { input: 'trusted.attendance', counts: { n: `status = 'absent'` }, render: () => 'SELECT 1' };
    expect(() => defineCuratedModel({ ...counted, replace: { ...replace, input: 'trusted.students' } })).toThrow(
      'Curated model counted: its replace delta is over trusted.students, which its SQL does not read',
    );
    expect(() => defineCuratedModel({ ...counted, replace: { ...replace, input: 'trusted.courses' } })).toThrow(
      "Curated model counted: its replace delta's input trusted.courses rebuilds the product",
    );
    expect(() => defineCuratedModel({ ...counted, replace: { ...replace, counts: { absences: `status = 'absent'` } } })).toThrow(
      'Curated model counted: its replace delta counts absences, which is not one of its columns',
    );
    expect(() => defineCuratedModel({ ...counted, render: () => 'SELECT 1' })).toThrow(
      'Curated model counted: its SQL references no input through relation()',
    );
  });
});
