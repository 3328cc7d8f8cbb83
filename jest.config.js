/** Tests run on transpiled TypeScript (swc): type-checking is `npm run typecheck`, its own step. */
module.exports = {
  testEnvironment: "<rootDir>/test/support/environment.js",
  // All cores: Jest's default leaves one idle for itself, and on two cores that runs the files one at a time.
  maxWorkers: "100%",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // The 'skipped checks' reporter says which real-tool checks (cloud-init, shellcheck) did not run and why.
  reporters: ["default", "<rootDir>/test/support/skipped-reporter.js"],
};
