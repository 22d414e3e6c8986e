import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { createToken, type Role } from '@acad/access';
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
 */
export async function sampleLake(students = 60): Promise<SampleLake> {
  const home = mkdtempSync(join(tmpdir(), 'acad-serve-'));
  homes.push(home);
  const sample = join(home, 'sample-in');
  const env = { ...process.env, ACAD_HOME: join(home, 'lake'), ACAD_LOG_LEVEL: 'silent' };
  // The explicit first-run step (`acad keys init`): nothing creates keys implicitly.
  LocalKeyring.create(join(home, 'lake'));
  await run(process.execPath, [...tsx, 'tools/sample-data/src/main.ts', '--out', sample, '--students', String(students)], {
    cwd: repoRoot,
    env,
  });
  const lakeHome = join(home, 'lake');
  for (const dataset of ['courses', 'students', 'attendance', 'admissions', 'course_results'])
    await ingestInto(lakeHome, dataset, join(sample, `${dataset}.csv`));
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
