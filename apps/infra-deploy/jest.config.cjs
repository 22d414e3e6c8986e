module.exports = {
  displayName: 'infra-deploy',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
