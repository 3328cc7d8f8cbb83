import { spawnSync } from "child_process";
import { join } from "path";
import { findPython } from "../support/python";
import { skipCheck } from "../support/tools";

// The authorization function that runs inside the MLflow server (server/python) is Python: its pytest suite is the
// proof, and `npm test` runs it so a change there cannot land untested. It needs Flask and werkzeug, which every
// MLflow image has; on Debian they come from apt (python3-flask pulls in python3-werkzeug), like pytest.
const root = join(__dirname, "../..");
const APT_PACKAGES = ["python3-pytest", "python3-flask"];

const python = findPython(["pytest", "flask", "werkzeug"]);
if (!python) {
  skipCheck(
    "pytest suite of the MLflow authorization function (server/python)",
    "python3 with pytest and flask",
    APT_PACKAGES,
  );
}

(python ? test : test.skip)(
  "the MLflow authorization function's pytest suite passes (server/python)",
  () => {
    const result = spawnSync(python as string, ["-m", "pytest", "server/python", "-q"], {
      cwd: root,
      encoding: "utf8",
      // Only pytest's own plugins, as for clients/python (test/clients/python-plugin.test.ts).
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", PYTEST_DISABLE_PLUGIN_AUTOLOAD: "1" },
      timeout: 120_000,
    });
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
    // pytest exits 0 only when tests ran and all passed (5 means none were collected).
    if (result.status !== 0) {
      throw new Error(
        `${python} -m pytest server/python exited ${result.status ?? result.signal}:\n${output}`,
      );
    }
    expect(output).toMatch(/\d+ passed/);
  },
  120_000,
);
