import { spawnSync } from "child_process";
import { createHash } from "crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import {
  AUTHZ_SETTINGS,
  AUTHZ_ZIP_CHUNK_LENGTH,
  AUTHZ_ZIP_VARIABLE,
  authzEnvironment,
  authzStartLines,
  MLFLOW_ENTRA_AUTHZ_ZIP_BASE64,
  MLFLOW_ENTRA_AUTHZ_ZIP_SHA256,
} from "../../constructs/authz";
import {
  AUTHZ_PAYLOAD_MODULE,
  authzPackageEntries,
  GENERATE_COMMAND,
  payloadModule,
} from "../../scripts/lib/authz-package";
import { readZip, writeZip } from "../../scripts/lib/zip-archive";
import { findPython } from "../support/python";
import { skipCheck } from "../support/tools";

const root = join(__dirname, "../..");
const FIX = `run \`${GENERATE_COMMAND}\` and commit ${AUTHZ_PAYLOAD_MODULE}`;
const archive = Buffer.from(MLFLOW_ENTRA_AUTHZ_ZIP_BASE64, "base64");
const sources = authzPackageEntries(root);
const ENVIRONMENT = authzEnvironment({
  tenantId: "00000000-0000-4000-8000-000000000001",
  clientId: "00000000-0000-4000-8000-000000000002",
  identifierUri: "api://00000000-0000-4000-8000-000000000002",
  defaultPermission: "NO_PERMISSIONS",
  databaseUri: "postgresql+psycopg2://id-mlflow@psql-test.postgres.database.azure.com:5432/mlflow_auth",
});

describe("the authorization package, as the generated module carries it", () => {
  test("holds exactly the package's .py files, byte for byte", () => {
    const found = readZip(archive).map(({ name, data }) => ({ name, text: data.toString("utf8") }));
    const expected = sources.map(({ name, data }) => ({ name, text: data.toString("utf8") }));
    // The names first, so a stale module says which file is new or gone.
    expect({ names: found.map((f) => f.name), fix: FIX }).toEqual({
      names: expected.map((e) => e.name),
      fix: FIX,
    });
    for (const [i, entry] of expected.entries()) {
      const stale = found[i].text !== entry.text;
      expect(stale ? `${entry.name} changed since the module was generated: ${FIX}` : "in sync").toBe(
        "in sync",
      );
    }
    expect(sources.map((s) => s.name)).toContain("mlflow_entra_authz/__init__.py");
    expect(sources.map((s) => s.name)).toContain("mlflow_entra_authz/__main__.py");
  });

  test("its SHA-256 constant is the archive's", () => {
    expect(createHash("sha256").update(archive).digest("hex")).toBe(MLFLOW_ENTRA_AUTHZ_ZIP_SHA256);
  });

  test("the module is what the generator writes for that archive (no hand edits)", () => {
    expect(readFileSync(join(root, AUTHZ_PAYLOAD_MODULE), "utf8")).toBe(payloadModule(archive));
  });

  test("the archive is reproducible: name order, one fixed timestamp, a plain file mode, the same bytes every time", () => {
    const entries = readZip(archive);
    expect(entries.map((e) => e.name)).toEqual([...entries.map((e) => e.name)].sort());
    for (const entry of entries) {
      expect([entry.dosDate, entry.dosTime]).toEqual([0x21, 0]); // 1980-01-01 00:00:00
      expect(entry.externalAttributes >>> 16).toBe(0o100644);
    }
    const shuffled = [...sources].reverse();
    expect(writeZip(shuffled).equals(writeZip(sources))).toBe(true);
  });
});

test("a Windows checkout (CRLF line endings) gives the same files, and only the package's .py files count", () => {
  const checkout = mkdtempSync(join(tmpdir(), "authz-crlf-"));
  try {
    const folder = join(checkout, "server/python/mlflow_entra_authz");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "b.py"), "x = 1\r\ny = 2\r\n");
    writeFileSync(join(folder, "a.py"), "z = 3\n");
    writeFileSync(join(folder, "notes.txt"), "not Python");
    expect(authzPackageEntries(checkout).map(({ name, data }) => [name, data.toString("utf8")])).toEqual([
      ["mlflow_entra_authz/a.py", "z = 3\n"],
      ["mlflow_entra_authz/b.py", "x = 1\ny = 2\n"],
    ]);
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
});

