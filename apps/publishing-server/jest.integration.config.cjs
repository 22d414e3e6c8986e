// Integration tests (`*.int.spec.ts`): a real server and a real browser (Debian chromium).
module.exports = {
  displayName: 'publishing-server:integration',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.int.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  transformIgnorePatterns: ['/node_modules/(?!(.*/)?(cookie|content-disposition|openid-client|oauth4webapi|jose|oidc-provider)/)'],
  testTimeout: 120_000,
};
