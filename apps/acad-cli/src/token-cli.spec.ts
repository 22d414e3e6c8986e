import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyToken } from '@acad/access';
import { runCli } from './cli';

describe('acad token', () => {
  const home = mkdtempSync(join(tmpdir(), 'acad-token-cli-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { ACAD_HOME: home }, cwd: home });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };

  it('creates a token once, lists it without the secret and revokes it', async () => {
    const created = await run('token', 'create', '--user', 'ada', '--role', 'analyst', '--json');
    expect(created.code).toBe(0);
    const { id, token } = JSON.parse(created.stdout) as { id: string; token: string };
    expect(verifyToken(home, token)).toMatchObject({ user: 'ada', role: 'analyst' });

    const text = await run('token', 'create', '--user', 'bob', '--role', 'viewer');
    expect(text.stdout).toMatch(/shown only this once/);
    expect(text.stdout).toMatch(/\/sign-in/);
    expect(text.stdout).toMatch(/acad_[0-9a-f]{16}_/);

    const list = await run('token', 'list');
    expect(list.stdout).toContain(id);
    expect(list.stdout).not.toContain(token);
    expect(readFileSync(join(home, 'access', 'tokens.json'), 'utf8')).not.toContain(token);

    const revoked = await run('token', 'revoke', id);
    expect(revoked.code).toBe(0);
    expect(verifyToken(home, token)).toBeNull();
    expect(JSON.parse((await run('token', 'list', '--json')).stdout)[0].revoked).not.toBeNull();
  });

  it('exits 2 on an unknown role and 1 on an unknown id', async () => {
    const bad = await run('token', 'create', '--user', 'ada', '--role', 'root');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown role/);
    expect((await run('token', 'revoke', 'ffffffffffffffff')).code).toBe(1);
  });
});
