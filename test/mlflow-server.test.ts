import { execFileSync, spawnSync } from "child_process";
import { createHash } from "crypto";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import {
  AUTH_CONFIG_PATH,
  AUTHZ_SETTINGS,
  AUTHZ_ZIP_PATH,
  authzEnvironment,
  authzStartLines,
  MLFLOW_ENTRA_AUTHZ_ZIP_SHA256,
} from "../constructs/authz";
import {
  AUTH_APP_PYTHON_PACKAGES,
  DEFAULT_MLFLOW_IMAGE,
  DEFAULT_MLFLOW_VERSION,
  MINIMUM_MLFLOW_VERSION,
  MINIMUM_MLFLOW_VERSION_WITH_PERMISSIONS,
  requireMlflowVersion,
  REQUIRED_PYTHON_PACKAGES,
  endpointOf,
  MLFLOW_PORT,
  mlflowServer,
  type MlflowServerDefinition,
  type MlflowServerProps,
  shellQuote,
} from "../constructs/mlflow-server";
import type { PostgresEntraLogin } from "../constructs/postgres-entra-auth";
import { findPython } from "./support/python";
import { hasTool, skipCheck } from "./support/tools";

const HOST = "psql-mlflow-dev-abc123.postgres.database.azure.com";
const URI = `postgresql+psycopg2://id-mlflow-dev@${HOST}:5432/mlflow?sslmode=require`;
const LOGIN: PostgresEntraLogin = {
  host: HOST,
  databases: ["mlflow"],
  principal: { role: "id-mlflow-dev", clientId: "11111111-1111-1111-1111-111111111111" },
  principalObjectId: "33333333-3333-3333-3333-333333333333",
  administrator: { role: "id-mlflow-dev-dbadmin", clientId: "22222222-2222-2222-2222-222222222222" },
  legacyOwners: ["mlflowadmin"],
};

const PROPS: MlflowServerProps = {
  image: "ghcr.io/mlflow/mlflow:v3.15.2-full",
  workers: 3,
  artifactsDestination: "wasbs://mlflow-artifacts@stmlfdevabc123.blob.core.windows.net/",
  database: LOGIN,
  publicUrls: ["https://app-mlflow-dev-abc123.azurewebsites.net/", "http://10.50.0.100:5000/"],
};
const server = mlflowServer(PROPS);

const TENANT = "44444444-4444-4444-8444-444444444444";
const APP = "55555555-5555-4555-8555-555555555555";
const AUTH_URI = `postgresql+psycopg2://id-mlflow-dev@${HOST}:5432/mlflow_auth?sslmode=require`;
/** The same server with MLflow's permissions on, as the EasyAuth front door builds it. */
const withPermissions = mlflowServer({
  ...PROPS,
  permissions: {
    tenantId: TENANT,
    clientId: APP,
    identifierUri: `api://${APP}`,
    defaultPermission: "NO_PERMISSIONS",
    authDatabase: "mlflow_auth",
  },
});

const PYTHON_SOURCES = join(__dirname, "..", "constructs", "postgres-entra-auth", "python");

/**
 * Runs a start script with fakes on PATH, in the environment the host gives the process (`definition.environment`,
 * as App Service's app settings or the VM's container do): `python` answers the package check and the schema probe as
 * told, records the bootstrap's and write-config's arguments and PYTHONPATH, and copies the modules the script put
 * there; `mlflow` and `sleep` print what they were asked, and `mlflow` records the PYTHONPATH and auth settings it got.
 * The authorization package and config go to a temporary folder instead of /tmp. Returns stdout, stderr and the
 * directory the fakes wrote to.
 */
