// Jest globalTeardown of the unit tests: removes the child bundles jest.child-bundles.cjs built.
const { rmSync } = require('node:fs');

module.exports = function removeChildBundles() {
  if (process.env.ACAD_TEST_CHILD_BUNDLES) rmSync(process.env.ACAD_TEST_CHILD_BUNDLES, { recursive: true, force: true });
};
