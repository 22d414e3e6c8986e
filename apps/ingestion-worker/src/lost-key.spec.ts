import { existsSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKeyring } from '@acad/crypto';
import { runCli } from './cli';

// A lost key is an error, never a new key: a new one would leave the data sealed under the old one
// unreadable and give re-ingested students new tokens, so trusted would hold both.
describe('ingest with a lost key', () => {
  let home: string;
  const ingest = async (name: string, rows: string[]) => {
    const file = join(home, name);
    writeFileSync(file, ['student_id,course_code,section,session_date,status', ...rows].join('\n') + '\n');
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([file, '--dataset', 'attendance', '--json'], {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: { ACAD_HOME: home, ACAD_LOG_LEVEL: 'silent' },
      cwd: home,
    });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'acad-lost-key-'));
    LocalKeyring.create(home);
    expect((await ingest('day-1.csv', ['S0000001,CS101,A,2025-09-01,present'])).code).toBe(0);
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('exits 2 naming a deleted master-v1.key and how to restore it, and writes no new key', async () => {
    const master = join(home, 'keys', 'master-v1.key');
    unlinkSync(master);
    const result = await ingest('day-2.csv', ['S0000001,CS101,A,2025-09-02,present']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Key file ${master} cannot be used: it is missing`);
    expect(result.stderr).toContain('acad keys restore <backup-dir>');
    expect(result.stdout).toBe('');
    expect(readdirSync(join(home, 'keys')).sort()).toEqual(['keyring.json', 'tokenization.key']);
  });

  it('exits 2 when the whole keys/ folder is gone, and does not make one', async () => {
    rmSync(join(home, 'keys'), { recursive: true });
    const result = await ingest('day-3.csv', ['S0000002,CS101,A,2025-09-03,absent']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`No keyring at ${join(home, 'keys')}`);
    expect(existsSync(join(home, 'keys'))).toBe(false);
  });
});
