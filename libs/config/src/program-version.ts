import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a program's `--version` prints: the version in its project's package.json (`srcDir`: the program's `src` folder). */
export function programVersion(srcDir: string): string {
  return (JSON.parse(readFileSync(join(srcDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
}
