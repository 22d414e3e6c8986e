import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { lintProjects } from './lint-as.test-support';
import { REPO_ROOT, copyRepository } from './repo-copy.test-support';
import { specsReaching } from './specs-reaching.test-support';

jest.setTimeout(900_000);

let copy: string;
/** Every file the generators created or updated (their CREATE/UPDATE lines), relative to the copy's root. */
const written: string[] = [];

interface Run {
  status: number | null;
  tail: string;
}

/** Runs a node script of the copy's node_modules in `cwd`; its exit code and the tail of its output for the failure message. */
function node(script: string, args: string[], cwd = copy): Run & { output: string } {
  const result = spawnSync(process.execPath, [join(copy, 'node_modules', script), ...args], {
    cwd,
    encoding: 'utf8',
    // The repository's own Nx cache: tasks whose inputs the generators leave unchanged have the same hash
    // as in the repository and are restored instead of run again.
    env: {
      ...process.env,
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_INTERACTIVE: 'false',
      CI: 'true',
      NX_CACHE_DIRECTORY: join(REPO_ROOT, '.nx', 'cache'),
      // Nx's plugins (typescript, jest, eslint) build the same project graph in Nx's own process instead of in a
      // worker process each: each nx command here (and the `nx sync` each generator runs) starts fewer Nodes.
      NX_ISOLATE_PLUGINS: 'false',
    },
  });
  const output = `${result.stdout}\n${result.stderr}`;
  return { status: result.status, tail: output.slice(-4000), output };
}

function nx(...args: string[]): Run & { output: string } {
  return node('nx/dist/bin/nx.js', args);
}

/** Runs a generator and records the files it wrote. */
function generate(...args: string[]): Run {
  const run = nx('g', ...args, '--no-interactive');
  for (const [, path] of stripVTControlCharacters(run.output).matchAll(/^(?:CREATE|UPDATE) (\S+)$/gm)) written.push(path);
  return run;
}

/** The folder of the project (nearest project.json) that holds `path`. */
function projectOf(path: string): string {
  let dir = dirname(path);
  while (!existsSync(join(copy, dir, 'project.json'))) dir = dirname(dir);
  return dir;
}

/**
 * Lints what the generators wrote in `projects`, as their lint targets (`eslint .` in the project's folder, with
 * its config) would, all in one ESLint process: the whole folder when the generator created the project, else
 * the written sources and the project's package.json. The rest of a project needs no new lint run: no rule here
 * is type-aware (nothing sets parserOptions.project), so an unchanged file's messages depend only on its own
 * text, the config and the project graph; a new dependency edge is reported at the import that makes it, which
 * is in a written file, and an undeclared dependency at package.json (`@nx/dependency-checks`), which is linted.
 */
function lintWritten(projects: string[]): Array<{ project: string; problems: number; output: string }> {
  const targets = Object.fromEntries(
    projects.map((project) => {
      const files = written.filter((f) => projectOf(f) === project);
      const created = files.includes(`${project}/project.json`);
      return [
        project,
        created ? ['.'] : ['package.json', ...files.filter((f) => /\.(ts|[cm]?js)$/.test(f)).map((f) => relative(project, f))],
      ];
    }),
  );
  return Object.entries(lintProjects(copy, targets)).map(([project, report]) => ({ project, ...report }));
}

/** `projects` and every project their TypeScript project references lead to: the typecheck targets' task dependencies. */
function withReferences(projects: string[]): string[] {
  const found = new Set<string>();
  const visit = (project: string) => {
    if (found.has(project)) return;
    found.add(project);
    for (const config of ['tsconfig.lib.json', 'tsconfig.spec.json'].map((name) => join(copy, project, name)).filter(existsSync)) {
      const { references = [] } = JSON.parse(readFileSync(config, 'utf8')) as { references?: Array<{ path: string }> };
      for (const { path } of references) visit(relative(copy, dirname(join(dirname(config), path))));
    }
  };
  projects.forEach(visit);
  return [...found];
}

