import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * Copies the repository's tracked files, as committed or staged (the git index: half-done work of
 * others in the working tree stays out), to a temporary folder.
 * node_modules is rebuilt from links: every package links to the real one, except the workspace's own
 * `@acad/*` links, which point into the copy so imports resolve to the copied (generated) sources.
 */
export function copyRepository(): string {
  const copy = mkdtempSync(join(tmpdir(), 'acad-repo-'));
  execFileSync('git', ['checkout-index', '--all', '--force', `--prefix=${copy}/`], { cwd: REPO_ROOT });
  const modules = join(REPO_ROOT, 'node_modules');
  mkdirSync(join(copy, 'node_modules/@acad'), { recursive: true });
  for (const entry of readdirSync(modules)) {
    if (entry !== '@acad') symlinkSync(join(modules, entry), join(copy, 'node_modules', entry));
  }
  for (const entry of readdirSync(join(modules, '@acad'))) {
    symlinkSync(readlinkSync(join(modules, '@acad', entry)), join(copy, 'node_modules/@acad', entry));
  }
  return copy;
}
