module.exports = {
  displayName: 'publishing-server',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testEnvironment: '<rootDir>/jest.environment.cjs',
  // The server's child processes start from bundles of their sources (see jest.child-bundles.cjs).
  globalSetup: '<rootDir>/jest.child-bundles.cjs',
  globalTeardown: '<rootDir>/../../jest.bundles-teardown.cjs',
  moduleNameMapper: {
    '^yalps$': '<rootDir>/jest.yalps.cjs',
    '^playwright-core$': '<rootDir>/jest.playwright.cjs',
    '(^|/)ts-child-process$': '<rootDir>/src/serving/ts-child-process.bundled.test-support.ts',
  },
  testTimeout: 60_000,
  // @fastify/static pulls in ESM-only content-disposition; compile it like cookie (see the preset).
  transformIgnorePatterns: ['/node_modules/(?!(.*/)?(cookie|content-disposition|openid-client|oauth4webapi|jose|oidc-provider)/)'],
};
