module.exports = {
  displayName: 'storage',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  // The s3rver and multi-process tests do real I/O; allow for a busy machine.
  testTimeout: 30_000,
};
