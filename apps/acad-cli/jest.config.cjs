module.exports = {
  displayName: 'acad-cli',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 60_000,
  // The end-to-end suites start the programs from bundles of their sources (see jest.command-bundles.cjs).
  globalSetup: '<rootDir>/jest.command-bundles.cjs',
  globalTeardown: '<rootDir>/../../jest.bundles-teardown.cjs',
};
