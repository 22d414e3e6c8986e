import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKeyring } from '@acad/crypto';
import { runCommand, type CommandResult } from './commands.test-support';

const APPS = { 'acad-cli': 'acad', 'ingestion-worker': 'ingest' } as const;

/** One program run against `home`; the first ingest goes through tsx as `npm run ingest` does. */
function cli(app: keyof typeof APPS, args: string[], home: string, via: 'bundle' | 'tsx' = 'bundle'): Promise<CommandResult> {
  return runCommand(APPS[app], args, { ...process.env, ACAD_HOME: home, ACAD_LOG_LEVEL: 'silent' }, via);
}

describe('acad query and catalog (end to end)', () => {
  const home = mkdtempSync(join(tmpdir(), 'acad-cli-e2e-'));
  const csv = join(home, 'attendance.csv');
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  beforeAll(async () => {
    // The explicit first-run step (`acad keys init`): nothing creates keys implicitly.
    LocalKeyring.create(home);
    writeFileSync(
      csv,
      [
        'Student_ID , course_code,section,session_date,status,minutes_late,recorded_at',
        'S0000001,CS101,A,2025-09-01,present,,2025-09-01T10:00:00Z',
        'S0000002,CS101,A,2025-09-01,LATE,5,2025-09-01T10:00:00Z',
        'S0000003,CS101,A,2025-09-01,absent,,2025-09-01T10:00:00Z',
        'bad,CS101,A,2025-09-01,absent,,2025-09-01T10:00:00Z',
      ].join('\n'),
    );
    const ingest = await cli('ingestion-worker', [csv, '--dataset', 'attendance', '--json'], home, 'tsx');
    expect(ingest.code).toBe(0);
  }, 60_000);

  it('answers SQL over trusted and curated as JSON', async () => {
    const result = await cli('acad-cli', ['query', 'select count(*) as n from trusted.attendance', '--format', 'json'], home);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{ n: 3 }]);
    const weekly = await cli(
      'acad-cli',
      ['query', 'select present, late, absent from curated.attendance_weekly', '--format', 'json'],
      home,
    );
    expect(JSON.parse(weekly.stdout)).toEqual([{ present: 1, late: 1, absent: 1 }]);
  }, 60_000);

  it('shows identifiers only as tokens', async () => {
    const result = await cli('acad-cli', ['query', 'select distinct student_id from trusted.attendance', '--format', 'csv'], home);
    expect(result.stdout).not.toMatch(/S000000\d/);
    expect(result.stdout).toMatch(/tok_[0-9a-f]{32}/);
  }, 60_000);

  it('refuses SQL that reads files, with exit code 2', async () => {
    const result = await cli('acad-cli', ['query', `select * from read_csv('${csv}')`], home);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Refused/);
    expect(result.stdout).not.toContain('S0000001');
  }, 60_000);

  it('refuses a statement that writes, with exit code 2, and the lake is as it was', async () => {
    const before = await cli('acad-cli', ['query', 'select count(*) as n from trusted.attendance', '--format', 'json'], home);
    const result = await cli('acad-cli', ['query', 'delete from trusted.attendance'], home);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /Refused: .*only reading statements run here, and this is DELETE: the lake changes only through ingestion/,
    );
    expect(result.stdout).toBe('');
    const after = await cli('acad-cli', ['query', 'select count(*) as n from trusted.attendance', '--format', 'json'], home);
    expect(after.stdout).toBe(before.stdout);
  }, 60_000);

  it('reports a broken query with exit code 1', async () => {
    const result = await cli('acad-cli', ['query', 'select nope from trusted.attendance'], home);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Query failed/);
  }, 60_000);

  it('lists the catalog and shows a dataset with its PII classes', async () => {
    const list = await cli('acad-cli', ['catalog', 'list', '--json'], home);
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as Array<{ name: string; zone: string; rows: number | null }>;
    expect(listed.find((d) => d.zone === 'trusted' && d.name === 'attendance')).toMatchObject({ rows: 3 });
    expect(listed.find((d) => d.zone === 'raw' && d.name === 'attendance')).toMatchObject({ rows: 4 });
    const shown = await cli('acad-cli', ['catalog', 'show', 'admissions'], home);
    expect(shown.stdout).toMatch(/email\s+text\s+required\s+\[PII: direct\]/);
    const unknown = await cli('acad-cli', ['catalog', 'show', 'grades'], home);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown dataset "grades"/);
  }, 60_000);

  it('prints lineage from the landing file to the products', async () => {
    const result = await cli('acad-cli', ['lineage', 'attendance_weekly', '--upstream'], home);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      [
        'curated.attendance_weekly',
        '└── trusted.attendance',
        '    └── raw.attendance',
        '        └── landing:attendance/attendance.csv',
      ].join('\n'),
    );
    const search = await cli('acad-cli', ['catalog', 'search', 'department', '--json'], home);
    expect((JSON.parse(search.stdout) as Array<{ name: string }>).map((d) => d.name)).toContain('attendance_by_department');
  }, 60_000);

  it('exits 2 naming a bad setting', async () => {
    const { code, stderr } = await runCommand(
      'acad',
      ['catalog', 'list'],
      { ...process.env, ACAD_HOME: home, ACAD_ENGINE: 'spark' },
      'tsx',
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/ACAD_ENGINE/);
  }, 60_000);
});
