import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ROLE_NAMES } from '@acad/access';
import { settingEnvNames } from '@acad/config';
import { CURATED_MODELS } from '@acad/zones';

jest.setTimeout(120_000);

const root = resolve(__dirname, '../../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** Every project folder (apps, libs, tools) that has a package.json. */
const projects = ['apps', 'libs', 'tools'].flatMap((group) =>
  readdirSync(join(root, group))
    .map((name) => join(group, name))
    .filter((dir) => existsSync(join(root, dir, 'package.json'))),
);

/** The non-test TypeScript sources of the repository (what runs in production). */
function productionSources(): string[] {
  return projects.flatMap((dir) =>
    (readdirSync(join(root, dir), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.test-support.ts') && !f.includes('node_modules'))
      .map((f) => join(root, dir, f)),
  );
}

describe('declared dependencies', () => {
  it("apps' package.json files point only at files that exist", () => {
    for (const dir of projects) {
      const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      const targets = [pkg['main'], pkg['types'], ...Object.values((pkg['bin'] as Record<string, string>) ?? {})];
      const walk = (value: unknown): void => {
        if (typeof value === 'string') targets.push(value);
        else if (value && typeof value === 'object') Object.values(value).forEach(walk);
      };
      walk(pkg['exports']);
      for (const target of targets.filter((t): t is string => typeof t === 'string')) {
        expect({ dir, target, exists: existsSync(join(root, dir, target)) }).toEqual({ dir, target, exists: true });
      }
    }
  });

  it('a tool outside the repository runs @acad/quality through the declared dependencies alone', () => {
    const tool = mkdtempSync(join(tmpdir(), 'acad-throwaway-tool-'));
    try {
      // node_modules holds only what is declared: each @acad package copied (so Node resolves its imports
      // from the tool's node_modules, not the repository's), each npm package linked to the installed one.
      const installed = new Set<string>();
      const install = (name: string) => {
        if (installed.has(name)) return;
        installed.add(name);
        const target = join(tool, 'node_modules', name);
        mkdirSync(dirname(target), { recursive: true });
        const source = join(root, 'node_modules', name);
        if (!name.startsWith('@acad/')) return symlinkSync(source, target);
        cpSync(source, target, { recursive: true, dereference: true, filter: (f) => !f.endsWith('.spec.ts') });
        const declared = (JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> })
          .dependencies;
        for (const dependency of Object.keys(declared ?? {})) install(dependency);
      };
      const dependencies = { '@acad/quality': '*', '@acad/schemas': '*' };
      Object.keys(dependencies).forEach(install);
      writeFileSync(join(tool, 'package.json'), JSON.stringify({ name: 'throwaway-tool', private: true, dependencies }, null, 2));
      writeFileSync(
        join(tool, 'main.ts'),
        [
          "import { datasetRules, toDqdl } from '@acad/quality';",
          "import { getContract } from '@acad/schemas';",
          "const dqdl = toDqdl(datasetRules(getContract('attendance')), { annotate: false });",
          'process.stdout.write(JSON.stringify({ rules: dqdl.split("\\n").filter((l) => l.trim().startsWith("Is") || l.includes(",")).length, first: dqdl.split("\\n")[0] }));',
        ].join('\n'),
      );
      const run = () =>
        spawnSync(process.execPath, ['--conditions=@acad/source', '--import', require.resolve('tsx'), 'main.ts'], {
          cwd: tool,
          encoding: 'utf8',
        });
      const ran = run();
      expect({ status: ran.status, stderr: ran.stderr }).toEqual({ status: 0, stderr: '' });
      expect(JSON.parse(ran.stdout)).toEqual({ rules: expect.any(Number), first: 'Rules = [' });
      expect((JSON.parse(ran.stdout) as { rules: number }).rules).toBeGreaterThan(3);
      // The check has teeth: take away a package @acad/quality declares and the tool no longer loads.
      rmSync(join(tool, 'node_modules', '@acad', 'engine'), { recursive: true });
      const broken = run();
      expect({ status: broken.status, stderr: broken.stderr }).toEqual({ status: 1, stderr: expect.stringContaining("'@acad/engine'") });
    } finally {
      rmSync(tool, { recursive: true, force: true });
    }
  });
});

describe('the README is true', () => {
  const settingsSection = readme.slice(readme.indexOf('## Settings'), readme.indexOf('\n## ', readme.indexOf('## Settings') + 5));

  it('lists every setting the code reads', () => {
    const read = new Set<string>(Object.values(settingEnvNames));
    for (const file of productionSources()) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/env\[['"]((?:ACAD|AWS)_[A-Z0-9_]+)['"]\]/g)) read.add(name);
    }
    const missing = [...read].filter((name) => !settingsSection.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('lists every curated product, dashboard and role', () => {
    // Dashboards are definition files; the README names each by its title.
    const definitions = join(root, 'apps/publishing-server/dashboards');
    const dashboards = readdirSync(definitions)
      .filter((f) => f.endsWith('.json'))
      .map((f) => (JSON.parse(readFileSync(join(definitions, f), 'utf8')) as { title: string }).title);
    expect(dashboards.length).toBeGreaterThanOrEqual(3);
    const missing = [
      ...CURATED_MODELS.map((m) => `\`${m.name}\``),
      ...dashboards.map((title) => `${title} dashboard`),
      ...ROLE_NAMES.map((r) => `\`${r}\``),
    ].filter((name) => !readme.includes(name));
    expect(missing).toEqual([]);
  });

  it('links only files inside the repository', () => {
    const outside = [...readme.matchAll(/\]\((\.\.\/[^)]+)\)/g)].map(([, link]) => link);
    expect(outside).toEqual([]);
    for (const [, link] of readme.matchAll(/\]\(((?:\.\/)?(?:docs|apps|libs|tools)\/[^)#]+)/g)) {
      expect({ link, exists: existsSync(join(root, link)) }).toEqual({ link, exists: true });
    }
  });
});

describe('every program', () => {
  const programs: Record<string, string> = {
    ingest: 'apps/ingestion-worker/src/main.ts',
    acad: 'apps/acad-cli/src/main.ts',
    monitor: 'apps/monitoring-reporter/src/main.ts',
    serve: 'apps/publishing-server/src/main.ts',
    deploy: 'apps/infra-deploy/src/main.ts',
    'sample-data': 'tools/sample-data/src/main.ts',
    bench: 'tools/bench/src/main.ts',
  };
  /** Runs a program with `args` against an empty lake; a program that starts work instead is killed after 20 s. */
  const run = (entry: string, args: string[]) =>
    new Promise<{ code: number | null; stdout: string }>((done) => {
      const home = mkdtempSync(join(tmpdir(), 'acad-help-'));
      const child = spawn(process.execPath, ['--conditions=@acad/source', '--import', 'tsx', entry, ...args], {
        cwd: root,
        env: { ...process.env, ACAD_HOME: home, PORT: '0' },
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        rmSync(home, { recursive: true, force: true });
        done({ code, stdout });
      });
    });

  it.each(Object.entries(programs))('%s answers --help and --version without starting', async (_name, entry) => {
    const [help, version] = await Promise.all([run(entry, ['--help']), run(entry, ['--version'])]);
    expect(help).toEqual({ code: 0, stdout: expect.stringMatching(/^Usage: /) });
    expect(version).toEqual({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n+$/) });
  });

  it('acad runs as `npx acad`, as its printed hints say', () => {
    const result = spawnSync('npx', ['--no-install', 'acad', 'token', '--help'], { cwd: root, encoding: 'utf8' });
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: expect.stringContaining('revoke') });
  });
});
