module.exports = {
  displayName: 'monitoring-reporter',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
