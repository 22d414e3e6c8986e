module.exports = {
  displayName: 'sample-data',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
