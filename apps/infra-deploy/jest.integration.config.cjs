// Integration tests (`*.int.spec.ts`): the S3 part applied to s3rver on loopback.
module.exports = {
  displayName: 'infra-deploy:integration',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.int.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
