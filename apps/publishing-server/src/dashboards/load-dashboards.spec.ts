import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DashboardDefinitionInvalid, loadDashboardDefinitions, parseDashboardDefinition } from './load-dashboards';

const FOLDER = join(__dirname, '../../dashboards');
const attendance = () => JSON.parse(readFileSync(join(FOLDER, 'attendance.json'), 'utf8'));

/** The problems a definition has, as the error of the start would name them. */
function problemsOf(definition: unknown): string[] {
  try {
    parseDashboardDefinition('dashboards/broken.json', JSON.stringify(definition));
  } catch (error) {
    expect(error).toBeInstanceOf(DashboardDefinitionInvalid);
    expect((error as Error).message).toContain('dashboards/broken.json');
    return (error as DashboardDefinitionInvalid).problems;
  }
  return [];
}

describe('dashboard definitions', () => {
  it('loads the three shipped dashboards, in navigation order', () => {
    expect(loadDashboardDefinitions(FOLDER).map((d) => d.id)).toEqual(['attendance', 'admissions', 'grades']);
  });

  it('accepts the example of the README (Adding a dashboard)', () => {
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    const example = readme.slice(readme.indexOf('### Adding a dashboard')).match(/```json\n([\s\S]*?)```/)?.[1] ?? '';
    expect(parseDashboardDefinition('README.md', example).charts.map((c) => c.id)).toEqual(['departments', 'weekly']);
  });

  it('names the file and the JSON path of each problem', () => {
    const d = attendance();
    d.charts[1].type = 'pie';
    d.charts[2].query = 'nothing';
    delete d.title;
    const problems = problemsOf(d);
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\$\.charts\[1\]\.type: /), expect.stringMatching(/^\$\.title: /)]),
    );
    // Cross-references are checked once the shape is right.
    const e = attendance();
    e.charts[2].query = 'nothing';
    e.charts[1].drill.filter = 'programme';
    expect(problemsOf(e)).toEqual(['$.charts[1].drill.filter: no filter named "programme"', '$.charts[2].query: no query named "nothing"']);
  });

  it('refuses a measure or dimension the source does not have, and a source whose products it does not name', () => {
    const d = attendance();
    d.queries.trend.measures = ['rate', 'enrolments'];
    d.queries.heatmap.by = ['course', 'country'];
    d.products = ['curated.attendance_weekly'];
    expect(problemsOf(d)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\$\.queries\.trend\.measures\[1\]: attendance has no measure "enrolments"/),
        expect.stringMatching(/^\$\.queries\.heatmap\.by\[1\]: attendance has no dimension "country"/),
        expect.stringMatching(/^\$\.products: attendance \(query trend\) reads curated\.attendance_by_department/),
      ]),
    );
  });

  it('refuses unknown fields, ids that take a server path, text that is not JSON, and two files with one id', () => {
    expect(problemsOf({ ...attendance(), colour: 'red' })).toEqual([expect.stringMatching(/^\$: .*colour/)]);
    expect(problemsOf({ ...attendance(), id: 'catalog' })).toEqual([expect.stringMatching(/^\$\.id: a path the server already uses/)]);
    expect(() => parseDashboardDefinition('x.json', '{ "id": ')).toThrow(/x\.json is not valid:\n {2}\$: not JSON/);
    const folder = mkdtempSync(join(tmpdir(), 'dashboards-'));
    writeFileSync(join(folder, 'a.json'), JSON.stringify(attendance()));
    writeFileSync(join(folder, 'b.json'), JSON.stringify(attendance()));
    expect(() => loadDashboardDefinitions(folder)).toThrow(/b\.json is not valid:\n {2}\$\.id: "attendance" is also the id of a\.json/);
  });
});
