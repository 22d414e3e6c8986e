// Integration tests (`*.int.spec.ts`): slower, they start worker processes and kill them.
module.exports = {
  displayName: 'ingestion-worker:integration',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.int.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  // The programs start from bundles of their sources (see jest.command-bundles.cjs).
  globalSetup: '<rootDir>/jest.command-bundles.cjs',
  globalTeardown: '<rootDir>/../../jest.bundles-teardown.cjs',
};
