// Jest globalSetup: one JavaScript bundle each of the programs the end-to-end suites run many times
// (the CLI, the ingestion worker, the sample-data generator), built from the same sources
// (../../jest.bundles.cjs); src/commands.test-support.ts starts them, and one start per suite
// still goes through tsx as `npm run` does.
const { join } = require('node:path');
const { setupBundles } = require('../../jest.bundles.cjs');

const root = join(__dirname, '../..');

module.exports = () =>
  setupBundles({
    acad: join(root, 'apps/acad-cli/src/main.ts'),
    ingest: join(root, 'apps/ingestion-worker/src/main.ts'),
    'sample-data': join(root, 'tools/sample-data/src/main.ts'),
  });
