// `playwright-core` inside the tests: the copy jest.environment.cjs loaded outside the sandbox.
module.exports = globalThis.acadRealmPlaywright;