function runStartScript(options: {
  readonly definition?: MlflowServerDefinition;
  readonly schema?: "existing" | "none";
  readonly missingModules?: readonly string[];
  /** Exit status of the bootstrap (`python -m entra_postgres bootstrap`). */
  readonly bootstrapStatus?: number;
  /** Exit status of `python -m mlflow_entra_authz write-config` (2: a setting is wrong). */
  readonly writeConfigStatus?: number;
}): { status: number; stdout: string; stderr: string; recorded: string } {
  const definition = options.definition ?? server;
  const bin = mkdtempSync(join(tmpdir(), "mlflow-start-"));
  const recorded = mkdtempSync(join(tmpdir(), "mlflow-start-recorded-"));
  const fake = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  const missing = (options.missingModules ?? []).map((m) => `*"import ${m}"*) exit 1;;`).join(" ");
  const copyModules = `for d in $(printf '%s' "$PYTHONPATH" | tr : ' '); do if [ -d "$d" ]; then cp "$d"/* "${recorded}/"; fi; done`;
  fake(
    "python",
    [
      'if [ "$1" = -m ] && [ "$2" = mlflow_entra_authz ]; then',
      `  printf '%s\\n' "$@" > "${recorded}/write-config-args"; printf '%s' "$PYTHONPATH" > "${recorded}/write-config-pythonpath"`,
      `  echo "[write-config]"; exit ${options.writeConfigStatus ?? 0}`,
      "fi",
      'if [ "$1" = -m ]; then',
      `  printf '%s\\n' "$@" > "${recorded}/bootstrap-args"; printf '%s' "$PYTHONPATH" > "${recorded}/pythonpath"`,
      `  ${copyModules}; echo "[bootstrap]"; exit ${options.bootstrapStatus ?? 0}`,
      "fi",
      'case "$2" in',
      `  ${missing}`,
      `  *has_table*) printf '%s' "$3" > "${recorded}/probe-uri"; printf '%s' "$PYTHONPATH" > "${recorded}/probe-pythonpath"; echo "${options.schema ?? "none"}";;`,
      "  *secrets*) echo 0123456789abcdef;;",
      "esac",
    ].join("\n"),
  );
  fake(
    "mlflow",
    [
      `if [ "$1" = server ]; then printf '%s' "$PYTHONPATH" > "${recorded}/server-pythonpath"; printf '%s\\n' "\${MLFLOW_AUTH_CONFIG_PATH:-}" "\${MLFLOW_FLASK_SERVER_SECRET_KEY:-}" > "${recorded}/server-auth"; fi`,
      'printf "[%s]" "$@"; echo',
    ].join("\n"),
  );
  fake("sleep", 'echo "slept $1"');
  const script = definition.startScript
    .replace("exec mlflow", "mlflow")
    .split(AUTHZ_ZIP_PATH)
    .join(join(recorded, "authz.zip"))
    .split(AUTH_CONFIG_PATH)
    .join(join(recorded, "auth.ini"));
  const result = spawnSync("/bin/sh", ["-c", script], {
    env: { ...definition.environment, PATH: `${bin}:${process.env.PATH}` },
    encoding: "utf8",
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, recorded };
}

describe("the shared MLflow server definition", () => {
  test("execs the server with every flag both hosts rely on, the passwordless URI passed as one argument", () => {
    const { status, stdout } = runStartScript({ schema: "existing" });
    expect(status).toBe(0);
    const serve = stdout.trim().split("\n").pop();
    expect(serve).toBe(
      `[server][--backend-store-uri][${URI}][--host][0.0.0.0][--port][5000][--workers][3]` +
        "[--artifacts-destination][wasbs://mlflow-artifacts@stmlfdevabc123.blob.core.windows.net/]" +
        "[--allowed-hosts][app-mlflow-dev-abc123.azurewebsites.net,10.50.0.100:5000]" +
        "[--cors-allowed-origins][https://app-mlflow-dev-abc123.azurewebsites.net,http://10.50.0.100:5000]",
    );
    expect(server.port).toBe(MLFLOW_PORT);
    expect(server.backendStoreUri).toBe(URI);
  });

  test("the database is prepared as its Entra administrator first, then an existing schema is upgraded, then the server starts", () => {
    const { stdout, recorded } = runStartScript({ schema: "existing" });
    const lines = stdout.trim().split("\n");
    const bootstrap = lines.indexOf("[bootstrap]");
    const upgrade = lines.indexOf(`[db][upgrade][${URI}]`);
    const serve = lines.findIndex((l) => l.startsWith("[server]"));
    expect(bootstrap).toBeGreaterThanOrEqual(0);
    expect(bootstrap).toBeLessThan(upgrade);
    expect(upgrade).toBeLessThan(serve);
    expect(readFileSync(join(recorded, "bootstrap-args"), "utf8").trim().split("\n")).toEqual([
      "-m",
      "entra_postgres",
      "bootstrap",
      "--uri",
      URI,
      "--admin-role",
      "id-mlflow-dev-dbadmin",
      "--admin-client-id",
      "22222222-2222-2222-2222-222222222222",
      "--principal-object-id",
      "33333333-3333-3333-3333-333333333333",
      "--legacy-owner",
      "mlflowadmin",
    ]);
    expect(readFileSync(join(recorded, "probe-uri"), "utf8")).toBe(URI);
  });

  test("the Entra sign-in modules land on PYTHONPATH byte for byte, before anything connects", () => {
    const { recorded } = runStartScript({ schema: "none" });
    const pythonPath = readFileSync(join(recorded, "pythonpath"), "utf8");
    expect(pythonPath).toMatch(/^\/\S+$/);
    // The schema probe (and everything after it) runs with the same PYTHONPATH, so sitecustomize.py is imported.
    expect(readFileSync(join(recorded, "probe-pythonpath"), "utf8")).toBe(pythonPath);
    for (const name of ["entra_postgres.py", "sitecustomize.py"]) {
      expect(readFileSync(join(recorded, name), "utf8")).toBe(
        readFileSync(join(PYTHON_SOURCES, name), "utf8"),
      );
    }
    expect(
      readdirSync(recorded)
        .filter((f) => f.endsWith(".py"))
        .sort(),
    ).toEqual(["entra_postgres.py", "sitecustomize.py"]);
  });

  test("a failed bootstrap (it retried for 15 minutes) stops the script before MLflow touches the database", () => {
    const { status, stdout } = runStartScript({ schema: "existing", bootstrapStatus: 1 });
    expect(status).toBe(1);
    expect(stdout).not.toContain("[db][upgrade]");
    expect(stdout).not.toContain("[server]");
  });

  test("an empty database is left to `mlflow server`, which creates the schema (db upgrade fails there before mlflow#23752)", () => {
    const { status, stdout } = runStartScript({ schema: "none" });
    expect(status).toBe(0);
    expect(stdout).not.toContain("[db][upgrade]");
    expect(stdout).toContain("empty database, mlflow server creates the schema");
  });

  test("an image without the Blob client, azure-identity or psycopg2 stops with one line naming what is missing", () => {
    const { status, stdout, stderr } = runStartScript({
      missingModules: ["azure.storage.blob", "psycopg2"],
    });
    expect(status).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^mlflow-start: this image lacks the Python packages: azure-storage-blob psycopg2; use .*-full, 3\.15\.2 or newer$/,
      ),
    ]);
    expect(stdout).not.toContain("[bootstrap]");
    expect(stdout).not.toContain("[server]");
  });

  test("checks every package the Azure setup needs", () => {
    expect(REQUIRED_PYTHON_PACKAGES.map((p) => p.distribution)).toEqual([
      "azure-storage-blob",
      "azure-identity",
      "psycopg2",
    ]);
  });

  test("carries no secret: no password in the URI, none in the environment, no Key Vault reference", () => {
    expect(server.startScript).not.toMatch(/:\/\/[^/@\s'"]+:[^/@\s'"]+@/);
    expect(server.startScript).not.toContain("@Microsoft.KeyVault");
    expect(Object.values(server.environment).join("\n")).not.toMatch(/postgres|password|KeyVault/i);
  });

  test("stays one line, so an App Service app setting can carry it", () => {
    expect(server.startScript).not.toContain("\n");
  });

  test("contains no Terraform interpolation of its own (`${` only inside values passed in)", () => {
    const withoutTokens = server.startScript.replace(/\$\{azurerm_[^}]*\}/g, "");
    expect(withoutTokens).not.toContain("${");
  });

  test("the process runs as the MLflow identity (Blob and PostgreSQL); the server sets no client-only multipart switch", () => {
    expect(server.environment).toEqual({
      AZURE_CLIENT_ID: LOGIN.principal.clientId,
      PYTHONUNBUFFERED: "1",
    });
  });

  test("the default image is a -full release that serves here and may run MLflow's permissions", () => {
    expect(DEFAULT_MLFLOW_IMAGE).toBe(`ghcr.io/mlflow/mlflow:v${DEFAULT_MLFLOW_VERSION}-full`);
    const order = (v: string) =>
      v
        .split(".")
        .map((n) => n.padStart(4, "0"))
        .join(".");
    expect(order(DEFAULT_MLFLOW_VERSION) >= order(MINIMUM_MLFLOW_VERSION_WITH_PERMISSIONS)).toBe(true);
    expect(order(MINIMUM_MLFLOW_VERSION_WITH_PERMISSIONS) >= order(MINIMUM_MLFLOW_VERSION)).toBe(true);
    expect([MINIMUM_MLFLOW_VERSION, MINIMUM_MLFLOW_VERSION_WITH_PERMISSIONS]).toEqual(["3.15.2", "3.16.1"]);
  });

  test("the UI's own origin may make state-changing calls (MLflow 3 blocks unlisted origins, same host or not)", () => {
    expect(server.startScript).toContain(
      "--cors-allowed-origins 'https://app-mlflow-dev-abc123.azurewebsites.net,http://10.50.0.100:5000'",
    );
  });

  test("a public URL with a path is refused: MLflow serves from the root", () => {
    expect(() => endpointOf("https://mlflow.contoso.com/mlflow/")).toThrow(/scheme and host only/);
    expect(endpointOf("https://app-${TfToken[TOKEN.1]}.azurewebsites.net/")).toEqual({
      host: "app-${TfToken[TOKEN.1]}.azurewebsites.net",
      origin: "https://app-${TfToken[TOKEN.1]}.azurewebsites.net",
    });
  });

  test("refuses an empty list of public URLs (MLflow 3 would refuse every request)", () => {
    expect(() =>
      mlflowServer({
        image: "x/y:1",
        workers: 1,
        artifactsDestination: "wasbs://c@a.blob.core.windows.net/",
        database: LOGIN,
        publicUrls: [],
      }),
    ).toThrow(/publicUrls is empty/);
  });

  test("shellQuote survives embedded single quotes", () => {
    expect(execFileSync("sh", ["-c", `printf %s ${shellQuote("it's")}`], { encoding: "utf8" })).toBe("it's");
  });
});

