import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { createToken, type Role } from '@acad/access';
import { withCatalogLock } from '@acad/catalog';
import { loadSettings, type Settings } from '@acad/config';
import { LocalKeyring } from '@acad/crypto';

export const repoRoot = resolve(__dirname, '../../..');
const run = promisify(execFile);
const tsx = ['--conditions=@acad/source', '--import', 'tsx'];
const homes: string[] = [];

afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

export interface SampleLake {
  home: string;
  settings: Settings;
  tokens: Record<Role, string>;
  /** Plaintext direct identifiers from the sample admissions file: must never reach a role that may not see them. */
  piiValues: string[];
  /** The generated files the lake was ingested from (`<dataset>.csv`). */
  sampleDir: string;
}

export type EmptyLake = Omit<SampleLake, 'piiValues' | 'sampleDir'>;

/** A fresh ACAD_HOME with nothing ingested, plus one token per role: for what needs no data (auth, logs, errors). */
export function emptyLake(): EmptyLake {
  const home = mkdtempSync(join(tmpdir(), 'acad-serve-'));
  homes.push(home);
  return { home, settings: loadSettings({ env: { ACAD_HOME: home }, cwd: home }), tokens: tokensFor(home) };
}

function tokensFor(home: string): Record<Role, string> {
  const tokens = {} as Record<Role, string>;
  for (const role of ['admin', 'registrar', 'analyst', 'viewer', 'public'] as const)
    tokens[role] = createToken(home, { user: `${role}-user`, role }).token;
  return tokens;
}

/**
 * Sample data generated and ingested into a fresh ACAD_HOME by the real CLIs, plus one token per role.
 * The folder is removed once the test file's tests are done.
 *
 * Building the lake (six processes, five batches) is the costliest step of the server's tests, and
 * every file that asks for the same size would build the same lake: it is built once per state of
 * the sources that make it (see sampleLakeKey) into a shared cache folder, and each caller gets its
 * own copy to change as it likes.
 */
export async function sampleLake(students = 60): Promise<SampleLake> {
  const home = mkdtempSync(join(tmpdir(), 'acad-serve-'));
  homes.push(home);
  cpSync(await builtSampleLake(students), home, { recursive: true });
  const lakeHome = join(home, 'lake');
  const sample = join(home, 'sample-in');
  const tokens = tokensFor(lakeHome);
  const records = parse(readFileSync(join(sample, 'admissions.csv'), 'utf8'), {
    bom: true,
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  }) as Array<Record<string, string | undefined>>;
  const piiValues = records
    .flatMap((r) => [r['email'], r['phone']])
    .filter((v): v is string => typeof v === 'string' && v.trim().length >= 8)
    .map((v) => v.trim());
  return { home: lakeHome, settings: loadSettings({ env: { ACAD_HOME: lakeHome }, cwd: lakeHome }), tokens, piiValues, sampleDir: sample };
}

/**
 * The cached lake of `students` (folders `lake` and `sample-in`), built by the real CLIs when missing.
 * The test and integration targets run side by side and want the same lakes: one process builds a
 * lake while the others wait for it (a lock file naming the builder, taken over if that process died).
 */
async function builtSampleLake(students: number): Promise<string> {
  const cache = join(tmpdir(), 'acad-test-cache');
  const target = join(cache, `sample-lake-${students}-${sampleLakeKey()}`);
  mkdirSync(cache, { recursive: true });
  if (existsSync(target)) return target;
  // The catalog's cross-process lock (its holder's pid, broken when that process is gone); a
  // build takes well under a minute, so only a dead builder's lock is ever broken.
  await withCatalogLock(`${target}.building`, { staleMs: 15 * 60_000, timeoutMs: 15 * 60_000 }, async () => {
    if (!existsSync(target)) await buildSampleLake(cache, target, students);
  });
  return target;
}

async function buildSampleLake(cache: string, target: string, students: number): Promise<void> {
  const building = mkdtempSync(join(cache, 'building-'));
  try {
    const sample = join(building, 'sample-in');
    const lakeHome = join(building, 'lake');
    const env = { ...process.env, ACAD_HOME: lakeHome, ACAD_LOG_LEVEL: 'silent' };
    // The explicit first-run step (`acad keys init`): nothing creates keys implicitly.
    LocalKeyring.create(lakeHome);
    await run(process.execPath, [...tsx, 'tools/sample-data/src/main.ts', '--out', sample, '--students', String(students)], {
      cwd: repoRoot,
      env,
    });
    for (const dataset of ['courses', 'students', 'attendance', 'admissions', 'course_results'])
      await ingestInto(lakeHome, dataset, join(sample, `${dataset}.csv`));
    renameSync(building, target);
    removeStaleLakes(cache);
  } catch (error) {
    // A builder that took over a lock it thought abandoned may have finished the same lake first.
    if (!existsSync(target)) throw error;
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

/** Lakes built from sources of more than a day ago (other checkouts may still be using newer ones). */
function removeStaleLakes(cache: string): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of readdirSync(cache))
    if (statSync(join(cache, name)).mtimeMs < dayAgo) rmSync(join(cache, name), { recursive: true, force: true });
}

let key: string | undefined;

/**
 * A digest of everything the sample lake is made from: the generator, the worker and the libraries'
 * sources, and the installed packages (package-lock.json). Any change there builds a new lake.
 */
function sampleLakeKey(): string {
  if (key) return key;
  const hash = createHash('sha256');
  const add = (path: string) => {
    if (!statSync(path).isDirectory()) {
      hash.update(relative(repoRoot, path)).update('\0').update(readFileSync(path)).update('\0');
      return;
    }
    for (const name of readdirSync(path).sort()) add(join(path, name));
  };
  // Only the libraries' sources and manifests: their build outputs (dist, out-tsc) change with every typecheck.
  const libraries = readdirSync(join(repoRoot, 'libs'))
    .sort()
    .flatMap((lib) => ['src', 'package.json'].map((part) => join('libs', lib, part)));
  for (const path of ['tools/sample-data/src', 'apps/ingestion-worker/src', 'apps/ingestion-worker/package.json', ...libraries])
    if (existsSync(join(repoRoot, path))) add(join(repoRoot, path));
  hash.update(readFileSync(join(repoRoot, 'package-lock.json')));
  key = hash.digest('hex').slice(0, 16);
  return key;
}

/** One more file into the lake at `home`, by the ingestion worker's real command line. */
export async function ingestInto(home: string, dataset: string, file: string): Promise<void> {
  await run(process.execPath, [...tsx, 'apps/ingestion-worker/src/main.ts', file, '--dataset', dataset], {
    cwd: repoRoot,
    env: { ...process.env, ACAD_HOME: home, ACAD_LOG_LEVEL: 'silent' },
  });
}

/** `acad <args>` against the lake at `home`, by the operator's real command line. */
export async function acad(home: string, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [...tsx, 'apps/acad-cli/src/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ACAD_HOME: home, ACAD_LOG_LEVEL: 'silent' },
  });
  return stdout;
}
