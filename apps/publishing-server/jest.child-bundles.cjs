// Jest globalSetup of the unit tests: one JavaScript bundle each of the server's child processes,
// built from the same sources (../../jest.bundles.cjs), which
// src/serving/ts-child-process.bundled.test-support.ts starts instead of going through tsx.
const { join } = require('node:path');
const { setupBundles } = require('../../jest.bundles.cjs');

module.exports = () =>
  setupBundles({
    'query-worker': join(__dirname, 'src/query/query-worker.ts'),
    'snapshot-builder': join(__dirname, 'src/serving/snapshot-builder.ts'),
  });
