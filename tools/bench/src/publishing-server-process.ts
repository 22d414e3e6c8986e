import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BenchPartFailed } from './bench-errors';
import { nodeTsArgs } from './measure';
import { findRepoRoot } from './repo-root';

export interface PublishingServerProcess {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  pid: number;
  /** The server's peak resident set so far in MiB (Linux /proc), or NaN where that is not readable. */
  peakRssMiB(): number;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const LISTENING = /listening on (http:\/\/\S+)/;

function peakRssMiB(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
    return line ? Number(line[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Starts the publishing server (`apps/publishing-server/src/main.ts`, as `npm run serve` does)
 * over `home` on an ephemeral loopback port, in its own process, and resolves once it prints
 * the address it listens on.
 */
export function startPublishingServer(home: string, timeoutMs = 60_000): Promise<PublishingServerProcess> {
  return new Promise((resolve, reject) => {
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
        resolve({ url: match[1], pid, peakRssMiB: () => peakRssMiB(pid), stop });
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
