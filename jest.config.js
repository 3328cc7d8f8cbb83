/** Tests run on transpiled TypeScript (swc): type-checking is `npm run typecheck`, its own step. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // The 'skipped checks' reporter says which real-tool checks (cloud-init, shellcheck) did not run and why.
  reporters: ["default", "<rootDir>/test/support/skipped-reporter.js"],
};
