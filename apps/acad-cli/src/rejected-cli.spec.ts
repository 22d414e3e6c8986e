import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadSettings } from '@acad/config';
import { dataProtection, zoneStores } from './compose';
import { landFile, moveToRejected, type RejectionRecord } from '@acad/zones';
import { runCli } from './cli';

jest.setTimeout(120_000);

const root = resolve(__dirname, '../../..');

describe('acad rejected', () => {
  const home = mkdtempSync(join(tmpdir(), 'acad-rejected-cli-'));
  const env = { ACAD_HOME: home, ACAD_LOG_LEVEL: 'silent' };
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const run = async (argv: string[], confirm?: (q: string) => Promise<boolean>) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env,
      cwd: home,
      ...(confirm ? { confirm } : {}),
    });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };
  const list = async () => JSON.parse((await run(['rejected', 'list', '--json'])).stdout) as RejectionRecord[];
  let rejectedId: string;

  beforeAll(async () => {
    expect((await run(['keys', 'init'])).code).toBe(0);
    // Rejected by the worker as `npm run ingest` runs it: no session_date column.
    const broken = join(home, 'no-date.csv');
    writeFileSync(broken, 'student_id,course_code,section,status\nS1234567,CS101,A,present\n');
    const ingest = await promisify(execFile)(
      process.execPath,
      ['--conditions=@acad/source', '--import', 'tsx', 'apps/ingestion-worker/src/main.ts', broken, '--dataset', 'attendance'],
      { cwd: root, env: { ...process.env, ...env } },
    ).catch((e: { code: number }) => e);
    expect((ingest as { code?: number }).code).toBe(1);
    [{ id: rejectedId }] = await list();
  });

  it('lists and shows rejected files with their reason, never their content', async () => {
    const text = await run(['rejected', 'list']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^${rejectedId}  \\S+  attendance/no-date.csv\\s+missing required column session_date$`));
    const shown = await run(['rejected', 'show', rejectedId]);
    expect(shown.stdout).toContain(`acad rejected retry ${rejectedId}`);
    expect(shown.stdout).not.toContain('S1234567');
    expect(JSON.parse((await run(['rejected', 'show', rejectedId, '--json'])).stdout)).toMatchObject({
      id: rejectedId,
      dataset: 'attendance',
      file: 'no-date.csv',
      problem: 'missing required column session_date',
    });
    const missing = await run(['rejected', 'show', 'b00000000000000000000']);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/No rejected file with id b0{20}/) });
  });

  it('retries a file: back in landing and run; rejected again, it returns under the same id and exits 1', async () => {
    const again = await run(['rejected', 'retry', rejectedId, '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ record: { id: rejectedId }, summary: { status: 'rejected', batchId: rejectedId } });
    expect((await list()).map((r) => r.id)).toEqual([rejectedId]);
  });

  it('retries a file rejected for a cause since gone, and it commits', async () => {
    // Rejected on a run that could not take it (as Athena refuses datasets with direct identifiers): the file itself is fine.
    const good = join(home, 'fine.csv');
    writeFileSync(good, 'student_id,course_code,section,session_date,status\nS7654321,CS101,A,2025-09-01,present\n');
    const settings = loadSettings({ env, cwd: home });
    const stores = zoneStores(settings);
    const key = await landFile(stores.landing, 'attendance', good);
    const record = await moveToRejected(
      { stores, protection: await dataProtection(settings, stores), logger: console, runId: 'test' },
      {
        dataset: 'attendance',
        landingKey: key,
        fileName: 'fine.csv',
        stagedPath: good,
        version: await stores.landing.head(key),
        batchId: 'b0123456789abcdef0123',
        contentSha256: '0'.repeat(64),
        problem: 'the engine could not take it',
      },
    );
    const retried = await run(['rejected', 'retry', record.id]);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toMatch(
      /^Put attendance\/fine\.csv back in landing and ran it:\n✓ committed {2}attendance\/fine\.csv batch b[0-9a-f]{20}: read 1 = accepted 1/,
    );
    expect((await list()).map((r) => r.id)).toEqual([rejectedId]);
  });

  it('discards a file only when confirmed, or with --yes', async () => {
    const unasked = await run(['rejected', 'discard', rejectedId]);
    expect(unasked).toMatchObject({ code: 2, stderr: expect.stringMatching(/add --yes/) });
    const declined = await run(['rejected', 'discard', rejectedId], async () => false);
    expect(declined).toMatchObject({ code: 0, stdout: 'Kept.' });
    expect(await list()).toHaveLength(1);
    const questions: string[] = [];
    const confirmed = await run(['rejected', 'discard', rejectedId], async (q) => (questions.push(q), true));
    expect(confirmed).toMatchObject({ code: 0, stdout: `Discarded attendance/no-date.csv (${rejectedId}).` });
    expect(questions).toEqual([expect.stringMatching(/^Discard attendance\/no-date\.csv .* for good\?/)]);
    expect(await list()).toEqual([]);
    expect((await run(['rejected', 'list'])).stdout).toBe('No rejected files.');
    expect((await run(['rejected', 'discard', rejectedId, '--yes'])).code).toBe(1);
  });

  it('explains every subcommand with --help', async () => {
    for (const sub of ['list', 'show', 'retry', 'discard']) {
      const help = await run(['rejected', sub, '--help']);
      expect({ sub, code: help.code, json: help.stdout.includes('--json') }).toEqual({ sub, code: 0, json: true });
    }
  });
});
