module.exports = {
  displayName: 'publishing-server',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 60_000,
};
