import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, lintAs, type LintMessage, type LintProbe } from './lint-as.test-support';

// A project's package.json as it is, and without a package its sources import (zod).
const ACCESS_PACKAGE = 'libs/access/package.json';
const accessPackage = JSON.parse(readFileSync(join(REPO_ROOT, ACCESS_PACKAGE), 'utf8')) as { dependencies: Record<string, string> };
const { zod: _left, ...withoutZod } = accessPackage.dependencies;

// The probes, linted together in one ESLint process (see lintAs) before the tests read their messages.
const probes = {
  declaredPackage: { path: ACCESS_PACKAGE, text: JSON.stringify(accessPackage, null, 2) },
  packageMissingZod: { path: ACCESS_PACKAGE, text: JSON.stringify({ ...accessPackage, dependencies: withoutZod }, null, 2) },
  modelImportsDataAccess: {
    path: 'libs/schemas/src/boundary-probe.ts',
    text: "import { LocalFsObjectStore } from '@acad/storage';\nexport const probe = LocalFsObjectStore;\n",
  },
  // access → quality: no dependency the other way, so the tag rule (not a cycle) is what fires.
  utilImportsFeature: {
    path: 'libs/access/src/boundary-probe.ts',
    text: "import { compileRules } from '@acad/quality';\nexport const probe = compileRules;\n",
  },
  appImportsAppByPath: {
    path: 'apps/acad-cli/src/boundary-probe.ts',
    text: "import { runCli } from '../../ingestion-worker/src/cli';\nexport const probe = runCli;\n",
  },
  relativeAcrossProjects: {
    path: 'libs/zones/src/boundary-probe.ts',
    text: "import { LocalFsObjectStore } from '../../storage/src/index';\nexport const probe = LocalFsObjectStore;\n",
  },
  appImportsFeature: {
    path: 'apps/acad-cli/src/boundary-probe.ts',
    text: "import { runLandingFile } from '@acad/zones';\nexport const probe = runLandingFile;\n",
  },
  featureImportsDataAccess: {
    path: 'libs/zones/src/boundary-probe.ts',
    text: "import { LocalFsObjectStore } from '@acad/storage';\nexport const probe = LocalFsObjectStore;\n",
  },
} satisfies Record<string, LintProbe>;

/** Each probe's messages. */
let reports: Record<keyof typeof probes, LintMessage[]>;
/** Each probe's `@nx/enforce-module-boundaries` messages. */
let errors: Record<keyof typeof probes, string[]>;

beforeAll(() => {
  const names = Object.keys(probes) as Array<keyof typeof probes>;
  const messages = lintAs(names.map((name) => probes[name]));
  reports = Object.fromEntries(names.map((name, i) => [name, messages[i]])) as typeof reports;
  errors = Object.fromEntries(
    names.map((name) => [name, reports[name].filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message)]),
  ) as typeof errors;
});

describe('declared dependencies', () => {
  it('lint refuses a package.json that leaves out a package its sources import, and accepts the real one', () => {
    const [accepted, refused] = [reports.declaredPackage, reports.packageMissingZod].map((messages) =>
      messages.filter((m) => m.ruleId === '@nx/dependency-checks').map((m) => m.message),
    );
    expect(accepted).toEqual([]);
    expect(refused.join('\n')).toMatch(/missing from "dependencies":\s+- zod/);
  });
});

describe('module boundaries (STYLE.md §7)', () => {
  it('forbids a model library importing a data-access library', () => {
    expect(errors.modelImportsDataAccess.join('\n')).toMatch(/type:model.*can only depend on libs tagged with "type:model"/s);
  });

  it('forbids a util library importing a feature library', () => {
    expect(errors.utilImportsFeature.join('\n')).toMatch(/type:util/);
  });

  it('leaves an app no way to import another app', () => {
    // Apps export no module (only their package.json), so the package name resolves to nothing…
    // (The name is a variable so that this probe is not itself read as a dependency on the app.)
    const app = '@acad/ingestion-worker';
    expect(() => require.resolve(app)).toThrow(/No "exports" main defined|not exported|Cannot find/);
    expect(require.resolve(`${app}/package.json`)).toContain('apps/ingestion-worker/package.json');
    // …and a path into its folder is a relative import across projects, which lint refuses.
    expect(errors.appImportsAppByPath.join('\n')).toMatch(/relative/i);
  });

  it('forbids relative imports across projects', () => {
    expect(errors.relativeAcrossProjects.join('\n')).toMatch(/relative/i);
  });

  it('allows an app to import a feature library and a feature library to import data-access', () => {
    expect(errors.appImportsFeature).toEqual([]);
    expect(errors.featureImportsDataAccess).toEqual([]);
  });
});
