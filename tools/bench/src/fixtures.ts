import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnJsonChild, type ChildProgress } from './measure';

// The generator lives in the sample-data tool, which a tool may not import: it runs in its own
// process instead, through the package's public API.
const WRITE_ONE = `
const { writeAttendanceCsv } = require('@acad/sample-data');
const [path, rows, seed] = process.argv.slice(1);
const say = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
writeAttendanceCsv(path, { rows: Number(rows), seed, onProgress: (done) => say({ progress: { done, total: Number(rows) } }) })
  .then((r) => say({ result: r }), (e) => { process.stderr.write(String(e && e.stack || e)); process.exitCode = 1; });
`;

const WRITE_MANY = `
const { writeAttendanceCsv } = require('@acad/sample-data');
const { join } = require('node:path');
const [dir, files, rows, seed] = process.argv.slice(1);
const say = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
(async () => {
  const paths = [];
  for (let i = 0; i < Number(files); i++) {
    const path = join(dir, 'attendance-' + String(i).padStart(5, '0') + '.csv');
    await writeAttendanceCsv(path, { rows: Number(rows), seed: seed + '-' + i });
    paths.push(path);
    say({ progress: { done: i + 1, total: Number(files) } });
  }
  say({ result: { paths } });
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exitCode = 1; });
`;

export interface CachedFile {
  path: string;
  /** True when an earlier run had already made it. */
  cached: boolean;
}

/**
 * A deterministic attendance CSV of `rows` rows under `cacheDir`, made once per rows and
 * seed and then reused (it takes a while at 10 million rows).
 */
export async function attendanceCsv(
  cacheDir: string,
  rows: number,
  seed: string,
  onProgress?: (p: ChildProgress) => void,
): Promise<CachedFile> {
  const path = join(cacheDir, `attendance-${rows}-${encodeURIComponent(seed)}.csv`);
  if (existsSync(path)) return { path, cached: true };
  await mkdir(cacheDir, { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  try {
    await spawnJsonChild(['--eval', WRITE_ONE, partial, String(rows), seed], { part: 'generate attendance CSV', onProgress });
    // Renamed only when whole, so a cached file is never a half-written one.
    await rename(partial, path);
  } finally {
    await rm(partial, { force: true });
  }
  return { path, cached: false };
}

/** `files` attendance CSVs of `rows` rows each, every one from its own seed; cached like `attendanceCsv`. */
export async function smallAttendanceFiles(
  cacheDir: string,
  files: number,
  rows: number,
  seed: string,
  onProgress?: (p: ChildProgress) => void,
): Promise<{ dir: string; paths: string[]; cached: boolean }> {
  const dir = join(cacheDir, `small-${files}x${rows}-${encodeURIComponent(seed)}`);
  const complete = join(dir, '.complete');
  if (existsSync(complete)) {
    const paths = Array.from({ length: files }, (_, i) => join(dir, `attendance-${String(i).padStart(5, '0')}.csv`));
    return { dir, paths, cached: true };
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const { paths } = await spawnJsonChild<{ paths: string[] }>(['--eval', WRITE_MANY, dir, String(files), String(rows), seed], {
    part: 'generate small attendance files',
    onProgress,
  });
  await writeFile(complete, '');
  return { dir, paths, cached: false };
}

const BLOCK = 1 << 20;

/**
 * A file of `bytes` incompressible bytes (one random MiB repeated: AES-GCM speed does not
 * depend on content, and writing it stays quick). Cached by size.
 */
export async function randomFile(cacheDir: string, bytes: number): Promise<CachedFile> {
  const path = join(cacheDir, `random-${bytes}.bin`);
  if (existsSync(path)) return { path, cached: true };
  await mkdir(cacheDir, { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  const block = randomBytes(BLOCK);
  const handle = await open(partial, 'w');
  try {
    for (let written = 0; written < bytes; written += BLOCK) {
      await handle.write(block, 0, Math.min(BLOCK, bytes - written));
    }
  } finally {
    await handle.close();
  }
  await rename(partial, path);
  return { path, cached: false };
}
