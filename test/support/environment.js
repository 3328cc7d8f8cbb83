// Jest's Node test environment with one change, for speed: cdktf's stack-trace records skip source mapping.
// cdktf records a full stack trace for every token it creates (Error.captureStackTrace on a plain object, kept only to
// name a token's origin in resolution errors), and Jest's formatter maps every frame of every trace through source
// maps: that was a fifth of the suite's CPU time. Real errors (failures, thrown messages) keep Jest's mapped traces;
// cdktf's records keep their first frames, unmapped, which is where a token's origin shows.
const RECORDED_FRAMES = 12;
const { TestEnvironment } = require("jest-environment-node");

class CdktfTestEnvironment extends TestEnvironment {
  async setup() {
    await super.setup();
    // Jest has just installed its source-mapping formatter for this test file (jest-runner, runTestInternal).
    const mapStackTrace = Error.prepareStackTrace;
    if (typeof mapStackTrace !== "function") return;
    Error.prepareStackTrace = (error, callSites) =>
      Object.prototype.toString.call(error) === "[object Error]"
        ? mapStackTrace(error, callSites)
        : callSites
            .slice(0, RECORDED_FRAMES)
            .map((site) => `\n    at ${site}`)
            .join("");
  }
}

module.exports = CdktfTestEnvironment;
