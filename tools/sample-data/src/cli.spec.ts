import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runSampleDataCli } from './cli';

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runSampleDataCli(['node', 'sample-data', ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('sample-data command line', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sample-data-cli-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it.each([
    [['--out', 'x', '--students', 'abc'], /--students <n>.*'abc' is invalid/],
    [['--out', 'x', '--students', '0'], /whole number from 1 to/],
    [['--out', 'x', '--students', '2.5'], /whole number from 1 to/],
    [['--students', '5'], /required option '--out <dir>'/],
    [['--out', 'x', '--seed', ''], /seed must not be empty/],
    [['--out', 'x', '--colour'], /unknown option '--colour'/],
  ])('exits 2 with a clear message on bad usage: %j', async (args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('writes the files and prints a short summary', async () => {
    const out = join(folder, 'summary');
    const result = await run('--out', out, '--students', '40', '--seed', 'cli');
    expect(result.code).toBe(0);
    for (const file of ['students.csv', 'courses.csv', 'attendance.csv', 'admissions.csv'])
      expect(result.stdout).toMatch(new RegExp(`${file}\\s+\\d+ rows, \\d+ invalid`));
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ seed: 'cli', students: 40 });
  });

  it('prints the manifest with --json', async () => {
    const out = join(folder, 'json');
    const result = await run('--out', out, '--students', '30', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')));
    expect(JSON.parse(result.stdout)).toMatchObject({ seed: 'acad', students: 30 });
  });

  it('exits 1 naming the folder when the files cannot be written', async () => {
    const result = await run('--out', join(__filename, 'inside-a-file'), '--students', '5');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('could not write the sample data to');
  });

  it('sets the process exit code from main.ts (2 on bad usage)', () => {
    const repoRoot = resolve(__dirname, '../../..');
    const child = spawnSync(
      process.execPath,
      ['--conditions=@acad/source', '--import', 'tsx', 'tools/sample-data/src/main.ts', '--out', folder, '--students', 'abc'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    expect(child.status).toBe(2);
    expect(child.stderr).toContain("argument 'abc' is invalid");
  });
});
