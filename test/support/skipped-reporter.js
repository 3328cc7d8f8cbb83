// Jest reporter: lists the checks that were skipped because a real tool (cloud-init, shellcheck, systemd-analyze, python3
// with pytest) is missing on this machine, says how to enable them, and ends the run with one plain summary line
// ("tests: N passed, N failed, N skipped"). Tests record skips in SKIP_LOG (see test/support/tools.ts).
const fs = require("fs");
const path = require("path");
const os = require("os");

// One file per Jest run: the main process names it, and test workers inherit the variable.
process.env.SKIPPED_CHECKS_LOG ??= path.join(os.tmpdir(), `mlflow-azure-skipped-checks-${process.pid}.log`);
const SKIP_LOG = process.env.SKIPPED_CHECKS_LOG;
// What the cloud-init checks need; a skip that names its own apt packages uses those instead.
const DEFAULT_PACKAGES = ["cloud-init", "shellcheck", "systemd"];

class SkippedChecksReporter {
  onRunStart() {
    fs.rmSync(SKIP_LOG, { force: true });
  }
  onRunComplete(_contexts, results) {
    // Each line: "<description> (needs '<tool>')", then optionally a tab and "apt:<packages>".
    const entries = fs.existsSync(SKIP_LOG)
      ? [...new Set(fs.readFileSync(SKIP_LOG, "utf8").split("\n").filter(Boolean))]
      : [];
    fs.rmSync(SKIP_LOG, { force: true });
    if (entries.length > 0) {
      const lines = entries.map((entry) => entry.split("\t")[0]);
      const packages = new Set(
        entries.flatMap((entry) => {
          const apt = entry.split("\t")[1];
          return apt ? apt.slice("apt:".length).split(" ") : DEFAULT_PACKAGES;
        }),
      );
      process.stderr.write(
        `\nSkipped checks (a tool is missing on this machine):\n${lines.map((l) => `  - ${l}`).join("\n")}\n` +
          `Enable them with: sudo apt-get install -y ${[...packages].join(" ")} (CI always installs them).\n`,
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
