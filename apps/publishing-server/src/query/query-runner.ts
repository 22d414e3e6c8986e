import { AccessDenied, datasetResource, type Role } from '@acad/access';
import type { ServingSnapshot } from '@acad/zones';
import type { ServingSnapshots } from '../serving/serving-snapshots';
import { QueryFailed, QueryTimedOut, SandboxRefused, TooManyQueries } from './query-errors';
import { QueryProcess } from './query-process';

export { QueryFailed, QueryTimedOut, SandboxRefused, TooManyQueries } from './query-errors';

export interface QueryResult {
  columns: string[];
  /** Each column's DuckDB type, so a download keeps numbers and dates as such. */
  types: string[];
  rows: unknown[][];
  truncated: boolean;
  /** `schema.table` names the statement read, from DuckDB's syntax tree (for the audit log). */
  relations: string[];
}

export interface QueryRunnerOptions {
  timeoutMs: number;
  rowCap: number;
  /** Query processes at most, spares included. */
  processes?: number;
  /** Queries one user may have running or waiting at once. */
  perUser?: number;
  /** Processes kept started and waiting, so a query need not wait for one to start. */
  spares?: number;
  /** An idle process closes its snapshot after this long (freeing DuckDB's memory), and a surplus one stops. */
  idleMs?: number;
  threads?: number;
  memoryLimit?: string;
}

interface Job {
  sql: string;
  snapshot: ServingSnapshot;
  resolve: (result: QueryResult) => void;
  reject: (error: Error) => void;
}

/**
 * Runs person-written SQL in a small pool of processes, one statement per process at a time, each
 * over the serving snapshot of the caller's role (read-only files, see `ServingSnapshots`). Jobs
 * wait in one queue; a user may have `perUser` running or waiting. A statement past the time limit
 * gets its own process killed, the only sure way to stop a running DuckDB statement from outside,
 * and no other statement is touched.
 */
