/**
 * Jest with jest-light-runner (https://github.com/nicolo-ribaudo/jest-light-runner): each worker thread loads modules
 * once, with Node's own loader, and runs many test files with them. Jest's default runner gives every test file a
 * fresh module registry, and loading cdktf and the provider bindings again cost about 0.17 s per file (issue 11).
 * What that trades away (module mocks, a fresh global context per file) is unused here: a test that needs a fresh
 * module graph runs a child process (test/stacks.test.ts runs main.ts that way). `--runInBand` runs in the main thread.
 * Tests run transpiled TypeScript (tsx, registered by worker-setup.mjs); type-checking is `npm run typecheck`.
 */
module.exports = {
  runner: "jest-light-runner",
  // All cores: Jest's default leaves one idle for itself, and on two cores that runs the files one at a time.
  maxWorkers: "100%",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  setupFiles: ["<rootDir>/test/support/worker-setup.mjs"],
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // The 'skipped checks' reporter says which real-tool checks (cloud-init, shellcheck) did not run and why.
  reporters: ["default", "<rootDir>/test/support/skipped-reporter.js"],
};
