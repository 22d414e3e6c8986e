import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BenchPartFailed } from './bench-errors';
import { findRepoRoot } from './repo-root';

/** What every runner reports: time of the measured work and the child's peak resident set. */
export interface Measurement {
  ms: number;
  maxRssKiB: number;
}

export interface ChildProgress {
  done: number;
  total?: number;
}

export interface SpawnOptions {
  /** Names the part in errors. */
  part: string;
  onProgress?: (progress: ChildProgress) => void;
  env?: NodeJS.ProcessEnv;
}

/** Node with the workspace's source condition and tsx, as the root scripts run it. */
export function nodeTsArgs(): string[] {
  return ['--conditions=@acad/source', '--import', 'tsx'];
}

/**
 * Runs a Node child in the repo root that speaks the runner protocol: one JSON object per
 * stdout line, `{"progress":{...}}` while it works and `{"result":{...}}` at the end.
 */
export function spawnJsonChild<T>(args: string[], options: SpawnOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeTsArgs(), ...args], {
      cwd: findRepoRoot(),
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let result: T | undefined;
    let stderr = '';
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      let message: { progress?: ChildProgress; result?: T };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        return; // a stray library print is not part of the protocol
      }
      if (message.progress) options.onProgress?.(message.progress);
      if (message.result) result = message.result;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // Keep the end: that is where the error is.
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.on('error', (error) => reject(new BenchPartFailed(options.part, error.message)));
    child.on('close', (code, signal) => {
      if (code === 0 && result !== undefined) return resolve(result);
      const how = signal ? `killed by ${signal}` : code === 0 ? 'exited without a result' : `exit code ${code}`;
      reject(new BenchPartFailed(options.part, `${how}${stderr.trim() ? `\n${stderr.trim()}` : ''}`));
    });
  });
}

/** Runs `src/runners/<runner>.ts` with `input` in its own process and returns what it measured. */
export function runMeasured<R extends object = object>(
  runner: string,
  input: object,
  options: Omit<SpawnOptions, 'part'> & { part?: string } = {},
): Promise<Measurement & R> {
  return spawnJsonChild<Measurement & R>([join(__dirname, 'runners', `${runner}.ts`), JSON.stringify(input)], {
    part: options.part ?? runner,
    ...options,
  });
}
