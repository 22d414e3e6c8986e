// Jest's node environment, with yalps (the linear-programme solver behind the releases' protection
// and the tests' attacker) loaded in Node's own realm, where production runs it. Inside Jest's
// sandbox every global its inner loops read (Math, Number) goes through the sandbox's interceptors,
// and the same programmes take some twenty times as long. jest.yalps.cjs hands the sandbox this copy.
const { TestEnvironment } = require('jest-environment-node');

class PublishingServerEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.acadRealmYalps = require('yalps');
  }
}

module.exports = PublishingServerEnvironment;
