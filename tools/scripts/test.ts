// `npm test`: every check the workspace has, with the two cores of a small machine kept busy.
// 1. Side by side: the format check; one type-check build of the whole workspace (it leaves each
//    project's `typecheck` target up to date); and ESLint over every project in one process.
//    One ESLint process reads each project's own eslint.config.mjs (config lookup from the linted
//    file, as `nx lint <project>` uses it) and loads its plugins and the Nx project graph once
//    instead of once per project: about 20 CPU-s instead of 58 for eighteen lint tasks. The Nx
//    rules (module boundaries, declared dependencies) read the graph Nx caches, and skip when
//    there is none, so `nx show projects` writes it first.
// 2. Nx runs each project's typecheck, test and integration targets, four at a time, which keeps both
//    cores busy through the run (the browser suites and the suites that start programs wait on them).
// A failed step is named at the end, and the exit code is not zero.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const bin = (name: string) => resolve(root, 'node_modules/.bin', name);

interface Step {
  title: string;
  command: string;
  args: string[];
  /** Its output: as it comes; when it ends (kept out of Nx's output); or only if it fails. */
  output: 'live' | 'after' | 'on-failure';
}

function run(step: Step): Promise<{ title: string; code: number }> {
  return new Promise((done) => {
    const child = spawn(step.command, step.args, { cwd: root, stdio: step.output === 'live' ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error) => {
      process.stderr.write(`${step.title}: ${error.message}\n`);
      done({ title: step.title, code: 1 });
    });
    child.on('close', (code, signal) => {
      if (step.output === 'after' || (step.output === 'on-failure' && code !== 0))
        process.stdout.write(`\n▸ ${step.title}\n${Buffer.concat(output).toString()}`);
      done({ title: step.title, code: code ?? (signal ? 1 : 0) });
    });
  });
}

/** Runs each chain's steps in turn, the chains side by side; true when every step passed. */
async function together(chains: Step[][]): Promise<boolean> {
  const results = await Promise.all(
    chains.map(async (chain) => {
      for (const step of chain) {
        const result = await run(step);
        if (result.code !== 0) return result;
      }
      return undefined;
    }),
  );
  const failed = results.filter((r) => r !== undefined);
  for (const f of failed) process.stderr.write(`\n✖ ${f.title} failed (exit ${f.code})\n`);
  return failed.length === 0;
}

async function main(): Promise<number> {
  const checked = await together([
    [{ title: 'format check (nx format:check --all)', command: bin('nx'), args: ['format:check', '--all'], output: 'after' }],
    [{ title: 'type-check build (tsc --build)', command: bin('tsc'), args: ['--build', '--emitDeclarationOnly'], output: 'after' }],
    [
      { title: 'project graph (nx show projects)', command: bin('nx'), args: ['show', 'projects'], output: 'on-failure' },
      {
        title: 'lint (eslint, every project)',
        command: bin('eslint'),
        args: ['--flag', 'v10_config_lookup_from_file', 'apps', 'libs', 'tools'],
        output: 'after',
      },
    ],
  ]);
  if (!checked) return 1;
  const tested = await together([
    [
      {
        title: 'typecheck, test and integration (nx run-many)',
        command: bin('nx'),
        args: ['run-many', '-t', 'typecheck', 'test', 'integration', '--parallel=4', '--output-style=static'],
        output: 'live',
      },
    ],
  ]);
  return tested ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
