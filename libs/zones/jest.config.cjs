module.exports = {
  displayName: 'zones',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
