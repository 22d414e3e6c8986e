module.exports = {
  displayName: 'publishing-server',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testEnvironment: '<rootDir>/jest.environment.cjs',
  moduleNameMapper: { '^yalps$': '<rootDir>/jest.yalps.cjs', '^playwright-core$': '<rootDir>/jest.playwright.cjs' },
  testTimeout: 60_000,
  // @fastify/static pulls in ESM-only content-disposition; compile it like cookie (see the preset).
  transformIgnorePatterns: ['/node_modules/(?!(.*/)?(cookie|content-disposition|openid-client|oauth4webapi|jose|oidc-provider)/)'],
};
