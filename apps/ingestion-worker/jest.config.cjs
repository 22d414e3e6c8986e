module.exports = {
  displayName: 'ingestion-worker',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 120_000,
  // The programs start from bundles of their sources (see jest.command-bundles.cjs).
  globalSetup: '<rootDir>/jest.command-bundles.cjs',
  globalTeardown: '<rootDir>/../../jest.bundles-teardown.cjs',
};