describe("delivery into the MLflow process", () => {
  test("the environment carries every setting the module reads at start, and the archive in pieces an app setting holds", () => {
    expect(ENVIRONMENT).toMatchObject({
      [AUTHZ_SETTINGS.tenantId]: "00000000-0000-4000-8000-000000000001",
      [AUTHZ_SETTINGS.clientId]: "00000000-0000-4000-8000-000000000002",
      [AUTHZ_SETTINGS.identifierUri]: "api://00000000-0000-4000-8000-000000000002",
      [AUTHZ_SETTINGS.adminRole]: "MLflow.Admin",
      [AUTHZ_SETTINGS.defaultPermission]: "NO_PERMISSIONS",
    });
    const pieces = Object.keys(ENVIRONMENT).filter((name) => name.startsWith(`${AUTHZ_ZIP_VARIABLE}_`));
    expect(pieces).toEqual(pieces.map((_, i) => `${AUTHZ_ZIP_VARIABLE}_${i + 1}`));
    expect(pieces.map((name) => ENVIRONMENT[name]).join("")).toBe(MLFLOW_ENTRA_AUTHZ_ZIP_BASE64);
    for (const name of pieces) expect(ENVIRONMENT[name].length).toBeLessThanOrEqual(AUTHZ_ZIP_CHUNK_LENGTH);
    // App Service on Linux is reported to cut setting names after 53 characters (MicrosoftDocs/azure-docs#71126).
    for (const name of Object.keys(ENVIRONMENT)) expect(name.length).toBeLessThanOrEqual(53);
  });

  test("the start lines are one line each, hold no Terraform template sequence, and join every piece in order", () => {
    const lines = authzStartLines();
    for (const line of lines) {
      expect(line).not.toMatch(/\n/);
      expect(line).not.toMatch(/[$%]\{/);
    }
    const pieces = Object.keys(ENVIRONMENT).filter((name) => name.startsWith(`${AUTHZ_ZIP_VARIABLE}_`));
    expect(lines[0]).toContain(`"${pieces.map((name) => `$${name}`).join("")}"`);
    expect(lines).toContain("MLFLOW_AUTH_CONFIG_PATH=/tmp/mlflow-auth.ini; export MLFLOW_AUTH_CONFIG_PATH");
  });

  test("a damaged piece stops the start with one line naming the pieces, before anything runs from it", () => {
    const work = mkdtempSync(join(tmpdir(), "authz-damaged-"));
    try {
      const [decode, check] = authzStartLines({
        zipPath: join(work, "authz.zip"),
        configPath: join(work, "auth.ini"),
      });
      const env = {
        ...ENVIRONMENT,
        [`${AUTHZ_ZIP_VARIABLE}_1`]: `AAAA${ENVIRONMENT[`${AUTHZ_ZIP_VARIABLE}_1`].slice(4)}`,
      };
      const result = spawnSync("/bin/sh", ["-eu", "-c", `${decode}; ${check}; echo reached`], {
        env: { PATH: process.env.PATH, ...env },
        encoding: "utf8",
      });
      expect(result.status).toBe(1);
      expect(result.stdout).not.toContain("reached");
      expect(result.stderr.trim()).toMatch(
        new RegExp(
          `^mlflow-start: ${AUTHZ_ZIP_VARIABLE}_1 \\+ .* do not decode to the authorization package this deployment carries \\(SHA-256 ${MLFLOW_ENTRA_AUTHZ_ZIP_SHA256}\\); redeploy$`,
        ),
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  // The module imports Flask (every MLflow image has it); here it comes from apt, as for the pytest suite.
  const python = findPython(["flask", "werkzeug"]);
  if (!python) {
    skipCheck("the authorization package run from its zip (constructs/authz)", "python3 with flask", [
      "python3-flask",
    ]);
  }
  (python ? test : test.skip)(
    "the start lines install the package from the environment alone and `python -m mlflow_entra_authz write-config` runs from the zip",
    () => {
      const work = mkdtempSync(join(tmpdir(), "authz-start-"));
      try {
        // The image's interpreter is `python`; nothing of this repository is on the path or in the working directory.
        const bin = join(work, "bin");
        mkdirSync(bin);
        const real = spawnSync(python as string, ["-c", "import sys; print(sys.executable)"], {
          encoding: "utf8",
        }).stdout.trim();
        symlinkSync(real, join(bin, "python"));
        const zipPath = join(work, "mlflow_entra_authz.zip");
        const configPath = join(work, "mlflow-auth.ini");
        const script = [
          ...authzStartLines({ zipPath, configPath }),
          `python -c 'import mlflow_entra_authz; print("imported from", mlflow_entra_authz.__file__)'`,
          'echo "config at $MLFLOW_AUTH_CONFIG_PATH"',
          'echo "secret key of ${#MLFLOW_FLASK_SERVER_SECRET_KEY} characters"',
        ].join("; ");
        const result = spawnSync("/bin/sh", ["-eu", "-c", script], {
          cwd: work,
          env: { PATH: `${bin}:${process.env.PATH}`, PYTHONDONTWRITEBYTECODE: "1", ...ENVIRONMENT },
          encoding: "utf8",
          timeout: 60_000,
        });
        const output = `${result.stdout}${result.stderr}`;
        expect({ status: result.status, output }).toEqual({ status: 0, output: expect.any(String) });
        expect(result.stdout).toContain("mlflow-entra-authz: wrote");
        expect(result.stdout).toContain(`imported from ${zipPath}/mlflow_entra_authz/__init__.py`);
        expect(result.stdout).toContain(`config at ${configPath}`);
        expect(result.stdout).toContain("secret key of 64 characters");
        const ini = readFileSync(configPath, "utf8");
        expect(ini).toMatch(/^authorization_function = mlflow_entra_authz:authorize$/m);
        expect(ini).toMatch(/^default_permission = NO_PERMISSIONS$/m);
        expect(ini).toMatch(/^database_uri = postgresql\+psycopg2:\/\/id-mlflow@psql-test/m);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
