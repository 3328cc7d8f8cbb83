// Jest reporter: lists the checks that were skipped because a real tool (cloud-init, shellcheck, systemd-analyze) is missing
// on this machine, says how to enable them, and ends the run with one plain summary line
// ("tests: N passed, N failed, N skipped"). Tests record skips in SKIP_LOG (see test/support/tools.ts).
const fs = require("fs");
const path = require("path");
const os = require("os");

// One file per Jest run: the main process names it, and test workers inherit the variable.
process.env.SKIPPED_CHECKS_LOG ??= path.join(os.tmpdir(), `mlflow-azure-skipped-checks-${process.pid}.log`);
const SKIP_LOG = process.env.SKIPPED_CHECKS_LOG;

class SkippedChecksReporter {
  onRunStart() {
    fs.rmSync(SKIP_LOG, { force: true });
  }
  onRunComplete(_contexts, results) {
    const lines = fs.existsSync(SKIP_LOG)
      ? [...new Set(fs.readFileSync(SKIP_LOG, "utf8").split("\n").filter(Boolean))]
      : [];
    fs.rmSync(SKIP_LOG, { force: true });
    if (lines.length > 0) {
      process.stderr.write(
        `\nSkipped checks (a tool is missing on this machine):\n${lines.map((l) => `  - ${l}`).join("\n")}\n` +
          "Enable them with: sudo apt-get install -y cloud-init shellcheck systemd (CI always installs them).\n",
      );
    }
    const { numPassedTests, numFailedTests, numPendingTests } = results;
    process.stderr.write(
      `\ntests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped\n`,
    );
  }
}

module.exports = SkippedChecksReporter;
module.exports.SKIP_LOG = SKIP_LOG;
