import { execFileSync, spawnSync } from "child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import {
  DEFAULT_MLFLOW_IMAGE,
  MINIMUM_MLFLOW_VERSION,
  REQUIRED_PYTHON_PACKAGES,
  endpointOf,
  MLFLOW_PORT,
  mlflowServer,
  shellQuote,
} from "../constructs/mlflow-server";
import type { PostgresEntraLogin } from "../constructs/postgres-entra-auth";

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

const server = mlflowServer({
  image: "ghcr.io/mlflow/mlflow:v3.15.2-full",
  workers: 3,
  artifactsDestination: "wasbs://mlflow-artifacts@stmlfdevabc123.blob.core.windows.net/",
  database: LOGIN,
  publicUrls: ["https://app-mlflow-dev-abc123.azurewebsites.net/", "http://10.50.0.100:5000/"],
});

const PYTHON_SOURCES = join(__dirname, "..", "constructs", "postgres-entra-auth", "python");

/**
 * Runs the start script with fakes on PATH: `python` answers the package check and the schema probe as told, records
 * the bootstrap's arguments and PYTHONPATH, and copies what the script wrote there; `mlflow` and `sleep` print what
 * they were asked. Returns stdout, stderr and the directory the fakes wrote to.
 */
function runStartScript(options: {
  readonly schema?: "existing" | "none";
  readonly missingModules?: readonly string[];
  /** Exit status of the bootstrap (`python -m entra_postgres bootstrap`). */
  readonly bootstrapStatus?: number;
}): { status: number; stdout: string; stderr: string; recorded: string } {
  const bin = mkdtempSync(join(tmpdir(), "mlflow-start-"));
  const recorded = mkdtempSync(join(tmpdir(), "mlflow-start-recorded-"));
  const fake = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  const missing = (options.missingModules ?? []).map((m) => `*"import ${m}"*) exit 1;;`).join(" ");
  fake(
    "python",
    [
      'if [ "$1" = -m ]; then',
      `  printf '%s\\n' "$@" > "${recorded}/bootstrap-args"; printf '%s' "$PYTHONPATH" > "${recorded}/pythonpath"`,
      `  cp "$PYTHONPATH"/* "${recorded}/"; echo "[bootstrap]"; exit ${options.bootstrapStatus ?? 0}`,
      "fi",
      'case "$2" in',
      `  ${missing}`,
      `  *has_table*) printf '%s' "$3" > "${recorded}/probe-uri"; printf '%s' "$PYTHONPATH" > "${recorded}/probe-pythonpath"; echo "${options.schema ?? "none"}";;`,
      "esac",
    ].join("\n"),
  );
  fake("mlflow", 'printf "[%s]" "$@"; echo');
  fake("sleep", 'echo "slept $1"');
  const result = spawnSync("sh", ["-c", server.startScript.replace("exec mlflow", "mlflow")], {
    env: { PATH: `${bin}:${process.env.PATH}` },
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

  test("the default image is the known-good release or newer", () => {
    expect(DEFAULT_MLFLOW_IMAGE).toBe(`ghcr.io/mlflow/mlflow:v${MINIMUM_MLFLOW_VERSION}-full`);
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
