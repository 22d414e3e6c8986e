// Jest globalSetup of the unit tests: one JavaScript bundle each of the server's child processes
// (query worker, snapshot builder), built from the same sources with the source condition, which
// src/serving/ts-child-process.bundled.test-support.ts starts instead of going through tsx. npm
// packages stay external and load from the repository's node_modules. The bundles' folder is
// removed when the run ends (jest.child-bundles-teardown.cjs).
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { build } = require('esbuild');

// Each bundle is named after its entry: <dir>/query-worker.cjs, <dir>/snapshot-builder.cjs.
const CHILDREN = { 'query-worker': 'src/query/query-worker.ts', 'snapshot-builder': 'src/serving/snapshot-builder.ts' };

module.exports = async function buildChildBundles() {
  const dir = mkdtempSync(join(tmpdir(), 'acad-child-bundles-'));
  await build({
    entryPoints: Object.fromEntries(Object.entries(CHILDREN).map(([name, entry]) => [name, join(__dirname, entry)])),
    outdir: dir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    conditions: ['@acad/source'],
    logLevel: 'error',
    plugins: [
      {
        name: 'npm-packages-external',
        setup(plugin) {
          plugin.onResolve({ filter: /^[^./]/ }, ({ path }) => (path.startsWith('@acad/') ? undefined : { path, external: true }));
        },
      },
    ],
  });
  process.env.ACAD_TEST_CHILD_BUNDLES = dir;
};
