// Jest globalTeardown of the projects that use jest.bundles.cjs: removes the run's bundles.
module.exports = require('./jest.bundles.cjs').removeBundles;
