import nx from '@nx/eslint-plugin';
import * as jsoncParser from 'jsonc-eslint-parser';

// Module boundaries (STYLE.md §7): app → feature → data-access → util → model, never upward;
// an app never imports another app (each app has its own scope).

// Adapters are chosen in one place per app (STYLE.md §2, issue 21): only an app's composition root
// reads settings or builds an AWS client; libraries receive ports, built clients and plain options.
const CONFIG_ONLY_IN_ROOTS =
  "Settings are read only by an app's composition root (compose.ts); take a port or a plain option object instead.";
const CLIENTS_ONLY_IN_ROOTS =
  "AWS clients are built only by an app's composition root (compose.ts); take the client (import type) or a port instead.";
const awsClientConstructors = {
  group: ['@aws-sdk/client-*'],
  importNamePattern: 'Client$',
  allowTypeImports: true,
  message: CLIENTS_ONLY_IN_ROOTS,
};
const COMPOSITION_ROOTS = [
  'apps/acad-cli/src/compose.ts',
  'apps/ingestion-worker/src/compose.ts',
  'apps/publishing-server/src/compose.ts',
  'apps/monitoring-reporter/src/compose.ts',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/out-tsc',
      '**/node_modules',
      '**/.acad',
      '**/tmp',
      '**/coverage',
      '**/jest.config.cjs',
      '**/jest.integration.config.cjs',
    ],
  },
  {
    files: ['**/*.ts', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util', 'type:model'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util', 'type:model'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util', 'type:model'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:model'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:model'] },
            { sourceTag: 'type:model', onlyDependOnLibsWithTags: ['type:model'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:ingestion', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ingestion'] },
            { sourceTag: 'scope:publishing', onlyDependOnLibsWithTags: ['scope:shared', 'scope:publishing'] },
            { sourceTag: 'scope:monitoring', onlyDependOnLibsWithTags: ['scope:shared', 'scope:monitoring'] },
            { sourceTag: 'scope:infra', onlyDependOnLibsWithTags: ['scope:shared', 'scope:infra'] },
            { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:shared', 'scope:cli'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tools'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Every project declares what its sources import (STYLE.md: every library declares its
    // dependencies), so a team can take a library into a tool of its own. Tests and their
    // support files may use the root's dev dependencies.
    files: ['**/package.json'],
    languageOptions: { parser: jsoncParser },
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          buildTargets: ['typecheck'],
          checkMissingDependencies: true,
          checkObsoleteDependencies: true,
          checkVersionMismatches: true,
          ignoredFiles: [
            '{projectRoot}/**/*.spec.ts',
            '{projectRoot}/**/*.test-support.ts',
            '{projectRoot}/jest.config.cjs',
            '{projectRoot}/jest.integration.config.cjs',
            '{projectRoot}/eslint.config.mjs',
          ],
        },
      ],
    },
  },
  {
    basePath: import.meta.dirname,
    files: ['libs/*/src/**/*.ts'],
    ignores: ['libs/config/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: '@acad/config', message: CONFIG_ONLY_IN_ROOTS }] }],
    },
  },
  {
    // Tests build the clients they mock; the S3 client's one configuration (createS3Client) is called by the roots.
    basePath: import.meta.dirname,
    files: ['libs/*/src/**/*.ts'],
    ignores: ['libs/config/**', '**/*.spec.ts', '**/*.test-support.ts', 'libs/storage/src/create-s3-client.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: '@acad/config', message: CONFIG_ONLY_IN_ROOTS }], patterns: [awsClientConstructors] },
      ],
    },
  },
  {
    // infra-deploy is left out while it is rewritten.
    basePath: import.meta.dirname,
    files: ['apps/{acad-cli,ingestion-worker,publishing-server,monitoring-reporter}/src/**/*.ts'],
    ignores: [...COMPOSITION_ROOTS, '**/*.spec.ts', '**/*.test-support.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          // The Settings type may travel (a command takes the settings it was given); values come from the root.
          paths: [{ name: '@acad/config', message: CONFIG_ONLY_IN_ROOTS, allowTypeImports: true }],
          patterns: [awsClientConstructors],
        },
      ],
    },
  },
];
