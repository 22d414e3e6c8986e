module.exports = {
  displayName: 'acad-cli',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 60_000,
};
