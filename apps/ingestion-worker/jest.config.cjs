module.exports = {
  displayName: 'ingestion-worker',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 120_000,
};
