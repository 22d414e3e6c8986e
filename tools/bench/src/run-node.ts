import { spawn } from 'node:child_process';
import { BenchPartFailed } from './bench-errors';
import { nodeTsArgs } from './measure';
import { findRepoRoot } from './repo-root';

export interface RunNodeOptions {
  /** Names the part in errors. */
  part: string;
  env?: NodeJS.ProcessEnv;
}

const KEEP = 64 * 1024;

/**
 * Runs a workspace script (`apps/…/main.ts`, with the source condition and tsx, as the root
 * npm scripts do) to its end and resolves to its stdout; a non-zero exit rejects with the end of
 * stderr. For the platform's own CLIs, which a tool may run but not import.
 */
export function runNodeScript(args: string[], options: RunNodeOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeTsArgs(), ...args], {
      cwd: findRepoRoot(),
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-KEEP);
    });
    child.on('error', (error) => reject(new BenchPartFailed(options.part, error.message)));
    child.on('close', (code, signal) => {
      const out = Buffer.concat(stdout).toString('utf8');
      if (code === 0) return resolve(out);
      const how = signal ? `killed by ${signal}` : `exit code ${code}`;
      // The CLIs print their own failure summary on stdout with --json: keep its end too.
      const detail = [stderr.trim().slice(-4000), out.trim().slice(-2000)].filter(Boolean).join('\n');
      reject(new BenchPartFailed(options.part, `${how}${detail ? `\n${detail}` : ''}`));
    });
  });
}
