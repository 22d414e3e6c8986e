import { LocalKeyring } from '@acad/crypto';
import { dataProtectionFromKeyring } from './data-protection';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DuckDbEngine } from '@acad/engine';
import { LocalFsObjectStore } from '@acad/storage';
import { DATA_ZONES, type ZoneStores } from './zone';
import type { ZoneContext } from './zone-context';

export const REPO_ROOT = resolve(__dirname, '../../..');

/** The parts of `@acad/sample-data`'s manifest the zone tests read (tools cannot be imported here). */
export interface SampleFileExpectation {
  dataset: string;
  file: string;
  rows: number;
  dialect: { delimiter: string; bom: boolean };
  expected: { accepted: number; duplicates: number; quarantined: number };
}

export interface SampleManifest {
  files: Record<'students' | 'courses' | 'attendance' | 'admissions', SampleFileExpectation>;
}

/** Generates sample data through the tool's command line and returns its manifest. */
export async function generateSampleFiles(outDir: string, students: number, seed: string): Promise<SampleManifest> {
  await promisify(execFile)(
    process.execPath,
    [
      '--conditions=@acad/source',
      '--import',
      'tsx',
      'tools/sample-data/src/main.ts',
      '--out',
      outDir,
      '--students',
      String(students),
      '--seed',
      seed,
    ],
    { cwd: REPO_ROOT },
  );
  return JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as SampleManifest;
}

/** One local-filesystem store per zone under `home`, laid out as `createZoneStores` does. */
export function localZoneStores(home: string): ZoneStores {
  const stores = {} as ZoneStores;
  for (const zone of DATA_ZONES) stores[zone] = new LocalFsObjectStore(join(home, 'zones', zone));
  stores.platform = new LocalFsObjectStore(join(home, 'platform'));
  return stores;
}

export const silentLogger: ZoneContext['logger'] = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function testZoneContext(home: string, overrides: Partial<ZoneContext> = {}): ZoneContext {
  return {
    stores: localZoneStores(home),
    openEngine: ({ tempDirectory }) => DuckDbEngine.open({ mode: 'pipeline', threads: 2, tempDirectory }),
    protection: dataProtectionFromKeyring(testKeyring(home)),
    logger: silentLogger,
    owner: `test:${process.pid}`,
    runId: 'test-run',
    ...overrides,
  };
}

/**
 * The keyring of a test lake under `home`: created explicitly the first time (as `acad keys init`
 * does on an empty lake), opened after that. Nothing in the platform creates keys implicitly.
 */
export function testKeyring(home: string): LocalKeyring {
  return existsSync(join(home, 'keys')) ? LocalKeyring.open(home) : LocalKeyring.create(home);
}

/** Every key in a store under `prefix`. */
export async function keysIn(store: { listAll(prefix: string): AsyncIterable<{ key: string }> }, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of store.listAll(prefix)) keys.push(info.key);
  return keys.sort();
}

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
