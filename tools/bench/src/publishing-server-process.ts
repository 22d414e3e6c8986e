import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { BenchPartFailed } from './bench-errors';
import { nodeTsArgs } from './measure';
import { findRepoRoot } from './repo-root';

export interface PublishingServerProcess {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  pid: number;
  /** Milliseconds from spawning the process to its "listening on" line. */
  startMs: number;
  /** The server's peak resident set so far in MiB (Linux /proc), or NaN where that is not readable. */
  peakRssMiB(): number;
  /** Resident set now in MiB: the server process, and it with every process it started (its query processes). */
  rssMiB(): { main: number; tree: number };
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const LISTENING = /listening on (http:\/\/\S+)/;

function peakRssMiB(pid: number): number {
  return statusKiB(pid, 'VmHWM') / 1024;
}

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return line ? Number(line[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** `pid` and its descendants, from the parent ids in /proc (Linux). */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      // The command name is in parentheses and may hold spaces: the parent id follows the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

function rssMiB(pid: number): { main: number; tree: number } {
  const sizes = processTree(pid).map((p) => statusKiB(p, 'VmRSS'));
  return { main: sizes[0] / 1024, tree: sizes.filter(Number.isFinite).reduce((a, b) => a + b, 0) / 1024 };
}

/**
 * Starts the publishing server (`apps/publishing-server/src/main.ts`, as `npm run serve` does)
 * over `home` on an ephemeral loopback port, in its own process, and resolves once it prints
 * the address it listens on.
 */
export function startPublishingServer(home: string, timeoutMs = 60_000): Promise<PublishingServerProcess> {
  return new Promise((resolve, reject) => {
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [...nodeTsArgs(), 'apps/publishing-server/src/main.ts'], {
      cwd: findRepoRoot(),
      env: { ...process.env, ACAD_HOME: home, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    let output = '';
    let exited = child.exitCode !== null;
    const exit = new Promise<void>((done) => child.once('exit', () => ((exited = true), done())));
    // If the bench itself ends early, the server must not outlive it.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    const stop = async (graceMs = 5000) => {
      process.removeListener('exit', killOnExit);
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    };
    const fail = (detail: string) => {
      clearTimeout(timer);
      void stop(0).then(() =>
        reject(new BenchPartFailed('publishing server', `${detail}${output.trim() ? `\n${output.trim().slice(-4000)}` : ''}`)),
      );
    };
    const timer = setTimeout(() => fail(`no "listening on" line within ${timeoutMs} ms`), timeoutMs);
    let listening = false;
    const onOutput = (chunk: Buffer) => {
      // Keep reading after the address is known: a full pipe would stall the server.
      output = (output + chunk.toString('utf8')).slice(-8000);
      const match = !listening && output.match(LISTENING);
      if (match && pid !== undefined) {
        listening = true;
        clearTimeout(timer);
        resolve({
          url: match[1],
          pid,
          startMs: performance.now() - spawnedAt,
          peakRssMiB: () => peakRssMiB(pid),
          rssMiB: () => rssMiB(pid),
          stop,
        });
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.on('error', (error) => fail(error.message));
    child.on('exit', (code, signal) => {
      if (!listening) fail(`exited (${signal ?? `code ${code}`}) before listening`);
    });
  });
}
