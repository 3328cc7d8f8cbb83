// Runs once in each test worker, before its first test file (jest.config.js `setupFiles`; jest-light-runner imports it).
import { register as registerEsm } from "tsx/esm/api";
import { register as registerCjs } from "tsx/cjs/api";

// Test files, and the repository code they import, are TypeScript: tsx transpiles them as they load
// (https://tsx.is/dev-api/register-esm, https://tsx.is/dev-api/register-cjs). The test files are CommonJS (no
// "type": "module" in package.json), so both loaders are needed: import() of the test file, require() inside it.
registerEsm();
registerCjs();

// cdktf records a stack trace for every token it creates (Error.captureStackTrace on a plain object, kept only to
// name a token's origin in a resolution error), and tsx turns source maps on, so each record would be mapped frame by
// frame: a tenth of the suite's CPU time. Records keep their first frames, unmapped; real errors (failed expectations,
// thrown messages) keep Node's source-mapped traces, with .ts lines.
const RECORDED_FRAMES = 12;
const formatError = Error.prepareStackTrace;
Error.prepareStackTrace = (error, callSites) => {
  if (error instanceof Error && formatError) return formatError(error, callSites);
  const frames = callSites.map((site) => `\n    at ${site}`);
  return error instanceof Error ? `${error}${frames.join("")}` : frames.slice(0, RECORDED_FRAMES).join("");
};
