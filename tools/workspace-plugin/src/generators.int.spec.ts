import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, copyRepository } from './repo-copy.test-support';

jest.setTimeout(900_000);

let copy: string;

/** Runs nx in the copy; returns its exit code and the tail of its output for the failure message. */
function nx(...args: string[]): { status: number | null; tail: string } {
  const result = spawnSync(process.execPath, [join(copy, 'node_modules/nx/dist/bin/nx.js'), ...args], {
    cwd: copy,
    encoding: 'utf8',
    // The repository's own Nx cache: type-checks of libraries the generators leave unchanged (config,
    // crypto, engine, storage, …) have the same inputs, hence the same hash, as in the repository, and are
    // restored instead of compiled again. Every project the generators touch has new inputs and runs.
    env: {
      ...process.env,
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_INTERACTIVE: 'false',
      CI: 'true',
      NX_CACHE_DIRECTORY: join(REPO_ROOT, '.nx', 'cache'),
    },
  });
  return { status: result.status, tail: `${result.stdout}\n${result.stderr}`.slice(-4000) };
}

beforeAll(() => {
  copy = copyRepository();
});
afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

describe('generators on a copy of the repository', () => {
  it('dataset: generates demo_things, registered everywhere, with its Trino golden', () => {
    const run = nx('g', '@acad/workspace-plugin:dataset', 'demo_things', '--no-interactive');
    expect(run).toMatchObject({ status: 0 });
    expect(readFileSync(join(copy, 'libs/schemas/src/datasets/registry.ts'), 'utf8')).toMatch(/DemoThingsContract,?\s*\]/);
    expect(existsSync(join(copy, 'libs/zones/src/models/demo-things-summary.trino.sql'))).toBe(true);
  });

  it('tool: generates apps/demo-tool', () => {
    expect(nx('g', '@acad/workspace-plugin:tool', 'demo-tool', '--no-interactive')).toMatchObject({ status: 0 });
    expect(existsSync(join(copy, 'apps/demo-tool/src/main.ts'))).toBe(true);
  });

  it('lint, typecheck and test pass with no hand edits on every project the new files touch', () => {
    const projects = 'schemas,quality,sample-data,demo-tool';
    const run = nx('run-many', '-t', 'lint', 'typecheck', 'test', '-p', projects, '--output-style=static');
    expect({ status: run.status, tail: run.status === 0 ? '' : run.tail }).toEqual({ status: 0, tail: '' });
  });

  it('zones: lint, typecheck and the curated model tests (with the goldens) pass', () => {
    const checks = nx('run-many', '-t', 'lint', 'typecheck', '-p', 'zones', '--output-style=static');
    expect({ status: checks.status, tail: checks.status === 0 ? '' : checks.tail }).toEqual({ status: 0, tail: '' });
    const jest = spawnSync(
      process.execPath,
      [join(copy, 'node_modules/jest/bin/jest.js'), '-c', 'libs/zones/jest.config.cjs', '--verbose', 'src/models'],
      { cwd: copy, encoding: 'utf8' },
    );
    expect({ status: jest.status, tail: jest.status === 0 ? '' : jest.stderr.slice(-4000) }).toEqual({ status: 0, tail: '' });
    expect(jest.stderr).toMatch(/demo_things_summary/);
  });
});
