// Integration tests (`*.int.spec.ts`): a real server and a real browser (Debian chromium).
module.exports = {
  displayName: 'publishing-server:integration',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testEnvironment: '<rootDir>/jest.environment.cjs',
  moduleNameMapper: { '^yalps$': '<rootDir>/jest.yalps.cjs', '^playwright-core$': '<rootDir>/jest.playwright.cjs' },
  testMatch: ['<rootDir>/src/**/*.int.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  transformIgnorePatterns: ['/node_modules/(?!(.*/)?(cookie|content-disposition|openid-client|oauth4webapi|jose|oidc-provider)/)'],
  testTimeout: 120_000,
  // Two suites at a time: each spends much of its time waiting on a browser, and this target is the
  // longest of `npm test`.
  maxWorkers: 2,
};
