// Integration test (`*.int.spec.ts`): runs the generators on a copy of the repository and checks the result.
module.exports = {
  displayName: 'workspace-plugin:integration',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.int.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
