// Integration tests (`*.int.spec.ts`): a real server and a real browser (Debian chromium).
module.exports = {
  displayName: 'publishing-server:integration',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.int.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  transformIgnorePatterns: ['/node_modules/(?!(.*/)?(cookie|content-disposition)/)'],
  testTimeout: 120_000,
};