export class QueryRunner {
  private readonly pool = new Set<QueryProcess>();
  private readonly queue: Job[] = [];
  private readonly inFlight = new Map<string, number>();
  private readonly limits: Required<Omit<QueryRunnerOptions, 'threads' | 'memoryLimit'>>;
  private readonly trimmer: NodeJS.Timeout;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly serving: ServingSnapshots,
    private readonly options: QueryRunnerOptions,
  ) {
    const { processes = 3, perUser = 2, spares = 1, idleMs = 60_000, timeoutMs, rowCap } = options;
    this.limits = { processes, perUser, spares, idleMs, timeoutMs, rowCap };
    this.trimmer = setInterval(() => this.trim(), Math.max(1000, this.limits.idleMs / 2));
    this.trimmer.unref();
  }

  /** Starts the spare processes now rather than at the first query; resolves once they wait for work. */
  async warm(): Promise<void> {
    this.replenish();
    await Promise.all([...this.pool].map((p) => p.started.catch(() => undefined)));
  }

  async run(role: Role, user: string, sql: string): Promise<QueryResult> {
    if (this.closed) throw new QueryFailed('the server is shutting down');
    const running = this.inFlight.get(user) ?? 0;
    if (running >= this.limits.perUser) throw new TooManyQueries(this.limits.perUser);
    this.inFlight.set(user, running + 1);
    try {
      const snapshot = (await this.serving.current()).snapshots[role];
      if (!snapshot) throw new AccessDenied('acad:Query', datasetResource('curated', '*'), 'ImplicitDeny');
      return await new Promise<QueryResult>((resolve, reject) => {
        this.queue.push({ sql, snapshot, resolve, reject });
        this.schedule();
      });
    } finally {
      const left = (this.inFlight.get(user) ?? 1) - 1;
      if (left > 0) this.inFlight.set(user, left);
      else this.inFlight.delete(user);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.trimmer);
    for (const job of this.queue.splice(0)) job.reject(new QueryFailed('the server is shutting down'));
    for (const process of this.pool) process.kill();
  }

  private schedule(): void {
    if (this.closed) return;
    for (let i = 0; i < this.queue.length; ) {
      const process = this.pick(this.queue[i].snapshot);
      if (!process) {
        i += 1;
        continue;
      }
      const [job] = this.queue.splice(i, 1);
      void this.dispatch(process, job);
    }
    this.replenish();
  }

  // An idle process with the snapshot open; else a blank one (a spare, perhaps still starting);
  // else a new one if the pool has room; else the idle process unused the longest, to reopen.
  private pick(snapshot: ServingSnapshot): QueryProcess | undefined {
    const idle = [...this.pool].filter((p) => !p.busy).sort((a, b) => a.idleSince - b.idleSince);
    return (
      idle.find((p) => p.holds(snapshot)) ??
      idle.find((p) => p.snapshot === undefined) ??
      (this.pool.size < this.limits.processes ? this.spawn() : idle[0])
    );
  }

  private async dispatch(process: QueryProcess, job: Job): Promise<void> {
    process.busy = true;
    try {
      await process.started;
      if (!process.holds(job.snapshot)) await this.open(process, job.snapshot);
      job.resolve(await this.query(process, job.sql));
    } catch (error) {
      job.reject(error as Error);
    } finally {
      process.busy = false;
      process.idleSince = Date.now();
      this.schedule();
    }
  }

  private async open(process: QueryProcess, snapshot: ServingSnapshot): Promise<void> {
    process.release?.();
    process.release = undefined;
    process.snapshot = undefined;
    const release = this.serving.hold(snapshot);
    const { threads, memoryLimit } = this.options;
    const reply = await process.request({ kind: 'open', databases: snapshot.databases, threads, memoryLimit }).catch((error: Error) => {
      release();
      throw error;
    });
    if (reply.kind !== 'opened') {
      release();
      throw new QueryFailed(`the query engine did not start (${reply.kind === 'failed' ? reply.message : reply.kind})`);
    }
    process.snapshot = snapshot;
    process.release = release;
  }

  private async query(process: QueryProcess, sql: string): Promise<QueryResult> {
    const { timeoutMs, rowCap } = this.options;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill();
    }, timeoutMs);
    try {
      const reply = await process.request({ kind: 'query', id: this.nextId++, sql, cap: rowCap });
      if (reply.kind === 'rows')
        return { columns: reply.columns, types: reply.types, rows: reply.rows, truncated: reply.truncated, relations: reply.relations };
      const message = reply.kind === 'error' || reply.kind === 'failed' ? reply.message : `unexpected reply ${reply.kind}`;
      const position = reply.kind === 'error' ? reply.position : undefined;
      throw reply.kind === 'error' && reply.code === 'SQL_NOT_ALLOWED'
        ? new SandboxRefused(message, position)
        : new QueryFailed(message, position);
    } catch (error) {
      throw timedOut ? new QueryTimedOut(timeoutMs) : error;
    } finally {
      clearTimeout(timer);
    }
  }

  private spawn(): QueryProcess {
    const process = new QueryProcess((gone) => {
      this.pool.delete(gone);
      this.schedule();
    });
    this.pool.add(process);
    return process;
  }

  private replenish(): void {
    const spare = () => [...this.pool].filter((p) => !p.busy && p.snapshot === undefined).length;
    while (!this.closed && spare() < this.limits.spares && this.pool.size < this.limits.processes) this.spawn();
  }

  // Idle processes give their DuckDB memory back; blank ones beyond the spares stop.
  private trim(): void {
    const now = Date.now();
    let blank = 0;
    for (const process of [...this.pool].sort((a, b) => b.idleSince - a.idleSince)) {
      if (process.busy || now - process.idleSince < this.limits.idleMs) continue;
      if (process.snapshot) {
        process.busy = true;
        void process
          .request({ kind: 'close' })
          .then(() => {
            process.release?.();
            process.release = undefined;
            process.snapshot = undefined;
          })
          .catch(() => undefined)
          .finally(() => {
            process.busy = false;
            process.idleSince = Date.now();
            this.schedule();
          });
      } else if (++blank > this.limits.spares) process.kill();
    }
  }
}
