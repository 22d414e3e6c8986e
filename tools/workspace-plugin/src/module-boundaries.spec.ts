import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

/** Lints `code` as if it were the file at `path` (relative to the repo root), with the workspace's config. */
function lint(path: string, code: string): { errors: string[] } {
  const result = spawnSync(
    process.execPath,
    [resolve(root, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', path],
    {
      cwd: root,
      input: code,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    },
  );
  if (!result.stdout) throw new Error(`eslint printed nothing (exit ${result.status}): ${result.stderr}`);
  const [report] = JSON.parse(result.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
  return { errors: report.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message) };
}

describe('module boundaries (STYLE.md §7)', () => {
  it('forbids a model library importing a data-access library', () => {
    const { errors } = lint(
      'libs/schemas/src/boundary-probe.ts',
      "import { LocalFsObjectStore } from '@acad/storage';\nexport const probe = LocalFsObjectStore;\n",
    );
    expect(errors.join('\n')).toMatch(/type:model.*can only depend on libs tagged with "type:model"/s);
  });

  it('forbids a util library importing a feature library', () => {
    // access → quality: no dependency the other way, so the tag rule (not a cycle) is what fires.
    const { errors } = lint(
      'libs/access/src/boundary-probe.ts',
      "import { compileRules } from '@acad/quality';\nexport const probe = compileRules;\n",
    );
    expect(errors.join('\n')).toMatch(/type:util/);
  });

  it('leaves an app no way to import another app', () => {
    // Apps export no module (only their package.json), so the package name resolves to nothing…
    // (The name is a variable so that this probe is not itself read as a dependency on the app.)
    const app = '@acad/ingestion-worker';
    expect(() => require.resolve(app)).toThrow(/No "exports" main defined|not exported|Cannot find/);
    expect(require.resolve(`${app}/package.json`)).toContain('apps/ingestion-worker/package.json');
    // …and a path into its folder is a relative import across projects, which lint refuses.
    const { errors } = lint(
      'apps/acad-cli/src/boundary-probe.ts',
      "import { runCli } from '../../ingestion-worker/src/cli';\nexport const probe = runCli;\n",
    );
    expect(errors.join('\n')).toMatch(/relative/i);
  });

  it('forbids relative imports across projects', () => {
    const { errors } = lint(
      'libs/zones/src/boundary-probe.ts',
      "import { LocalFsObjectStore } from '../../storage/src/index';\nexport const probe = LocalFsObjectStore;\n",
    );
    expect(errors.join('\n')).toMatch(/relative/i);
  });

  it('allows an app to import a feature library and a feature library to import data-access', () => {
    expect(
      lint('apps/acad-cli/src/boundary-probe.ts', "import { runLandingFile } from '@acad/zones';\nexport const probe = runLandingFile;\n")
        .errors,
    ).toEqual([]);
    expect(
      lint(
        'libs/zones/src/boundary-probe.ts',
        "import { LocalFsObjectStore } from '@acad/storage';\nexport const probe = LocalFsObjectStore;\n",
      ).errors,
    ).toEqual([]);
  });
});
