import { fork, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Role } from '@acad/access';
import { settingEnvNames, type SettingName, type Settings } from '@acad/config';
import { InvalidRequest } from '../server-errors';
import type { QueryMessage, WorkerReply } from './query-worker';

export class QueryTimedOut extends InvalidRequest {
  override readonly code = 'QUERY_TIMEOUT';
  constructor(ms: number) {
    super(`The query ran longer than ${ms} ms and was stopped.`);
    this.name = 'QueryTimedOut';
  }
}

export class QueryFailed extends InvalidRequest {
  override readonly code = 'QUERY_FAILED';
  constructor(message: string) {
    super(`Query failed: ${message}`);
    this.name = 'QueryFailed';
  }
}

/** The sandbox refused the statement (files, extensions, settings, writes). */
export class SandboxRefused extends InvalidRequest {
  override readonly code = 'SQL_NOT_ALLOWED';
  constructor(message: string) {
    super(message);
    this.name = 'SandboxRefused';
  }
}

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
}

interface Pending {
  resolve: (result: QueryResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  cap: number;
}

interface Worker {
  child: ChildProcess;
  ready: Promise<number>;
  pending: Map<number, Pending>;
}

function settingsEnv(settings: Settings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, variable] of Object.entries(settingEnvNames)) {
    const value = settings[name as SettingName];
    if (value !== undefined) env[variable] = String(value);
  }
  env[settingEnvNames.home] = resolve(settings.home);
  return env;
}

/**
 * Runs person-written SQL in one child process per role, each over its own restricted sandbox
 * lake. A statement past the time limit gets its process killed: the only sure way to stop a
 * running DuckDB statement from outside the engine.
 */
export class QueryRunner {
  private readonly workers = new Map<Role, Worker>();
  private nextId = 1;

  constructor(
    private readonly settings: Settings,
    private readonly options: { timeoutMs: number; rowCap: number },
  ) {}

  async run(role: Role, statement: string, lakeSeq: number): Promise<QueryResult> {
    let worker = this.workers.get(role);
    if (worker && (await worker.ready.catch(() => -1)) !== lakeSeq) {
      this.stop(role);
      worker = undefined;
    }
    worker ??= this.start(role);
    await worker.ready;
    const id = this.nextId++;
    const cap = this.options.rowCap;
    return new Promise<QueryResult>((resolveResult, reject) => {
      const timer = setTimeout(() => {
        worker.pending.delete(id);
        reject(new QueryTimedOut(this.options.timeoutMs));
        this.stop(role, worker);
      }, this.options.timeoutMs);
      worker.pending.set(id, { resolve: resolveResult, reject, timer, cap });
      worker.child.send({ id, statement, cap } satisfies QueryMessage);
    });
  }

  async close(): Promise<void> {
    for (const role of [...this.workers.keys()]) this.stop(role);
  }

  private start(role: Role): Worker {
    const child = fork(join(__dirname, 'query-worker.ts'), [role], {
      execArgv: ['--conditions=@acad/source', '--import', 'tsx'],
      env: settingsEnv(this.settings),
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const pending = new Map<number, Pending>();
    const ready = new Promise<number>((resolveReady, rejectReady) => {
      child.on('message', (reply: WorkerReply) => {
        if (reply.kind === 'ready') return resolveReady(reply.seq);
        if (reply.kind === 'failed') return rejectReady(new QueryFailed(`the query engine did not start (${reply.message})`));
        const waiting = pending.get(reply.id);
        if (!waiting) return;
        pending.delete(reply.id);
        clearTimeout(waiting.timer);
        if (reply.kind === 'error') {
          waiting.reject(reply.code === 'SQL_NOT_ALLOWED' ? new SandboxRefused(reply.message) : new QueryFailed(reply.message));
          return;
        }
        waiting.resolve({ columns: reply.columns, rows: reply.rows.slice(0, waiting.cap), truncated: reply.rows.length > waiting.cap });
      });
      child.once('exit', () => {
        rejectReady(new QueryFailed('the query engine stopped'));
        for (const p of pending.values()) {
          clearTimeout(p.timer);
          p.reject(new QueryFailed('the query engine stopped'));
        }
        pending.clear();
        if (this.workers.get(role)?.child === child) this.workers.delete(role);
      });
    });
    child.stderr?.resume();
    const worker = { child, ready, pending };
    ready.catch(() => this.stop(role, worker));
    this.workers.set(role, worker);
    return worker;
  }

  private stop(role: Role, only?: Worker): void {
    const worker = this.workers.get(role);
    if (!worker || (only && worker !== only)) return;
    this.workers.delete(role);
    worker.child.kill('SIGKILL');
  }
}
