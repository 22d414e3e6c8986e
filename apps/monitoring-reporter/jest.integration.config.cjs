// Integration tests (`*.int.spec.ts`): slower, they ingest the sample data and open a real browser.
module.exports = {
  displayName: 'monitoring-reporter:integration',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.int.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 180_000,
};
