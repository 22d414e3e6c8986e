import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDbEngine, sqlIdentifier, sqlString } from '@acad/engine';
import { readSnapshot, type LakeSnapshot } from './commit-log';
import { DEFAULT_PIPELINE_MEMORY_LIMIT } from './pipeline-engine';
import { PrivateStaging } from './private-staging';
import { stageTrustedFiles, trustedSelect } from './trusted-snapshot-files';
import { processIsGone } from './process-alive';
import {
  planServingSnapshot,
  relationSources,
  servingSnapshotOf,
  type PlannedRelation,
  type PlannedSnapshot,
  type ServingDefinition,
  type ServingSnapshot,
} from './serving-snapshot';
import type { ZoneStores } from './zone';

const BUILDING = /^\.build-(\d+)-[0-9a-f]+\.duckdb(\.wal)?$/;
const SERVING_FILE = /^(rel|lake)-[0-9a-f]+\.duckdb$/;

/** The commit log has no commit of that number (yet). */
export class CommitNotFound extends Error {
  readonly code = 'COMMIT_NOT_FOUND';
  constructor(
    readonly seq: number,
    readonly newest: number,
  ) {
    super(`The commit log has no commit ${seq}; the newest is ${newest}`);
    this.name = 'CommitNotFound';
  }
}

/**
 * Writes `file` through a temporary name in its folder and renames it when complete, so a reader
 * never opens half a file; a file another builder renamed there meanwhile is simply replaced by
 * an identical one (a reader that has it open keeps reading the old inode).
 */
async function writeAtomically(file: string, dir: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = join(dir, `.build-${process.pid}-${randomBytes(6).toString('hex')}.duckdb`);
  try {
    await write(temporary);
    await chmod(temporary, 0o600);
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
    await rm(`${temporary}.wal`, { force: true });
  }
}

async function writeRelation(engine: DuckDbEngine, dir: string, relation: PlannedRelation): Promise<void> {
  await writeAtomically(relation.path, dir, async (temporary) => {
    await engine.run(`ATTACH ${sqlString(temporary)} AS serving_target`);
    try {
      await engine.run(`CREATE TABLE serving_target.main.relation AS ${relation.sql}`);
    } finally {
      await engine.run('DETACH serving_target');
    }
  });
}

async function writeCatalog(engine: DuckDbEngine, dir: string, plan: PlannedSnapshot, attached: Set<string>): Promise<void> {
  for (const relation of plan.relations) {
    if (attached.has(relation.alias)) continue;
    await engine.run(`ATTACH ${sqlString(relation.path)} AS ${sqlIdentifier(relation.alias)} (READ_ONLY)`);
    attached.add(relation.alias);
  }
  await writeAtomically(plan.catalog, dir, async (temporary) => {
    await engine.run(`ATTACH ${sqlString(temporary)} AS serving_target`);
    try {
      for (const { relation, alias } of plan.relations) {
        const [zone, name] = relation.split('.');
        await engine.run(`CREATE SCHEMA IF NOT EXISTS serving_target.${sqlIdentifier(zone)}`);
        await engine.run(
          `CREATE VIEW serving_target.${sqlIdentifier(zone)}.${sqlIdentifier(name)} AS SELECT * FROM ${sqlIdentifier(alias)}.main.relation`,
        );
      }
    } finally {
      await engine.run('DETACH serving_target');
    }
  });
}

/**
 * Builds the serving snapshots of the lake as it stood at commit `seq`, one per audience, as
 * DuckDB database files in `dir` (created 0700): a file per relation holding the rows of the
 * audience's SELECT for it, and per audience a catalog of views over those files (see
 * `planServingSnapshot`). A file already there is reused, so only what a commit changed is
 * written. Runs in a pipeline engine over the committed Parquet, staged privately; returns each
 * audience's snapshot.
 */
export async function buildServingSnapshots(
  stores: ZoneStores,
  dir: string,
  seq: number,
  definitions: Readonly<Record<string, ServingDefinition>>,
  options: { memoryLimit?: string; threads?: number } = {},
): Promise<Record<string, ServingSnapshot>> {
  const snapshot = await readSnapshot(stores.platform, { upTo: seq });
  if (snapshot.seq !== seq) throw new CommitNotFound(seq, snapshot.seq);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const plans = Object.entries(definitions).map(
    ([audience, definition]) => [audience, planServingSnapshot(snapshot, dir, definition)] as const,
  );
  const relations = new Map<string, PlannedRelation>();
  for (const [, plan] of plans) for (const r of plan.relations) if (!existsSync(r.path)) relations.set(r.path, r);
  const catalogs = new Map(plans.filter(([, plan]) => !existsSync(plan.catalog)).map(([, plan]) => [plan.catalog, plan]));
  if (relations.size + catalogs.size > 0) {
    const staging = await PrivateStaging.create();
    const engine = await DuckDbEngine.open({
      mode: 'pipeline',
      threads: options.threads,
      memoryLimit: options.memoryLimit ?? DEFAULT_PIPELINE_MEMORY_LIMIT,
      tempDirectory: staging.dir,
    });
    try {
      const sources = new Set([...relations.values()].map((r) => r.relation));
      for (const relation of sources) {
        const [zone, name] = relation.split('.');
        if (zone === 'trusted') {
          // Data files less the rows their partitions' delete files name.
          const rows = trustedSelect((await stageTrustedFiles(snapshot, stores.trusted, staging, name)).files);
          if (rows !== null) await engine.registerSelect(relation, rows);
          continue;
        }
        const paths: string[] = [];
        for (const key of relationSources(snapshot, relation) ?? []) paths.push(await staging.stage(stores.curated, key));
        await engine.registerParquetView(relation, paths, { hivePartitioning: false });
      }
      for (const relation of relations.values()) await writeRelation(engine, dir, relation);
      const attached = new Set<string>();
      for (const plan of catalogs.values()) await writeCatalog(engine, dir, plan, attached);
    } finally {
      await engine.close();
      await staging.dispose();
    }
  }
  return Object.fromEntries(plans.map(([audience, plan]) => [audience, servingSnapshotOf(seq, plan)]));
}

/**
 * The serving snapshots of the lake in `snapshot` when every file of them is already in `dir`
 * (built earlier, or by another process), else undefined: a caller can skip starting a builder.
 */
export function builtServingSnapshots(
  snapshot: LakeSnapshot,
  dir: string,
  definitions: Readonly<Record<string, ServingDefinition>>,
): Record<string, ServingSnapshot> | undefined {
  const built: Record<string, ServingSnapshot> = {};
  for (const [audience, definition] of Object.entries(definitions)) {
    const plan = planServingSnapshot(snapshot, dir, definition);
    if (!existsSync(plan.catalog) || plan.relations.some((r) => !existsSync(r.path))) return undefined;
    built[audience] = servingSnapshotOf(snapshot.seq, plan);
  }
  return built;
}

/**
 * Removes serving files in `dir` that are not in `keep`, and temporary files whose builder has
 * died. A reader that still has a removed file open keeps reading it (POSIX unlink semantics), but
 * callers keep the files their readers may still open. Returns the names removed.
 */
export async function removeServingFiles(dir: string, keep: ReadonlySet<string>): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const building = BUILDING.exec(name);
    const stale = building ? processIsGone(Number(building[1])) : SERVING_FILE.test(name) && !keep.has(join(dir, name));
    if (!stale) continue;
    await rm(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
