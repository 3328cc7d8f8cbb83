import { spawnSync } from "child_process";
import { join } from "path";
import { skipCheck } from "../support/tools";

// What signs MLflow in to PostgreSQL runs inside the MLflow container, in Python (constructs/postgres-entra-auth/
// python): its pytest suite is the proof, with fakes of azure-identity, SQLAlchemy and psycopg2, and `npm test` runs it
// so a change there cannot land untested. CI installs pytest from apt (.ci/run).
const root = join(__dirname, "../..");
const SUITE = "constructs/postgres-entra-auth/python";

/** The first interpreter with pytest: `python3` on PATH, else Debian's (where apt installs). */
function findPython(): string | undefined {
  for (const candidate of ["python3", "/usr/bin/python3"]) {
    if (spawnSync(candidate, ["-c", "import pytest"], { stdio: "ignore" }).status === 0) return candidate;
  }
  return undefined;
}

const python = findPython();
if (!python) {
  skipCheck(
    "pytest suite of the PostgreSQL Entra sign-in (constructs/postgres-entra-auth)",
    "python3 with pytest",
    ["python3-pytest"],
  );
}

(python ? test : test.skip)(
  "the Entra sign-in and database bootstrap pass their pytest suite (constructs/postgres-entra-auth/python)",
  () => {
    const result = spawnSync(python as string, ["-m", "pytest", SUITE, "-q", "-p", "no:cacheprovider"], {
      cwd: root,
      encoding: "utf8",
      // Only pytest's own plugins, and no __pycache__ left in the source tree.
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", PYTEST_DISABLE_PLUGIN_AUTOLOAD: "1" },
      timeout: 120_000,
    });
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
    // pytest exits 0 only when tests ran and all passed (5 means none were collected).
    if (result.status !== 0) {
      throw new Error(`${python} -m pytest ${SUITE} exited ${result.status ?? result.signal}:\n${output}`);
    }
    expect(output).toMatch(/\d+ passed/);
  },
  120_000,
);
