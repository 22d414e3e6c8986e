import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs `nx sync` so TypeScript project references follow the imports the generated files added
 * (e.g. a tool's spec importing @acad/schemas); a no-op when they already do.
 */
export function syncProjectReferences(root: string): void {
  execFileSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'sync'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
}