describe("with MLflow's permissions (the EasyAuth front door's default)", () => {
  test("the server runs MLflow's auth app, with every other flag as without", () => {
    const { status, stdout } = runStartScript({ definition: withPermissions, schema: "existing" });
    expect(status).toBe(0);
    const serve = stdout.trim().split("\n").pop();
    const plain = runStartScript({ schema: "existing" }).stdout.trim().split("\n").pop() as string;
    expect(serve).toBe(
      plain.replace(`[--backend-store-uri][${URI}]`, `[--backend-store-uri][${URI}][--app-name][basic-auth]`),
    );
  });

  test("the environment carries the authorization settings, the auth database without a password, and fail-closed routes", () => {
    expect(withPermissions.environment).toEqual({
      AZURE_CLIENT_ID: LOGIN.principal.clientId,
      PYTHONUNBUFFERED: "1",
      ...authzEnvironment({
        tenantId: TENANT,
        clientId: APP,
        identifierUri: `api://${APP}`,
        defaultPermission: "NO_PERMISSIONS",
        databaseUri: AUTH_URI,
      }),
      MLFLOW_BASIC_AUTH_FAIL_CLOSED: "true",
    });
    expect(withPermissions.environment[AUTHZ_SETTINGS.databaseUri]).toBe(AUTH_URI);
    expect(withPermissions.environment[AUTHZ_SETTINGS.adminRole]).toBe("MLflow.Admin");
  });

  test("no admin password anywhere: the host writes the auth config, with a fresh random bootstrap password, at every start", () => {
    const { stdout, recorded } = runStartScript({ definition: withPermissions });
    expect(readFileSync(join(recorded, "write-config-args"), "utf8").trim().split("\n")).toEqual([
      "-m",
      "mlflow_entra_authz",
      "write-config",
      join(recorded, "auth.ini"),
    ]);
    expect(stdout.indexOf("[write-config]")).toBeLessThan(stdout.indexOf("[server]"));
    // The server gets the path of that file and a Flask key made on the host, both per start.
    expect(readFileSync(join(recorded, "server-auth"), "utf8").split("\n").slice(0, 2)).toEqual([
      join(recorded, "auth.ini"),
      "0123456789abcdef",
    ]);
    const everything = `${withPermissions.startScript}\n${JSON.stringify(withPermissions.environment)}`;
    expect(everything).not.toMatch(/admin_password|MLFLOW_AUTH_ADMIN_PASSWORD|password1234/i);
    expect(everything).not.toMatch(/:\/\/[^/@\s'"]+:[^/@\s'"]+@/);
  });

  test("the bootstrap prepares the auth database as well, on the same server for the same principal", () => {
    const { recorded } = runStartScript({ definition: withPermissions, schema: "existing" });
    const args = readFileSync(join(recorded, "bootstrap-args"), "utf8").trim().split("\n");
    expect(args.slice(0, 5)).toEqual(["-m", "entra_postgres", "bootstrap", "--uri", URI]);
    expect(args.join(" ")).toContain("--database mlflow_auth --legacy-owner mlflowadmin");
    // The tracking store stays first: it is the schema the probe and `mlflow db upgrade` look at.
    expect(readFileSync(join(recorded, "probe-uri"), "utf8")).toBe(URI);
  });

  test("PYTHONPATH keeps the Entra sign-in modules and the authorization package, for everything from the bootstrap to the server", () => {
    const { status, recorded } = runStartScript({ definition: withPermissions, schema: "existing" });
    expect(status).toBe(0);
    const zip = join(recorded, "authz.zip");
    const serverPath = readFileSync(join(recorded, "server-pythonpath"), "utf8").split(":");
    expect(serverPath).toHaveLength(2);
    expect(serverPath[0]).toBe(zip);
    // The other entry is the folder of sitecustomize.py (the database sign-in), as the bootstrap saw it.
    expect(readFileSync(join(recorded, "pythonpath"), "utf8")).toBe(serverPath.join(":"));
    expect(readFileSync(join(recorded, "write-config-pythonpath"), "utf8")).toBe(serverPath.join(":"));
    expect(readdirSync(serverPath[1]).sort()).toEqual(["entra_postgres.py", "sitecustomize.py"]);
    expect(readFileSync(join(recorded, "sitecustomize.py"), "utf8")).toBe(
      readFileSync(join(PYTHON_SOURCES, "sitecustomize.py"), "utf8"),
    );
    // The archive decoded from the environment is the package this deployment carries.
    expect(createHash("sha256").update(readFileSync(zip)).digest("hex")).toBe(MLFLOW_ENTRA_AUTHZ_ZIP_SHA256);
  });

  test("a wrong authorization setting stops the start before the database is touched", () => {
    const { status, stdout } = runStartScript({ definition: withPermissions, writeConfigStatus: 2 });
    expect(status).toBe(2);
    expect(stdout).toContain("[write-config]");
    expect(stdout).not.toContain("[bootstrap]");
    expect(stdout).not.toContain("[server]");
  });

  test("an image without Flask-WTF (the auth app's one extra package) stops with one line naming it", () => {
    const { status, stderr, stdout } = runStartScript({
      definition: withPermissions,
      missingModules: ["flask_wtf"],
    });
    expect(status).toBe(1);
    expect(stderr.trim()).toMatch(
      /^mlflow-start: this image lacks the Python packages: Flask-WTF; use ghcr\.io\/mlflow\/mlflow:v<version>-full, 3\.16\.1 or newer$/,
    );
    expect(stdout).not.toContain("[write-config]");
    expect(AUTH_APP_PYTHON_PACKAGES.map((p) => p.module)).toEqual(["flask_wtf"]);
  });

  test("without permissions nothing of the auth app is there: today's script, flags and environment", () => {
    for (const text of [server.startScript, JSON.stringify(server.environment)]) {
      expect(text).not.toMatch(
        /basic-auth|flask_wtf|mlflow_entra_authz|MLFLOW_ENTRA_AUTHZ|FAIL_CLOSED|mlflow_auth/,
      );
    }
    // What permissions add are insertions: take them out and the script without permissions is left, byte for byte.
    const removed = [
      `python -c 'import flask_wtf' 2>/dev/null || missing="$missing Flask-WTF"; `,
      `${requireMlflowVersion("3.16.1", "permissions (the auth app)")}; `,
      `${authzStartLines().join("; ")}; `,
      " '--database' 'mlflow_auth'",
      " --app-name 'basic-auth'",
    ].reduce((script, insertion) => {
      expect(script).toContain(insertion);
      return script.replace(insertion, "");
    }, withPermissions.startScript);
    // The one changed word: the release an image without the packages should move to.
    expect(removed.replace("-full, 3.16.1 or newer", "-full, 3.15.2 or newer")).toBe(server.startScript);
  });

  test("stays one line with no Terraform interpolation of its own", () => {
    expect(withPermissions.startScript).not.toContain("\n");
    expect(withPermissions.startScript).not.toContain("${");
  });

  if (!hasTool("shellcheck")) skipCheck("shellcheck of the start script with permissions", "shellcheck");
  (hasTool("shellcheck") ? test : test.skip)(
    "the start script with permissions passes shellcheck as sh",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "mlflow-start-check-"));
      const path = join(dir, "start.sh");
      writeFileSync(path, `${withPermissions.startScript}\n`);
      const result = spawnSync("shellcheck", ["--shell=sh", "--severity=style", path], { encoding: "utf8" });
      expect({ status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({
        status: 0,
        output: "",
      });
    },
  );
});

describe("the MLflow version check of the start script with permissions", () => {
  // The interpreter's own path: the image calls it `python`, so the check runs through a link of that name.
  const python = findPython(["importlib.metadata"]);
  if (!python) skipCheck("the start script's MLflow version check", "python3", ["python3"]);

  /** Runs the check as the script does, against an installed `mlflow` distribution of `version` (its metadata only). */
  function check(version: string): { status: number | null; stderr: string } {
    const dir = mkdtempSync(join(tmpdir(), "mlflow-version-"));
    mkdirSync(join(dir, `mlflow-${version}.dist-info`));
    writeFileSync(
      join(dir, `mlflow-${version}.dist-info`, "METADATA"),
      `Metadata-Version: 2.1\nName: mlflow\nVersion: ${version}\n`,
    );
    mkdirSync(join(dir, "bin"));
    symlinkSync(python as string, join(dir, "bin", "python"));
    const line = requireMlflowVersion(MINIMUM_MLFLOW_VERSION_WITH_PERMISSIONS, "permissions (the auth app)");
    expect(withPermissions.startScript).toContain(line);
    const result = spawnSync("/bin/sh", ["-eu", "-c", `${line}; echo passed`], {
      env: { PATH: `${join(dir, "bin")}:/usr/bin:/bin`, PYTHONPATH: dir },
      encoding: "utf8",
    });
    return { status: result.status, stderr: result.stderr.trim() };
  }

  (python ? test : test.skip)(
    "an image older than 3.16.1 stops the start with one line naming its version",
    () => {
      expect(check("3.15.2")).toEqual({
        status: 1,
        stderr:
          "mlflow-start: this image runs MLflow 3.15.2; permissions (the auth app) need 3.16.1 or newer",
      });
      expect(check("3.16.0").status).toBe(1);
    },
  );

  (python ? test : test.skip)(
    "3.16.1 and later releases pass, pre-releases counting as their release",
    () => {
      for (const version of ["3.16.1", "3.16.10", "4.0.0", "3.16.1rc0"]) {
        expect([version, check(version)]).toEqual([version, { status: 0, stderr: "" }]);
      }
    },
  );

  test("the plain start script (no permissions) has no version check: MLF-DEPLOY-5 and the package check suffice", () => {
    expect(server.startScript).not.toContain("importlib.metadata");
  });
});
