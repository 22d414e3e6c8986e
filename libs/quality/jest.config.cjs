module.exports = {
  displayName: 'quality',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
