// Jest globalSetup (unit and integration): one JavaScript bundle each of the programs these suites
// start many times, built from the same sources (../../jest.bundles.cjs); src/worker-process.test-support.ts
// starts them, unless a test asks for the start through tsx that `npm run` uses.
const { join } = require('node:path');
const { setupBundles } = require('../../jest.bundles.cjs');

const root = join(__dirname, '../..');

module.exports = () =>
  setupBundles({
    ingest: join(root, 'apps/ingestion-worker/src/main.ts'),
    acad: join(root, 'apps/acad-cli/src/main.ts'),
    sampleData: join(root, 'tools/sample-data/src/main.ts'),
    monitor: join(root, 'apps/monitoring-reporter/src/main.ts'),
  });
