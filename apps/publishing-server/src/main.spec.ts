import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LocalKeyring } from '@acad/crypto';

const repoRoot = resolve(__dirname, '../../..');
const homes: string[] = [];

/** Starts `npm run serve`'s entry point on a port of the system's choosing; a healthy start never exits by itself. */
function serve(home: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ['--conditions=@acad/source', '--import', 'tsx', 'apps/publishing-server/src/main.ts'], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ACAD_HOME: home, PORT: '0', ACAD_LOG_LEVEL: 'silent' },
  });
  return { status: result.status, stderr: result.stderr };
}

function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'acad-serve-keys-'));
  homes.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of homes) rmSync(dir, { recursive: true, force: true });
});

describe('serve: a lost key stops the server before it listens', () => {
  it('exits 2 naming the keys folder when there is no keyring (it never makes one)', () => {
    const lake = home();
    const { status, stderr } = serve(lake);
    expect({ status, stderr }).toEqual({ status: 2, stderr: expect.stringContaining(join(lake, 'keys')) });
    expect(stderr).toContain('acad keys restore');
  });

  it('exits 2 naming the missing master key file', () => {
    const lake = home();
    LocalKeyring.create(lake);
    unlinkSync(join(lake, 'keys', 'master-v1.key'));
    const { status, stderr } = serve(lake);
    expect({ status, stderr }).toEqual({ status: 2, stderr: expect.stringContaining('master-v1.key') });
  });
});
