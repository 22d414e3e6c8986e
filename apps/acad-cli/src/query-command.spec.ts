import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';

describe('acad query on a lake with no data yet', () => {
  const home = mkdtempSync(join(tmpdir(), 'acad-query-empty-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('says to ingest a file first instead of naming a missing schema', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['query', 'select count(*) from trusted.attendance'], {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: { ACAD_HOME: home, ACAD_LOG_LEVEL: 'silent' },
      cwd: home,
    });
    expect({ code, stdout: out.join('\n') }).toEqual({ code: 1, stdout: '' });
    expect(err.join('\n')).toMatch(/No data yet in .*: ingest a file first \(npm run ingest -- <file> --dataset <name>\)/);
    expect(err.join('\n')).not.toMatch(/schema/i);
  });
});
