module.exports = {
  displayName: 'publishing-server',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 60_000,
  // @fastify/static pulls in ESM-only content-disposition; compile it like cookie (see the preset).
  transformIgnorePatterns: ['/node_modules/(?!(.*/)?(cookie|content-disposition|openid-client|oauth4webapi|jose|oidc-provider)/)'],
};
