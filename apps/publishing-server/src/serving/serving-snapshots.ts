import { join, resolve } from 'node:path';
import { settingEnvNames, type SettingName, type Settings } from '@acad/config';
import {
  builtServingSnapshots,
  readSnapshot,
  removeServingFiles,
  type LakeSnapshot,
  type ServingDefinition,
  type ServingSnapshot,
  type ZoneStores,
} from '@acad/zones';
import { servingDefinitions, type ServingAudience } from './served-relation';
import type { BuildReply, BuildRequest } from './snapshot-builder';
import { forkTypeScript } from './ts-child-process';

/** The serving snapshots of one commit, per audience, with the commit log as it stood then. */
export interface ServingSet {
  seq: number;
  lake: LakeSnapshot;
  snapshots: Partial<Record<ServingAudience, ServingSnapshot>>;
}

/** Builds the snapshots of `lake` into `dir` (in a child process, by default). */
export type ServingBuilder = (
  dir: string,
  lake: LakeSnapshot,
  definitions: Record<string, ServingDefinition>,
) => Promise<Record<string, ServingSnapshot>>;

/** The serving snapshots could not be built; the server's log has DuckDB's reason (503). */
export class ServingUnavailable extends Error {
  readonly code = 'SERVING_UNAVAILABLE';
  readonly statusCode = 503;
  constructor(reason: string) {
    super(`The lake's serving snapshots could not be built: ${reason}`);
    this.name = 'ServingUnavailable';
  }
}

// A failed build of a commit is tried again after this long, not at every look at the log.
const RETRY_AFTER_MS = 30_000;

function settingsEnv(settings: Settings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, variable] of Object.entries(settingEnvNames)) {
    const value = settings[name as SettingName];
    if (value !== undefined) env[variable] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  env[settingEnvNames.home] = resolve(settings.home);
  return env;
}

/** The default builder: `snapshot-builder.ts` in its own process, so its DuckDB memory goes when it exits. */
export function childProcessBuilder(settings: Settings): ServingBuilder {
  return (dir, lake, definitions) =>
    new Promise((resolveBuild, reject) => {
      const child = forkTypeScript(join(__dirname, 'snapshot-builder.ts'), settingsEnv(settings));
      child.once('message', (reply: BuildReply) =>
        reply.kind === 'built' ? resolveBuild(reply.snapshots) : reject(new ServingUnavailable(reply.message)),
      );
      child.once('exit', (code, signal) => reject(new ServingUnavailable(`the builder exited (${signal ?? `code ${code}`})`)));
      child.send({ dir, seq: lake.seq, definitions } satisfies BuildRequest);
    });
}

/**
 * The lake as the server serves it: read-only DuckDB files per audience (see `servedRelation`),
 * built when the commit log moves on, in a private folder (0700) under ACAD_HOME. Built by the
 * server on its refresh, not by the ingestion worker at commit: a commit stays as fast as it was,
 * and the policies that shape each role's files live here.
 *
 * The log is looked at most once per `checkEveryMs`. A newer commit is built in the background while
 * readers keep the snapshots they have; only the very first build is waited for. Files no reader
 * holds and the newest set does not use are removed.
 */
export class ServingSnapshots {
  readonly dir: string;
  private latest?: ServingSet;
  private building?: Promise<void>;
  private checking?: Promise<void>;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private failed?: { seq: number; at: number; error: Error };
  private readonly held = new Map<string, number>();
  private readonly definitions = servingDefinitions();

  constructor(
    private readonly stores: ZoneStores,
    home: string,
    private readonly builder: ServingBuilder,
    private readonly checkEveryMs = 1000,
  ) {
    this.dir = join(resolve(home), 'serving');
  }

  /** The newest snapshots built; waits only when none are built yet. */
  async current(): Promise<ServingSet> {
    if (Date.now() - this.checkedAt >= this.checkEveryMs) {
      this.checking ??= this.check().finally(() => {
        this.checking = undefined;
      });
    }
    if (this.latest) return this.latest;
    await this.checking;
    await this.building;
    if (this.latest) return this.latest;
    throw this.failed?.error ?? new ServingUnavailable('no build has finished');
  }

  /** Keeps a snapshot's files until the returned release is called (a worker or engine has them open). */
  hold(snapshot: ServingSnapshot): () => void {
    const paths = snapshot.databases.map((d) => d.path);
    for (const path of paths) this.held.set(path, (this.held.get(path) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const path of paths) {
        const left = (this.held.get(path) ?? 1) - 1;
        if (left > 0) this.held.set(path, left);
        else this.held.delete(path);
      }
      void this.sweep();
    };
  }

  /** Waits for a build in progress (so a closing server leaves no builder behind). */
  async close(): Promise<void> {
    await this.checking?.catch(() => undefined);
    await this.building?.catch(() => undefined);
  }

  private async check(): Promise<void> {
    const lake = await readSnapshot(this.stores.platform);
    this.checkedAt = Date.now();
    if (this.building || this.latest?.seq === lake.seq) return;
    if (this.failed?.seq === lake.seq && Date.now() - this.failed.at < RETRY_AFTER_MS) return;
    const ready = builtServingSnapshots(lake, this.dir, this.definitions);
    if (ready) return this.adopt(lake, ready);
    this.building = this.builder(this.dir, lake, this.definitions).then(
      (snapshots) => {
        this.failed = undefined;
        this.adopt(lake, snapshots);
      },
      (error: Error) => {
        this.failed = { seq: lake.seq, at: Date.now(), error };
      },
    );
    void this.building.finally(() => {
      this.building = undefined;
    });
  }

  private adopt(lake: LakeSnapshot, snapshots: Record<string, ServingSnapshot>): void {
    if (this.latest && this.latest.seq >= lake.seq) return;
    this.latest = { seq: lake.seq, lake, snapshots };
    void this.sweep();
  }

  private async sweep(): Promise<void> {
    if (!this.latest) return;
    const keep = new Set(this.held.keys());
    for (const snapshot of Object.values(this.latest.snapshots)) for (const d of snapshot.databases) keep.add(d.path);
    await removeServingFiles(this.dir, keep);
  }
}
