import { spawnSync } from "child_process";
import { readFileSync } from "fs";
import { join } from "path";
import { skipCheck } from "../support/tools";

// The MLflow auth plugin (clients/python) is Python: its own pytest suite is the proof, and `npm test`
// runs it so a change there cannot land untested. CI installs the interpreter's modules from apt (.ci/run).
const root = join(__dirname, "../..");
const APT_PACKAGES = ["python3-pytest", "python3-requests"];

/** The first interpreter that can run the suite: `python3` on PATH, else Debian's (where apt installs). */
function findPython(): string | undefined {
  for (const candidate of ["python3", "/usr/bin/python3"]) {
    const probe = spawnSync(candidate, ["-c", "import pytest, requests"], { stdio: "ignore" });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

const python = findPython();
if (!python) {
  skipCheck(
    "pytest suite of the MLflow auth plugin (clients/python)",
    "python3 with pytest and requests",
    APT_PACKAGES,
  );
}

(python ? test : test.skip)(
  "the MLflow auth plugin's pytest suite passes (clients/python)",
  () => {
    const result = spawnSync(python as string, ["-m", "pytest", "clients/python", "-q"], {
      cwd: root,
      encoding: "utf8",
      // Only pytest's own plugins: the suite uses nothing else, and whatever this machine has installed (hypothesis's
      // plugin alone takes ~0.45 s to import) neither slows it down nor changes how it runs.
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", PYTEST_DISABLE_PLUGIN_AUTOLOAD: "1" },
      timeout: 120_000,
    });
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
    // pytest exits 0 only when tests ran and all passed (5 means none were collected).
    if (result.status !== 0) {
      throw new Error(
        `${python} -m pytest clients/python exited ${result.status ?? result.signal}:\n${output}`,
      );
    }
    expect(output).toMatch(/\d+ passed/);
  },
  120_000,
);

// The docs must select the plugin by the name it registers. `entra` (0.1.x) is deprecated because MLflow may ship a
// built-in provider of that name (mlflow#24363), which would silently win: see clients/python/mlflow_entra_auth/provider.py.
test("every doc sets MLFLOW_TRACKING_AUTH to the plugin's current provider name, never the deprecated one", () => {
  const provider = readFileSync(join(root, "clients/python/mlflow_entra_auth/provider.py"), "utf8");
  const current = /^PROVIDER_NAME = "([^"]+)"$/m.exec(provider)?.[1];
  const deprecated = /^DEPRECATED_PROVIDER_NAME = "([^"]+)"$/m.exec(provider)?.[1];
  expect([current, deprecated]).toEqual(["azure-entra", "entra"]);
  const docs = ["README.md", "docs/clients.md", "clients/python/README.md"];
  const settings = docs.flatMap((doc) =>
    [
      // Instructions only (a shell export, a JSON or YAML setting at the start of a line), not prose about the old name.
      ...readFileSync(join(root, doc), "utf8").matchAll(
        /^\s*(?:export\b[^\n]*?)?"?MLFLOW_TRACKING_AUTH"?\s*[:=]\s*"?([\w-]+)/gm,
      ),
    ].map((match) => `${doc}: ${match[1]}`),
  );
  expect(settings.length).toBeGreaterThanOrEqual(4);
  expect(settings.filter((setting) => !setting.endsWith(`: ${current}`))).toEqual([]);
});
