import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SuiteResult } from './report';

/** Writes `<dir>/<suite>-<timestamp>.json` and returns its path. */
export async function writeSuiteArtifact(dir: string, result: SuiteResult): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  const path = join(dir, `${result.suite}-${stamp}.json`);
  await writeFile(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}