/**
 * Type-checks `projects` and their task dependencies with one `tsc --build` of their tsconfig.json files: the
 * command each typecheck target runs, but in one process, so the projects share the parsed files (lib and
 * @types declarations, each other's outputs) instead of each parsing them again (a third of the CPU). The
 * projects' own typecheck targets, run afterwards without their task dependencies, then find them up to date.
 */
function buildTypes(projects: string[]): Run {
  return node('typescript/bin/tsc', [
    '--build',
    ...withReferences(projects).map((p) => `${p}/tsconfig.json`),
    '--emitDeclarationOnly',
    '--pretty',
    'false',
  ]);
}

const passed = (run: Run) => ({ status: run.status, tail: run.status === 0 ? '' : run.tail });

beforeAll(() => {
  copy = copyRepository();
});
afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

describe('generators on a copy of the repository', () => {
  it('dataset: generates demo_things, registered everywhere, with its Trino golden', () => {
    const run = generate('@acad/workspace-plugin:dataset', 'demo_things');
    expect(run).toMatchObject({ status: 0 });
    expect(readFileSync(join(copy, 'libs/schemas/src/datasets/registry.ts'), 'utf8')).toMatch(/DemoThingsContract,?\s*\]/);
    expect(existsSync(join(copy, 'libs/zones/src/models/demo-things-summary.trino.sql'))).toBe(true);
  });

  it('tool: generates apps/demo-tool', () => {
    expect(generate('@acad/workspace-plugin:tool', 'demo-tool')).toMatchObject({ status: 0 });
    expect(existsSync(join(copy, 'apps/demo-tool/src/main.ts'))).toBe(true);
  });

  it('lint, typecheck and test pass with no hand edits on every project the new files touch', () => {
    expect(written).toEqual(expect.arrayContaining(['libs/schemas/src/datasets/registry.ts', 'apps/demo-tool/project.json']));
    // (libs/quality has no written file: its lint cannot change.)
    const linted = ['libs/schemas', 'tools/sample-data', 'apps/demo-tool', 'libs/zones'];
    expect(lintWritten(linted)).toEqual(linted.map((project) => ({ project, problems: 0, output: '' })));
    const touched = ['libs/schemas', 'libs/quality', 'tools/sample-data', 'apps/demo-tool', 'libs/zones'];
    expect(passed(buildTypes(touched))).toEqual({ status: 0, tail: '' });
    const typecheck = nx(
      'run-many',
      '-t',
      'typecheck',
      '-p',
      'schemas,quality,sample-data,demo-tool,zones',
      '--exclude-task-dependencies',
      '--output-style=static',
    );
    expect(passed(typecheck)).toEqual({ status: 0, tail: '' });
    // Of the touched projects' specs (of libs/zones, the curated models' with their goldens), those whose run the
    // written files can change (see specsReaching); the others run as in the repository, under its test targets.
    const specs = specsReaching(
      copy,
      ['libs/schemas', 'libs/quality', 'tools/sample-data', 'apps/demo-tool', 'libs/zones/src/models'],
      written,
    );
    expect(specs).toEqual(
      expect.arrayContaining([
        'libs/schemas/src/datasets/demo-things.spec.ts',
        'libs/schemas/src/compile/sql-zod-agreement.spec.ts',
        'libs/quality/src/to-databrew.contracts.spec.ts',
        'libs/quality/src/dataset-extra-rules.spec.ts',
        'tools/sample-data/src/generate-sample-data.spec.ts',
        'apps/demo-tool/src/describe-platform.spec.ts',
        'libs/zones/src/models/curated-models.trino.spec.ts',
      ]),
    );
    // The test targets' command (`jest` with each project's config) in one process: Jest and the transformed
    // sources load once instead of once per project and per worker.
    const configs = touched.map((project) => `${project}/jest.config.cjs`);
    const jest = node('jest/bin/jest.js', ['--runInBand', '--verbose', '--projects', ...configs, '--runTestsByPath', ...specs]);
    expect(passed(jest)).toEqual({ status: 0, tail: '' });
    const report = stripVTControlCharacters(jest.output);
    expect(report).toMatch(/demo_things_summary/);
    expect(report).toContain(`Test Suites: ${specs.length} passed, ${specs.length} total`);
  });
});
