import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ServingSnapshot } from '@acad/zones';
import { forkTypeScript } from '../serving/ts-child-process';
import { QueryFailed } from './query-errors';
import type { WorkerReply, WorkerRequest } from './query-worker';

/** One process of the query pool (`query-worker.ts`), driven one request at a time. */
export class QueryProcess {
  /** Resolves once the process has loaded its modules and waits for work. */
  readonly started: Promise<void>;
  /** The serving snapshot it has open, and the hold on its files. */
  snapshot?: ServingSnapshot;
  release?: () => void;
  /** Assigned a job (starting, opening or running it). */
  busy = false;
  idleSince = Date.now();
  private exited = false;
  private readonly child: ChildProcess;
  private waiting?: { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void };

  constructor(onExit: (process: QueryProcess) => void) {
    this.child = forkTypeScript(join(__dirname, 'query-worker.ts'));
    this.started = new Promise((resolveStarted, rejectStarted) => {
      this.child.on('message', (reply: WorkerReply) => {
        if (reply.kind === 'started') return resolveStarted();
        const waiting = this.waiting;
        this.waiting = undefined;
        waiting?.resolve(reply);
      });
      this.child.once('exit', () => {
        this.exited = true;
        const stopped = new QueryFailed('the query engine stopped');
        rejectStarted(stopped);
        this.waiting?.reject(stopped);
        this.waiting = undefined;
        this.release?.();
        this.release = undefined;
        onExit(this);
      });
    });
    this.started.catch(() => undefined);
  }

  /** Whether it has `snapshot` open (snapshots are named by their files). */
  holds(snapshot: ServingSnapshot): boolean {
    return this.snapshot !== undefined && JSON.stringify(this.snapshot.databases) === JSON.stringify(snapshot.databases);
  }

  /** Sends one request and resolves with its reply; rejects if the process stops first. */
  request(request: WorkerRequest): Promise<WorkerReply> {
    if (this.exited) return Promise.reject(new QueryFailed('the query engine stopped'));
    return new Promise((resolveReply, reject) => {
      this.waiting = { resolve: resolveReply, reject };
      this.child.send(request);
    });
  }

  /** Stops the process at once, and the statement it runs with it. */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
