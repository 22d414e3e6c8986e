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
}

export type EmptyLake = Omit<SampleLake, 'piiValues'>;

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
  for (const dataset of ['courses', 'students', 'attendance', 'admissions', 'course_results']) {
    await run(process.execPath, [...tsx, 'apps/ingestion-worker/src/main.ts', join(sample, `${dataset}.csv`), '--dataset', dataset], {
      cwd: repoRoot,
      env,
    });
  }
  const lakeHome = join(home, 'lake');
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
  return { home: lakeHome, settings: loadSettings({ env: { ACAD_HOME: lakeHome }, cwd: lakeHome }), tokens, piiValues };
}
