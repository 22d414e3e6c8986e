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
};
