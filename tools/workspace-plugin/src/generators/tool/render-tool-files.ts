import type { ToolNames } from './tool-names';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The workspace libraries the generated sources import (declared in its package.json, as lint requires). */
export const TOOL_LIBRARIES = ['@acad/config', '@acad/schemas', '@acad/zones'] as const;

/**
 * Config files of a new app, in the same shape as the existing apps (targets inferred by the nx.json plugins).
 * `tslibVersion`: the workspace's tslib range (TypeScript's import helpers), declared like every project's.
 */
export function renderToolConfig(n: ToolNames, tslibVersion: string): Record<string, string> {
  const src = { '@acad/source': './src/index.ts', types: './src/index.ts', default: './src/index.ts' };
  return {
    'package.json': json({
      name: `@acad/${n.name}`,
      version: '0.0.1',
      private: true,
      main: './src/index.ts',
      types: './src/index.ts',
      exports: { './package.json': './package.json', '.': src },
      dependencies: { ...Object.fromEntries(TOOL_LIBRARIES.map((lib) => [lib, '*'])), tslib: tslibVersion },
    }),
    'project.json': json({
      name: n.name,
      $schema: '../../node_modules/nx/schemas/project-schema.json',
      sourceRoot: `apps/${n.name}/src`,
      projectType: 'application',
      tags: ['type:app', `scope:${n.name}`],
    }),
    'tsconfig.json': json({
      extends: '../../tsconfig.base.json',
      files: [],
      include: [],
      references: [{ path: './tsconfig.lib.json' }, { path: './tsconfig.spec.json' }],
    }),
    'tsconfig.lib.json': json({
      extends: '../../tsconfig.base.json',
      compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/tsconfig.lib.tsbuildinfo', types: ['node'] },
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.spec.ts', 'src/**/*.test-support.ts'],
      references: [],
    }),
    'tsconfig.spec.json': json({
      extends: '../../tsconfig.base.json',
      compilerOptions: { outDir: './out-tsc/jest', tsBuildInfoFile: './out-tsc/jest/tsconfig.spec.tsbuildinfo', types: ['jest', 'node'] },
      include: ['jest.config.cjs', 'src/**/*.spec.ts', 'src/**/*.test-support.ts'],
      references: [{ path: './tsconfig.lib.json' }],
    }),
    'jest.config.cjs': `module.exports = {\n  displayName: '${n.name}',\n  preset: '../../jest.preset.js',\n  rootDir: __dirname,\n  testTimeout: 30_000,\n};\n`,
    'eslint.config.mjs': `import baseConfig from '../../eslint.config.mjs';\n\nexport default [...baseConfig];\n`,
    'README.md': `# @acad/${n.name}\n\nA tool built on the platform libraries.\n\n\`\`\`sh\nnode --conditions=@acad/source --import tsx apps/${n.name}/src/main.ts\n\`\`\`\n`,
  };
}

/** Source files: a small function over the libraries, its spec, an index and a main that loads the settings. */
export function renderToolSource(n: ToolNames): Record<string, string> {
  return {
    'src/describe-platform.ts': `import type { Settings } from '@acad/config';
import { DATASET_CONTRACTS } from '@acad/schemas';
import { CURATED_MODELS } from '@acad/zones';

/** What the platform holds and where: a starting point for ${n.name}. */
export function describePlatform(settings: Settings): string {
  return [
    \`storage \${settings.storage} at \${settings.home}, engine \${settings.engine}\`,
    \`datasets: \${DATASET_CONTRACTS.map((c) => c.name).join(', ')}\`,
    \`curated products: \${CURATED_MODELS.map((m) => m.name).join(', ')}\`,
  ].join('\\n');
}
`,
    'src/describe-platform.spec.ts': `import { loadSettings } from '@acad/config';
import { describePlatform } from './describe-platform';

describe('describePlatform', () => {
  it('names the backends from the settings and every dataset and product', () => {
    const text = describePlatform(loadSettings({ env: { ACAD_HOME: '/tmp/acad-${n.name}', ACAD_ENGINE: 'duckdb' }, cwd: __dirname }));
    expect(text).toContain('storage local at /tmp/acad-${n.name}, engine duckdb');
    expect(text).toMatch(/datasets: .*attendance/);
    expect(text).toMatch(/curated products: .*attendance_weekly/);
  });
});
`,
    'src/index.ts': `export { describePlatform } from './describe-platform';\n`,
    'src/main.ts': `import { loadSettings } from '@acad/config';
import { describePlatform } from './describe-platform';

try {
  process.stdout.write(\`\${describePlatform(loadSettings())}\\n\`);
} catch (error) {
  process.stderr.write(\`${n.name}: \${error instanceof Error ? error.message : String(error)}\\n\`);
  // Bad configuration is bad usage (exit 2), as in every platform command.
  process.exitCode = (error as { code?: string }).code === 'CONFIG_INVALID' ? 2 : 1;
}
`,
  };
}
