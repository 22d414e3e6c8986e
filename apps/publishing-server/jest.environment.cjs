// Jest's node environment, with the libraries whose inner loops are hot loaded in Node's own realm,
// where production runs them. Inside Jest's sandbox every global an inner loop reads (Math, Number,
// Array.isArray, Object.entries) goes through the sandbox's interceptors:
// - yalps, the linear-programme solver behind the releases' protection and the tests' attacker,
//   solves the same programmes some twenty times slower there;
// - playwright-core validates and serialises every protocol message (axe's source and results are
//   large ones), which took most of the browser suites' own CPU there.
// jest.yalps.cjs and jest.playwright.cjs hand the sandbox these copies: the same libraries.
const { TestEnvironment } = require('jest-environment-node');

class PublishingServerEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    // Loaded when a test first imports them (Node caches them for the environments after).
    Object.defineProperty(this.global, 'acadRealmYalps', { get: () => require('yalps') });
    Object.defineProperty(this.global, 'acadRealmPlaywright', { get: () => require('playwright-core') });
  }
}

module.exports = PublishingServerEnvironment;
